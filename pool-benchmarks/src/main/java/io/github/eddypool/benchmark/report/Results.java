package io.github.eddypool.benchmark.report;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** All results of a run, looked up by benchmark, pool and thread count. A later file's entry wins. */
public final class Results {

    /** Report order: Eddy first, then HikariCP (the reference), the other pools, the baselines. */
    public static final List<String> ORDER = List.of("eddy", "hikari", "dbcp2", "tomcat", "vibur", "agroal", "c3p0",
            "nopool", "direct", "fifo");

    public static final String REFERENCE = "hikari";

    private final Map<String, JmhResult> byKey = new LinkedHashMap<>();
    /** The same results keyed by mode too, for benchmarks run in more than one mode. */
    private final Map<String, JmhResult> byModeKey = new LinkedHashMap<>();

    public Results(List<JmhResult> results) {
        for (JmhResult r : results) {
            byKey.put(key(r.benchmark(), r.pool(), r.threads()), r);
            byModeKey.put(key(r.benchmark() + "|" + r.mode(), r.pool(), r.threads()), r);
        }
    }

    /**
     * Reads every {@code jmh-*.json} in the folder. The passes of one suite ({@code jmh-NAME-passN.json})
     * are joined into one result per trial ({@link PassMerge}); suites are read in name order, so a
     * partial re-run ({@code jmh-NAME-only-POOLS.json}) comes after the complete run and its entries win.
     */
    public static Results readDirectory(Path dir) throws IOException {
        Map<String, List<JsonObject>> bySuite = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json")).sorted().collect(Collectors.toList())) {
                String suite = f.getFileName().toString().replaceFirst("\\.json$", "").replaceFirst("-pass\\d+", "");
                bySuite.computeIfAbsent(suite, s -> new ArrayList<>()).addAll(JmhResult.readJson(f));
            }
        }
        List<JmhResult> all = new ArrayList<>();
        for (List<JsonObject> entries : bySuite.values()) {
            for (JsonObject e : PassMerge.merge(entries)) {
                all.add(JmhResult.parse(e));
            }
        }
        return new Results(all);
    }

    private static String key(String benchmark, String pool, int threads) {
        return benchmark + "|" + pool + "|" + threads;
    }

    public Optional<JmhResult> find(String benchmark, String pool, int threads) {
        return Optional.ofNullable(byKey.get(key(benchmark, pool, threads)));
    }

    /** The result in one JMH mode ({@code thrpt}, {@code sample}, ...) of a benchmark run in several. */
    public Optional<JmhResult> find(String benchmark, String mode, String pool, int threads) {
        return Optional.ofNullable(byModeKey.get(key(benchmark + "|" + mode, pool, threads)));
    }

    /** The result at any thread count (for benchmarks run at one thread count only). */
    public Optional<JmhResult> find(String benchmark, String pool) {
        return byKey.values().stream().filter(r -> r.benchmark().equals(benchmark) && r.pool().equals(pool)).findFirst();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public List<JmhResult> all() {
        return new ArrayList<>(byKey.values());
    }

    /** Thread counts a benchmark was run at, ascending. */
    public List<Integer> threads(String benchmark) {
        return byKey.values().stream().filter(r -> r.benchmark().equals(benchmark)).map(JmhResult::threads)
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.toList());
    }

    /** Pools a benchmark was run with, in {@link #ORDER} (unknown names last). */
    public List<String> pools(String benchmark) {
        return byKey.values().stream().filter(r -> r.benchmark().equals(benchmark)).map(JmhResult::pool).distinct()
                .sorted(Comparator.comparingInt(p -> ORDER.indexOf(p) < 0 ? Integer.MAX_VALUE : ORDER.indexOf(p)))
                .collect(Collectors.toList());
    }

    /** {@code value / reference value} in one mode of a benchmark run in several, or NaN. */
    public double ratioToReference(String benchmark, String mode, String pool, int threads, java.util.function.ToDoubleFunction<JmhResult> value) {
        Optional<JmhResult> r = find(benchmark, mode, pool, threads);
        Optional<JmhResult> ref = find(benchmark, mode, REFERENCE, threads);
        if (r.isEmpty() || ref.isEmpty() || value.applyAsDouble(ref.get()) == 0) {
            return Double.NaN;
        }
        return value.applyAsDouble(r.get()) / value.applyAsDouble(ref.get());
    }

    /**
     * Throughput against the reference, fork by fork: the median over forks of the pool's fork median
     * divided by the reference's fork median of the same index, or NaN. For suites run in passes
     * ({@link PassMerge}), where fork {@code k} of every pool comes from pass {@code k}, seconds to a
     * minute apart: the machine's drift over the run (these VMs drift by a third) then falls on both
     * sides of each ratio, where a ratio of the two medians over all passes keeps part of it. Falls
     * back to that ratio of medians when the two were not run with the same number of forks.
     */
    public double pairedRatioToReference(String benchmark, String mode, String pool, int threads) {
        Optional<JmhResult> r = find(benchmark, mode, pool, threads);
        Optional<JmhResult> ref = find(benchmark, mode, REFERENCE, threads);
        if (r.isEmpty() || ref.isEmpty()) {
            return Double.NaN;
        }
        List<Double> mine = r.get().forkMedians();
        List<Double> theirs = ref.get().forkMedians();
        if (mine.isEmpty() || mine.size() != theirs.size()) {
            return ratioToReference(benchmark, mode, pool, threads, JmhResult::median);
        }
        return JmhResult.medianOfRatios(mine, theirs); // a failed fork on either side leaves its pass out
    }

    /** {@code value / reference value} of the same benchmark and thread count, or NaN. */
    public double ratioToReference(String benchmark, String pool, int threads) {
        Optional<JmhResult> r = find(benchmark, pool, threads);
        Optional<JmhResult> ref = find(benchmark, REFERENCE, threads);
        if (r.isEmpty() || ref.isEmpty() || ref.get().median() == 0) {
            return Double.NaN;
        }
        return r.get().median() / ref.get().median();
    }
}
