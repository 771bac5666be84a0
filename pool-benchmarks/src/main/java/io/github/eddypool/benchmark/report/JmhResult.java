package io.github.eddypool.benchmark.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.eddypool.benchmark.WallClockThroughput;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of a JMH JSON result file (one benchmark method with one parameter set at one thread
 * count), reduced to what the report shows. Scores are medians over every measured iteration of every
 * fork ({@code rawData}), not JMH's mean. A throughput run profiled with
 * {@link WallClockThroughput} is read from that profiler's metric instead
 * of JMH's score: see there for why.
 *
 * @param benchmark   class and method, e.g. {@code ConnectionCycle.cycle}
 * @param mode        JMH mode: {@code thrpt}, {@code sample}, {@code ss}, {@code avgt}
 * @param threads     benchmark threads
 * @param forks       forks run
 * @param params      the @Param values, e.g. {@code pool=eddy}
 * @param unit        the primary metric's unit, e.g. {@code ops/ms}
 * @param median      median of the primary metric's raw data (for sample mode: JMH's p50)
 * @param samples     how many values the median is over (iterations x forks; for sample mode: samples)
 * @param min         smallest raw value (for sample mode: p0)
 * @param max         largest raw value (for sample mode: p100)
 * @param percentiles JMH's percentiles for sample mode (keys 50.0, 99.0, 99.9, 100.0, ...), else empty
 * @param allocNorm   median of {@code gc.alloc.rate.norm} in bytes per operation, or NaN without {@code -prof gc}
 * @param jvm         {@code jdkVersion vmName vmVersion} of the run
 * @param settings    warmup/measurement settings as JMH reports them
 * @param wallClock   whether the throughput figures are the wall-clock ones of
 *                    {@link WallClockThroughput} rather than JMH's score
 * @param forkMedians the median of each fork's iterations, in fork order (passes joined by
 *                    {@link PassMerge} keep theirs in pass order; NaN for a fork whose every
 *                    iteration failed); empty for sample mode
 */
