package io.github.eddypool.benchmark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joining the passes of a suite: forks concatenated, percentiles computed again as JMH computes them. */
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
