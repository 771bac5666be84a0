package io.github.eddypool.benchmark.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Ratios of two pools' measurements paired in time (the same pass, the same round), their median, and
 * how far that median can be trusted: a distribution-free confidence interval from the order statistics
 * of the ratios. On these VMs a ratio's spread is the machine's, not the pools', and nothing says it is
 * normal, so the interval assumes only that the pairs are independent: the number of ratios below the
 * true median is binomial (n, 1/2), which puts the median between the k-th smallest and the k-th
 * largest ratio with a probability that depends on n alone.
 */
public final class PairedRatios {

    /** The confidence the interval aims at; with few pairs it is the widest interval there is. */
    static final double CONFIDENCE = 0.95;

    private final List<Double> sorted;

    private PairedRatios(List<Double> ratios) {
        this.sorted = new ArrayList<>(ratios);
        Collections.sort(this.sorted);
    }

    /**
     * {@code values[i] / baseline[i]} over the indices both have; a pair with a failed side (NaN) is
     * left out.
     */
    public static PairedRatios of(List<Double> values, List<Double> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(values.size(), baseline.size()); i++) {
            double ratio = values.get(i) / baseline.get(i);
            if (!Double.isNaN(ratio)) {
                ratios.add(ratio);
            }
        }
        return new PairedRatios(ratios);
    }

    /** How many pairs there are. */
    public int count() {
        return sorted.size();
    }

    /** The median ratio; NaN without pairs. */
    public double median() {
        return JmhResult.median(sorted);
    }

    /**
     * The order statistic that bounds the interval: the largest {@code k} for which the median lies
     * between the k-th smallest and the k-th largest ratio with at least {@link #CONFIDENCE}; 1 (the
     * whole range) when even that falls short (fewer than 6 pairs).
     */
    private int boundRank() {
        int n = sorted.size();
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= CONFIDENCE) {
            k++;
        }
        return k;
    }

    /** P(k-th smallest <= median <= k-th largest) for n ratios: 1 - 2 P(Binomial(n, 1/2) < k). */
    static double coverage(int n, int k) {
        double below = 0;
        double term = Math.pow(0.5, n); // P(B = 0)
        for (int i = 0; i < k; i++) {
            below += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * below);
    }

    /** The interval's lower end; NaN without pairs. */
    public double low() {
        return sorted.isEmpty() ? Double.NaN : sorted.get(boundRank() - 1);
    }

    /** The interval's upper end; NaN without pairs. */
    public double high() {
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - boundRank());
    }

    /** The probability that the interval holds the median (at least {@link #CONFIDENCE} from 6 pairs on). */
    public double confidence() {
        return sorted.isEmpty() ? 0 : coverage(sorted.size(), boundRank());
    }

    /** What the ratios say about "the ratio is at least {@code target}": met, missed, or not settled. */
    public Verdict atLeast(double target) {
        if (sorted.isEmpty()) {
            return Verdict.NOT_SETTLED;
        }
        return low() >= target ? Verdict.MET : high() < target ? Verdict.MISSED : Verdict.NOT_SETTLED;
    }

    /** What the ratios say about "the ratio is at most {@code target}". */
    public Verdict atMost(double target) {
        if (sorted.isEmpty()) {
            return Verdict.NOT_SETTLED;
        }
        return high() <= target ? Verdict.MET : low() > target ? Verdict.MISSED : Verdict.NOT_SETTLED;
    }

    /** For a table: {@code 1.04x [0.97-1.10], 10 rounds}. */
    public String describe(String unit) {
        if (sorted.isEmpty()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx [%.2f-%.2f], %d %s", median(), low(), high(), count(), unit);
    }

    /** Where a goal stands when judged on an interval rather than a single figure. */
    public enum Verdict {
        /** The whole interval meets the goal. */
        MET,
        /** The whole interval misses it. */
        MISSED,
        /** The interval holds values either side: more rounds, or a quieter machine, would tell. */
        NOT_SETTLED;

        /** Combines two goals' verdicts: met only if both are, missed if either is. */
        Verdict and(Verdict other) {
            if (this == MISSED || other == MISSED) {
                return MISSED;
            }
            return this == MET && other == MET ? MET : NOT_SETTLED;
        }

        /** The table's "Met" column. */
        String label() {
            return switch (this) {
                case MET -> "yes";
                case MISSED -> "**no**";
                case NOT_SETTLED -> "not settled";
            };
        }
    }
}
