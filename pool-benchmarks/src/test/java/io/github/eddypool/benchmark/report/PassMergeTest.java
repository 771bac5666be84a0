package io.github.eddypool.benchmark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joining the passes of a suite: forks concatenated, percentiles computed again as JMH computes them, and
 * ratios to HikariCP taken pass by pass.
 */
class PassMergeTest {

    @Test
    void percentilesOfAHistogramAreJmhsOwn() throws Exception {
        // a sample-mode result of a real run (DatabaseContention, one fork): JMH's percentiles beside its histogram
        Path json = Path.of(PassMergeTest.class.getResource("/sample-jmh-histogram.json").toURI());
        JsonObject primary = JmhResult.readJson(json).get(0).getAsJsonObject("primaryMetric");
        JsonObject jmh = primary.getAsJsonObject("scorePercentiles");
        JsonObject ours = PassMerge.percentiles(primary.getAsJsonArray("rawDataHistogram"));
        assertEquals(jmh.keySet().size(), ours.keySet().size());
        for (String p : jmh.keySet()) {
            double expected = jmh.get(p).getAsDouble();
            assertEquals(expected, ours.get(Double.toString(Double.parseDouble(p))).getAsDouble(), expected * 1e-9, "p" + p);
        }
    }

    @Test
    void thePassesOfASuiteBecomeOneTrialWithAllForks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh-db-t16-pass1.json"), "[" + throughput("eddy", "[[10.0, 12.0]]") + ","
                + throughput("hikari", "[[20.0]]") + "," + sample("eddy", "[[[[1.0, 98], [5.0, 2]]]]") + "]");
        Files.writeString(dir.resolve("jmh-db-t16-pass2.json"), "[" + throughput("eddy", "[[14.0, 16.0]]") + ","
                + sample("eddy", "[[[[1.0, 98], [9.0, 2]]]]") + "]");
        Results results = Results.readDirectory(dir);

        JmhResult eddy = results.find("DatabaseContention.selectOne", "thrpt", "eddy", 16).orElseThrow();
        assertEquals(2, eddy.forks());
        assertEquals(4, eddy.samples());
        assertEquals(13.0, eddy.median(), 1e-9, "median of 10, 12, 14, 16");
        assertEquals(1, results.find("DatabaseContention.selectOne", "thrpt", "hikari", 16).orElseThrow().forks(),
                "a trial in one pass only stays as it was");

