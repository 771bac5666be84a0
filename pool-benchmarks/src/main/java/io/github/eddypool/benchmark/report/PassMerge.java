package io.github.eddypool.benchmark.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the passes of a suite that the run script splits in time ({@code jmh-NAME-pass1.json},
 * {@code jmh-NAME-pass2.json}, ...): the same trial (benchmark, mode, threads, parameters) from each
 * pass becomes one trial with the forks of all passes.
 *
 * <p>Why passes: JMH runs all forks of one pool before the next pool, so on a shared machine a few
 * busy minutes land on one pool only. Running every pool once per pass, with the passes minutes
 * apart, gives each pool forks in the same stretches of time.
 *
 * <p>Throughput forks are concatenated ({@code rawData}); sample-mode histograms too
 * ({@code rawDataHistogram}), and the percentiles are computed again over the joined histogram
 * with the estimator JMH uses (see {@link #percentile}).
 */
final class PassMerge {

    /** The percentiles JMH reports for sample mode, in its order. */
    private static final double[] PERCENTILES = {0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0};

    private PassMerge() {
    }

    /** The entries with the trials of several passes joined, in first-seen order. */
    static List<JsonObject> merge(List<JsonObject> entries) {
        Map<String, JsonObject> byTrial = new LinkedHashMap<>();
        for (JsonObject e : entries) {
            String trial = e.get("benchmark").getAsString() + "|" + e.get("mode").getAsString() + "|"
                    + e.get("threads").getAsInt() + "|" + JmhResult.paramsOf(e);
            JsonObject seen = byTrial.get(trial);
            byTrial.put(trial, seen == null ? e : join(seen, e));
        }
        return new ArrayList<>(byTrial.values());
    }

    private static JsonObject join(JsonObject a, JsonObject b) {
        JsonObject joined = a.deepCopy();
        joined.addProperty("forks", intOf(a, "forks") + intOf(b, "forks"));
        JsonObject primary = joined.getAsJsonObject("primaryMetric");
        JsonObject other = b.getAsJsonObject("primaryMetric");
        concat(primary, other, "rawData");
        if (concat(primary, other, "rawDataHistogram")) {
            primary.add("scorePercentiles", percentiles(primary.getAsJsonArray("rawDataHistogram")));
        }
        if (joined.has("secondaryMetrics") && b.has("secondaryMetrics")) {
            for (Map.Entry<String, JsonElement> m : joined.getAsJsonObject("secondaryMetrics").entrySet()) {
                JsonElement theirs = b.getAsJsonObject("secondaryMetrics").get(m.getKey());
                if (theirs != null) {
                    concat(m.getValue().getAsJsonObject(), theirs.getAsJsonObject(), "rawData");
                }
            }
        }
        return joined;
    }

    /** Appends {@code b}'s forks of the array {@code name} to {@code a}'s; false if either lacks it. */
    private static boolean concat(JsonObject a, JsonObject b, String name) {
        if (!a.has(name) || !b.has(name)) {
            return false;
        }
        a.getAsJsonArray(name).addAll(b.getAsJsonArray(name).deepCopy());
        return true;
    }

    private static int intOf(JsonObject o, String name) {
        return o.has(name) ? o.get(name).getAsInt() : 1;
    }

    /** JMH's percentile keys and values over a histogram of [fork][iteration][[value, count], ...]. */
    static JsonObject percentiles(JsonArray histogram) {
        TreeMap<Double, Long> counts = new TreeMap<>();
        for (JsonElement fork : histogram) {
            for (JsonElement iteration : fork.getAsJsonArray()) {
                for (JsonElement pair : iteration.getAsJsonArray()) {
                    JsonArray vc = pair.getAsJsonArray();
                    counts.merge(vc.get(0).getAsDouble(), vc.get(1).getAsLong(), Long::sum);
                }
            }
        }
        JsonObject out = new JsonObject();
        for (double p : PERCENTILES) {
            out.addProperty(Double.toString(p), percentile(counts, p));
        }
        return out;
    }

    /**
     * The estimator of Apache Commons Math's {@code Percentile} (JMH's too), on values with counts:
     * position {@code p (n + 1) / 100} in the sorted values, interpolated between its neighbours;
     * the smallest value below position 1, the largest from position n.
     */
    static double percentile(TreeMap<Double, Long> counts, double p) {
        long n = counts.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return Double.NaN;
        }
        double pos = p * (n + 1) / 100.0;
        if (pos < 1) {
            return counts.firstKey();
        }
        if (pos >= n) {
            return counts.lastKey();
        }
        long below = (long) Math.floor(pos); // 1-based rank of the lower neighbour
        double lower = valueAt(counts, below);
        double upper = valueAt(counts, below + 1);
        return lower + (pos - below) * (upper - lower);
    }

    /** The value at 1-based rank {@code rank} of the sorted values. */
    private static double valueAt(TreeMap<Double, Long> counts, long rank) {
        long seen = 0;
        for (Map.Entry<Double, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }
}