public record JmhResult(String benchmark, String mode, int threads, int forks, Map<String, String> params, String unit,
                        double median, int samples, double min, double max, Map<String, Double> percentiles,
                        double allocNorm, String jvm, String settings, boolean wallClock, List<Double> forkMedians) {

    /** The {@code pool} parameter, or "" if the benchmark has none. */
    public String pool() {
        return params.getOrDefault("pool", "");
    }

    /** A percentile of a sample-mode result (e.g. 99.9), or NaN. */
    public double percentile(double p) {
        Double v = percentiles.get(key(p));
        return v == null ? Double.NaN : v;
    }

    private static String key(double p) {
        return Double.toString(p);
    }

    /** Reads every result of one JMH JSON file ({@code -rf json}). */
    public static List<JmhResult> read(Path file) throws IOException {
        List<JmhResult> out = new ArrayList<>();
        for (JsonObject e : readJson(file)) {
            out.add(parse(e));
        }
        return out;
    }

    /** The entries of one JMH JSON file, unparsed. */
    static List<JsonObject> readJson(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(r);
            if (!root.isJsonArray()) {
                throw new IOException(file + " is not a JMH JSON result (expected an array)");
            }
            List<JsonObject> out = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray()) {
                out.add(e.getAsJsonObject());
            }
            return out;
        }
    }

    static JmhResult parse(JsonObject o) {
        String fullName = o.get("benchmark").getAsString();
        String[] parts = fullName.split("\\.");
        String benchmark = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : fullName;
        String mode = o.get("mode").getAsString();
        if (o.has("params") && o.getAsJsonObject("params").has("db")) {
            // one benchmark method run on several databases: each database is its own series
            benchmark += "@" + o.getAsJsonObject("params").get("db").getAsString();
        }
        int threads = o.get("threads").getAsInt();
        int forks = o.has("forks") ? o.get("forks").getAsInt() : 1;
        Map<String, String> params = paramsOf(o);
        JsonObject primary = o.getAsJsonObject("primaryMetric");
        String unit = primary.get("scoreUnit").getAsString();

        Map<String, Double> percentiles = new LinkedHashMap<>();
        double median;
        double min;
        double max;
        int samples;
        List<Double> forkMedians = new ArrayList<>();
        JsonObject wall = "sample".equals(mode) ? null : secondary(o, WallClockThroughput.LABEL);
        if ("sample".equals(mode) && primary.has("scorePercentiles")) {
            for (Map.Entry<String, JsonElement> p : primary.getAsJsonObject("scorePercentiles").entrySet()) {
                percentiles.put(Double.toString(Double.parseDouble(p.getKey())), p.getValue().getAsDouble());
            }
            median = percentiles.getOrDefault("50.0", Double.NaN);
            min = percentiles.getOrDefault("0.0", Double.NaN);
            max = percentiles.getOrDefault("100.0", Double.NaN);
            samples = (int) Math.min(Integer.MAX_VALUE, countHistogram(primary));
        } else {
            JsonArray rawData = (wall != null ? wall : primary).getAsJsonArray("rawData");
            List<Double> raw = flatten(rawData);
            median = median(raw);
            if (rawData != null) {
                for (JsonElement fork : rawData) {
                    forkMedians.add(median(iterations(fork.getAsJsonArray())));
                }
            }
            min = raw.isEmpty() ? Double.NaN : Collections.min(raw);
            max = raw.isEmpty() ? Double.NaN : Collections.max(raw);
            samples = raw.size();
        }

        JsonObject allocMetric = secondary(o, "gc.alloc.rate.norm");
        double alloc = allocMetric == null ? Double.NaN : median(flatten(allocMetric.getAsJsonArray("rawData")));

        String jvm = String.join(" ", str(o, "jdkVersion"), str(o, "vmName"), str(o, "vmVersion")).trim();
        String settings;
        if ("ss".equals(mode)) {
            settings = String.format("%d fork(s), %d warmup + %d measured single shots",
                    forks, intOf(o, "warmupIterations"), intOf(o, "measurementIterations"));
        } else {
            settings = String.format("%d fork(s), %d x %s warmup, %d x %s measurement",
                    forks, intOf(o, "warmupIterations"), str(o, "warmupTime"),
                    intOf(o, "measurementIterations"), str(o, "measurementTime"));
        }
        return new JmhResult(benchmark, mode, threads, forks, Collections.unmodifiableMap(params), unit,
                median, samples, min, max, Collections.unmodifiableMap(percentiles), alloc, jvm, settings, wall != null,
                List.copyOf(forkMedians));
    }

    /** The secondary metric whose name ends with {@code label} (JMH may prefix profilers' names), or null. */
    private static JsonObject secondary(JsonObject o, String label) {
        if (o.has("secondaryMetrics")) {
            for (Map.Entry<String, JsonElement> m : o.getAsJsonObject("secondaryMetrics").entrySet()) {
                if (m.getKey().endsWith(label)) {
                    return m.getValue().getAsJsonObject();
                }
            }
        }
        return null;
    }

    /** The {@code @Param} values of an entry, sorted by name. */
    static Map<String, String> paramsOf(JsonObject o) {
        Map<String, String> params = new TreeMap<>();
        if (o.has("params")) {
            for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
                params.put(p.getKey(), p.getValue().getAsString());
            }
        }
        return params;
    }

    private static long countHistogram(JsonObject primary) {
        if (!primary.has("rawDataHistogram")) {
            return 0;
        }
        long n = 0;
        for (JsonElement fork : primary.getAsJsonArray("rawDataHistogram")) {
            for (JsonElement iteration : fork.getAsJsonArray()) {
                for (JsonElement pair : iteration.getAsJsonArray()) {
                    n += pair.getAsJsonArray().get(1).getAsLong();
                }
            }
        }
        return n;
    }

    private static String str(JsonObject o, String name) {
        return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsString() : "";
    }

    private static int intOf(JsonObject o, String name) {
        return o.has(name) ? o.get(name).getAsInt() : 0;
    }

    /** rawData is [fork][iteration]; NaN entries (failed iterations) are dropped. */
    static List<Double> flatten(JsonArray forks) {
        List<Double> values = new ArrayList<>();
        if (forks != null) {
            for (JsonElement fork : forks) {
                values.addAll(iterations(fork.getAsJsonArray()));
            }
        }
        return values;
    }

    /** One fork's iterations, without the NaN entries of failed ones. */
    private static List<Double> iterations(JsonArray fork) {
        List<Double> values = new ArrayList<>();
        for (JsonElement v : fork) {
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                double d = v.getAsDouble();
                if (!Double.isNaN(d)) {
                    values.add(d);
                }
            } else if (v.isJsonPrimitive()) {
                try {
                    double d = Double.parseDouble(v.getAsString());
                    if (!Double.isNaN(d)) {
                        values.add(d);
                    }
                } catch (NumberFormatException ignored) {
                    // "NaN" and the like
                }
            }
        }
        return values;
    }

    /** The median: the middle value, or the mean of the two middle values; NaN for no values. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /**
     * The median of {@code values[i] / baseline[i]} over the indices both have: two measurements paired
     * in time (the same pass, the same round), so that a machine drifting between pairs drifts out of
     * each ratio. A pair with a failed side (NaN) is left out; NaN for no pairs.
     */
    public static double medianOfRatios(List<Double> values, List<Double> baseline) {
        return PairedRatios.of(values, baseline).median();
    }
}