        JmhResult latency = results.find("DatabaseContention.selectOne", "sample", "eddy", 16).orElseThrow();
        assertEquals(200, latency.samples());
        assertEquals(1.0, latency.percentile(50.0), 1e-9);
        assertEquals(9.0, latency.percentile(100.0), 1e-9, "the longest of both passes");
        // 200 values: 196 x 1, 2 x 5, 2 x 9; p99 at position 199 * 0.99 = 198.99, between the 198th (5) and 199th (9)
        assertEquals(5.0 + 0.99 * 4.0, latency.percentile(99.0), 1e-9);
    }

    @Test
    void ratiosToHikariArePairedPassByPass(@TempDir Path dir) throws Exception {
        // The machine drifting over the run: each pass has its own speed. Eddy's rates 10, 20, 30 against
        // HikariCP's 8, 25, 20 in the same passes: 1.25x, 0.8x, 1.5x, whose median is 1.25x; the ratio of the
        // two medians over all passes (20 / 20) would say 1.0x.
        int[][] passes = {{10, 8}, {20, 25}, {30, 20}};
        for (int i = 0; i < passes.length; i++) {
            Files.writeString(dir.resolve("jmh-db-t16-pass" + (i + 1) + ".json"), "[" + throughput("eddy", "[[" + passes[i][0] + ".0]]")
                    + "," + throughput("hikari", "[[" + (passes[i][1] - 1) + ".0, " + (passes[i][1] + 1) + ".0]]") + "]");
        }
        Results results = Results.readDirectory(dir);
        assertEquals(List.of(8.0, 25.0, 20.0),
                results.find("DatabaseContention.selectOne", "thrpt", "hikari", 16).orElseThrow().forkMedians(),
                "each pass's fork keeps its own median, in pass order");
        assertEquals(1.0, results.ratioToReference("DatabaseContention.selectOne", "thrpt", "eddy", 16, JmhResult::median), 1e-9);
        assertEquals(1.25, results.pairedRatioToReference("DatabaseContention.selectOne", "thrpt", "eddy", 16), 1e-9);
    }

    @Test
    void withoutTheSamePassesThePairedRatioIsTheRatioOfMedians(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh-db-t16-pass1.json"), "[" + throughput("eddy", "[[10.0]]") + ","
                + throughput("hikari", "[[8.0]]") + "]");
        Files.writeString(dir.resolve("jmh-db-t16-pass2.json"), "[" + throughput("eddy", "[[30.0]]") + "]");
        Results results = Results.readDirectory(dir);
        assertEquals(20.0 / 8.0, results.pairedRatioToReference("DatabaseContention.selectOne", "thrpt", "eddy", 16), 1e-9,
                "HikariCP ran in one pass only: nothing to pair the second with");
        assertTrue(Double.isNaN(results.pairedRatioToReference("DatabaseContention.selectOne", "thrpt", "agroal", 16)));
    }

    @Test
    void aPassWhoseForkFailedIsLeftOutOfThePairs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh-db-t16-pass1.json"), "[" + throughput("eddy", "[[10.0]]") + ","
                + throughput("hikari", "[[8.0]]") + "]");
        Files.writeString(dir.resolve("jmh-db-t16-pass2.json"), "[" + throughput("eddy", "[[\"NaN\", \"NaN\"]]") + ","
                + throughput("hikari", "[[1.0]]") + "]");
        Files.writeString(dir.resolve("jmh-db-t16-pass3.json"), "[" + throughput("eddy", "[[30.0]]") + ","
                + throughput("hikari", "[[20.0]]") + "]");
        Results results = Results.readDirectory(dir);
        assertTrue(Double.isNaN(results.find("DatabaseContention.selectOne", "thrpt", "eddy", 16).orElseThrow().forkMedians().get(1)));
        assertEquals((1.25 + 1.5) / 2, results.pairedRatioToReference("DatabaseContention.selectOne", "thrpt", "eddy", 16), 1e-9,
                "passes 1 and 3; pass 3 is not paired with HikariCP's pass 2");
    }

    @Test
    void filesThatAreNotPassesStayApartAndTheLaterWins(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh-db-t16.json"), "[" + throughput("eddy", "[[10.0]]") + "]");
        Files.writeString(dir.resolve("jmh-db-t16-only-eddy.json"), "[" + throughput("eddy", "[[30.0]]") + "]");
        JmhResult eddy = Results.readDirectory(dir).find("DatabaseContention.selectOne", "thrpt", "eddy", 16).orElseThrow();
        assertEquals(30.0, eddy.median(), 1e-9);
        assertEquals(1, eddy.forks());
    }

    private static String throughput(String pool, String rawData) {
        return entry(pool, "thrpt", "\"rawData\": " + rawData);
    }

    private static String sample(String pool, String histogram) {
        return entry(pool, "sample", "\"scorePercentiles\": {\"50.0\": 0}, \"rawDataHistogram\": " + histogram);
    }

    private static String entry(String pool, String mode, String data) {
        return "{\"benchmark\": \"io.github.eddypool.benchmark.DatabaseContention.selectOne\", \"mode\": \"" + mode + "\","
                + " \"threads\": 16, \"forks\": 1, \"params\": {\"pool\": \"" + pool + "\", \"size\": \"8\"},"
                + " \"primaryMetric\": {\"scoreUnit\": \"ops/ms\", " + data + "}}";
    }
}
