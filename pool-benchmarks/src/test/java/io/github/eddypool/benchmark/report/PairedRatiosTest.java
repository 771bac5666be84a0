package io.github.eddypool.benchmark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The per-round ratios' median and its distribution-free confidence interval. */
class PairedRatiosTest {

    @Test
    void coverageIsTheBinomialTailOnBothSides() {
        assertEquals(1 - 2.0 / 1024, PairedRatios.coverage(10, 1), 1e-12, "min to max of 10: all but 2 of 1,024 sign patterns");
        assertEquals(1 - 2 * 11.0 / 1024, PairedRatios.coverage(10, 2), 1e-12, "second smallest to second largest");
        assertEquals(1 - 2 * 56.0 / 1024, PairedRatios.coverage(10, 3), 1e-12);
        assertEquals(1 - 2.0 / 32, PairedRatios.coverage(5, 1), 1e-12);
    }

    @Test
    void tenRoundsGiveTheSecondSmallestToTheSecondLargest() {
        PairedRatios r = PairedRatios.of(List.of(10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0),
                List.of(10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0));
        assertEquals(10, r.count());
        assertEquals(1.45, r.median(), 1e-12);
        assertEquals(1.1, r.low(), 1e-12, "k = 2: 97.9% >= 95%, and k = 3 gives only 89%");
        assertEquals(1.8, r.high(), 1e-12);
        assertEquals(0.9785, r.confidence(), 1e-4);
        assertEquals("1.45x [1.10-1.80], 10 rounds", r.describe("rounds"));
    }

    @Test
    void pairsAreByIndexAndAFailedSideIsLeftOut() {
        PairedRatios r = PairedRatios.of(List.of(2.0, Double.NaN, 9.0, 4.0), List.of(1.0, 5.0, 3.0));
        assertEquals(2, r.count(), "the NaN pair and the fourth value without a partner are out");
        assertEquals(2.5, r.median(), 1e-12, "ratios 2 and 3");
        assertEquals(0.5, r.confidence(), 1e-12, "two ratios hold the median between them half the time");
    }

    @Test
    void aGoalIsSettledOnlyWhenTheWholeIntervalIsOnOneSide() {
        List<Double> one = List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
        PairedRatios clear = PairedRatios.of(List.of(1.15, 1.2, 1.3, 1.12, 1.25, 1.18, 1.4, 1.11), one);
        assertEquals(PairedRatios.Verdict.MET, clear.atLeast(1.1));
        assertEquals(PairedRatios.Verdict.MISSED, clear.atMost(1.0));
        PairedRatios straddles = PairedRatios.of(List.of(0.9, 1.2, 1.3, 1.12, 1.25, 1.18, 1.4, 1.11), one);
        assertEquals(1.19, straddles.median(), 1e-12);
        assertEquals(PairedRatios.Verdict.NOT_SETTLED, straddles.atLeast(1.1),
                "a median of 1.19x is not enough while the interval reaches 0.9x");
        assertEquals(PairedRatios.Verdict.MISSED, PairedRatios.of(List.of(0.8, 0.9, 0.85, 1.05, 0.95, 0.9, 0.99, 0.7), one).atLeast(1.0 + 0.06));
        assertEquals(PairedRatios.Verdict.NOT_SETTLED, PairedRatios.of(List.of(), List.of()).atLeast(1.0));
        assertEquals(PairedRatios.Verdict.MISSED, PairedRatios.Verdict.MET.and(PairedRatios.Verdict.MISSED));
        assertEquals(PairedRatios.Verdict.NOT_SETTLED, PairedRatios.Verdict.MET.and(PairedRatios.Verdict.NOT_SETTLED));
    }

    @Test
    void theIntervalHoldsTheTrueMedianAsOftenAsItClaims() {
        // Skewed ratios (log-normal) with a true median of 1.0.
        Random random = new Random(42);
        int trials = 20_000;
        int held = 0;
        double claimed = 0;
        for (int t = 0; t < trials; t++) {
            List<Double> values = new ArrayList<>();
            List<Double> ones = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                values.add(Math.exp(random.nextGaussian() * 0.3));
                ones.add(1.0);
            }
            PairedRatios r = PairedRatios.of(values, ones);
            claimed = r.confidence();
            if (r.low() <= 1.0 && 1.0 <= r.high()) {
                held++;
            }
        }
        double observed = (double) held / trials;
        assertTrue(Math.abs(observed - claimed) < 0.01, "claimed " + claimed + ", held " + observed);
    }
}
