package io.github.eddypool.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code CostPerOperation} part of {@code RESULTS.md}: CPU per operation in the benchmark JVM and
 * in the database backends, the machine's rescheduling interrupts per operation (where the run counted
 * them), the p99 of the operations that completed, and the share of threads that completed none in a
 * round (starved), from {@code cost.csv}, which the run script fills. On a busy
 * 2-core machine these say more than throughput: CPU per operation is what bounds throughput there,
 * and a pool that lets running threads barge ahead has a short p99 only because the threads it
 * starves add no samples.
 */
public final class CostReport {

    /** File name in the results folder. */
    public static final String FILE = "cost.csv";

    /** One line of {@code cost.csv}, as {@code CostPerOperation} writes it. */
    public record Row(String db, String workload, String threads, String pool, double opsPerMs, double jvmMicros,
               double backendMicros, double voluntary, double involuntary, double p99Micros, double starvedShare,
               double reschedules, String placement) {

        /** Where the benchmark and the database shared the machine's cores, as in every run before placement was recorded. */
        public static final String SHARED = "shared";

        /** Where no backend could run on a core the benchmark could ({@code pool-benchmarks/pinned-apart.sh}). */
        public static final String APART = "apart";

        /** A row measured with the database on the benchmark's cores. */
        public Row(String db, String workload, String threads, String pool, double opsPerMs, double jvmMicros,
                double backendMicros, double voluntary, double involuntary, double p99Micros, double starvedShare,
                double reschedules) {
            this(db, workload, threads, pool, opsPerMs, jvmMicros, backendMicros, voluntary, involuntary, p99Micros,
                    starvedShare, reschedules, SHARED);
        }

        /**
         * Reads a line; one written before the rescheduling interrupts were counted has NaN there, and
         * one written before the placement was recorded is {@link #SHARED}.
         */
        static Row parse(String line) {
            String[] f = line.split(",");
            return new Row(f[0], f[1], f[2], f[3], d(f[4]), d(f[5]), d(f[6]), d(f[7]), d(f[8]), d(f[9]), d(f[10]),
                    f.length > 11 ? d(f[11]) : Double.NaN, f.length > 12 ? f[12] : SHARED);
        }

        private static double d(String s) {
            return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
        }

        /** The CSV line: db, workload, threads (16, or v1000 for virtual), pool, the measures, then the placement. */
        public String line() {
            return String.join(",", db, workload, threads, pool, String.valueOf(opsPerMs), String.valueOf(jvmMicros),
                    String.valueOf(backendMicros), String.valueOf(voluntary), String.valueOf(involuntary),
                    String.valueOf(p99Micros), String.valueOf(starvedShare), String.valueOf(reschedules), placement);
        }
    }

    /** What one table row group measures: the rounds of every pool with these settings. */
    private record Case(String db, String workload, String threads, String placement) {
        static Case of(Row r) {
            return new Case(r.db(), r.workload(), r.threads(), r.placement());
        }

        boolean apart() {
            return placement.equals(Row.APART);
        }
    }

    /** Rounds per case, by pool, in the order first seen. */
    private final Map<Case, Map<String, List<Row>>> cases = new LinkedHashMap<>();

    /** When and from which commit the file was written (its {@code # } line), or null. */
    private final String measured;

    CostReport(List<Row> rows) {
        this(rows, null);
    }

    CostReport(List<Row> rows, String measured) {
        this.measured = measured;
        for (Row r : rows) {
            cases.computeIfAbsent(Case.of(r), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.pool(), k -> new ArrayList<>()).add(r);
        }
    }

    static CostReport read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        List<Row> rows = new ArrayList<>();
        String measured = null;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("# ")) {
                    measured = line.substring(2).trim();
                } else if (!line.isBlank()) {
                    rows.add(Row.parse(line.trim()));
                }
            }
        }
        return new CostReport(rows, measured);
    }

    boolean isEmpty() {
        return cases.isEmpty();
    }

    void goals(List<String[]> rows) {
        if (isEmpty()) {
            return;
        }
        StringBuilder measured = new StringBuilder();
        boolean met = true;
        for (Map.Entry<Case, Map<String, List<Row>>> c : cases.entrySet()) {
            Map<String, List<Row>> byPool = c.getValue();
            if (!byPool.containsKey("eddy")) {
                continue;
            }
            double eddy = worst(byPool.get("eddy"));
            met &= eddy == 0;
            measured.append(measured.length() > 0 ? "; " : "").append(label(c.getKey())).append(": ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, List<Row>> p : byPool.entrySet()) {
                parts.add(MarkdownReport.poolName(p.getKey()).replace("**", "") + " " + percent(worst(p.getValue())));
            }
            measured.append(String.join(", ", parts));
        }
        rows.add(new String[] {"Every thread served: no thread completes zero operations in a 5 s round under contention "
                + "(worst round; `CostPerOperation`)", measured.toString(), met ? "yes" : "**no**"});
        roundGoals(rows);
    }

    /**
     * Issue #10's real-database goals judged round by round: for each group of cases, Eddy's
     * throughput (and, where threads outnumber connections, p99) divided by HikariCP's in the same
     * round, the median of those ratios and its confidence interval ({@link PairedRatios}). A goal is
     * met when the whole interval meets it and missed when the whole interval misses it; otherwise
     * this run cannot tell, and says so.
     */
    private void roundGoals(List<String[]> rows) {
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        for (Map.Entry<Case, Map<String, List<Row>>> c : cases.entrySet()) {
            if (c.getValue().containsKey("eddy") && c.getValue().containsKey("hikari")) {
                Case k = c.getKey();
                groups.computeIfAbsent(k.workload() + "|" + k.placement() + "|" + band(k.threads()), g -> new ArrayList<>()).add(k);
            }
        }
        for (List<Case> group : groups.values()) {
            Case first = group.get(0);
            String band = band(first.threads());
            double target = band.equals(LOW) ? 1.0 : 1.1;
            String where = "PostgreSQL " + workloadName(first.workload()) + ", "
                    + group.stream().map(c -> threadsLabel(c.threads()).replace(" platform", "")).collect(java.util.stream.Collectors.joining(" and "))
                    + (band.equals(VIRTUAL) ? "" : " threads") + " over a pool of " + (band.equals(VIRTUAL) ? "16" : "8")
                    + (first.apart() ? ", database on its own core" : "");
            roundGoal(rows, where + ": throughput >= " + String.format(Locale.ROOT, "%.1f", target) + "x HikariCP, round by round (issue #10)",
                    group, Row::opsPerMs, target, true);
            if (band.equals(HIGH)) {
                roundGoal(rows, where + ": p99 <= HikariCP's, round by round (issue #10)", group, Row::p99Micros, 1.0, false);
            }
        }
    }

    private void roundGoal(List<String[]> rows, String goal, List<Case> group, java.util.function.ToDoubleFunction<Row> measure,
            double target, boolean atLeast) {
        List<String> parts = new ArrayList<>();
        PairedRatios.Verdict verdict = PairedRatios.Verdict.MET;
        for (Case c : group) {
            Map<String, List<Row>> byPool = cases.get(c);
            PairedRatios r = PairedRatios.of(values(byPool.get("eddy"), measure), values(byPool.get("hikari"), measure));
            parts.add(threadsLabel(c.threads()).replace(" platform", " threads") + " " + r.describe("rounds")
                    + String.format(Locale.ROOT, " (%.0f%%)", 100 * r.confidence()));
            verdict = verdict.and(atLeast ? r.atLeast(target) : r.atMost(target));
        }
        rows.add(new String[] {goal, String.join("; ", parts), verdict.label()});
    }

    private static final String LOW = "low";
    private static final String HIGH = "high";
    private static final String VIRTUAL = "virtual";

    /** Issue #10 sets one goal where threads do not outnumber connections and another where they do. */
    private static String band(String threads) {
        return threads.startsWith("v") ? VIRTUAL : Integer.parseInt(threads) < 16 ? LOW : HIGH;
    }

    private static String workloadName(String workload) {
        return workload.equals("selectOne") ? "`SELECT 1`" : workload.equals("readWriteTransaction") ? "read-write transaction" : "`" + workload + "`";
    }

    private static List<Double> values(List<Row> rounds, java.util.function.ToDoubleFunction<Row> measure) {
        return rounds.stream().map(r -> measure.applyAsDouble(r)).toList();
    }

    void table(StringBuilder md) {
        if (isEmpty()) {
            return;
        }
        md.append("## CPU per operation and starved threads (`CostPerOperation`), PostgreSQL\n\n");
        md.append("The same workloads as above, pools alternating within each round of 5 s (after 2 s of warm-up); ")
                .append("medians over the rounds. CPU is the benchmark JVM's (`jvm`) and the pool's PostgreSQL backends' ")
                .append("(`backend`) per completed operation: on 2 cores shared by both, that is what bounds throughput. ")
                .append("`starved` is the share of threads that completed no operation in a round (the worst round): ")
                .append("their waits are in no percentile, so a pool that starves threads shows a short p99.");
        if (measured != null) {
            md.append(" Measured ").append(measured).append(" (the cost suite run on its own).");
        }
        if (cases.keySet().stream().anyMatch(Case::apart)) {
            md.append(" Rows marked *database on its own core* ran under `pool-benchmarks/pinned-apart.sh`: every ")
                    .append("PostgreSQL process on the last core, the benchmark JVM on the others, so that a thread and its ")
                    .append("backend never share a core, as when the database has a host of its own; elsewhere the two ")
                    .append("share both cores, and where Linux wakes each of them decides much of the cost ")
                    .append("([contention notes](../docs/real-database-contention.md)).");
        }
        boolean reschedules = countedReschedules();
        if (reschedules) {
            md.append(" `IPIs` are the machine's rescheduling interrupts per operation (`RES` in `/proc/interrupts`): ")
                    .append("one core making the other run a task it woke, which on a virtual machine is a trip through ")
                    .append("the hypervisor. Most of them (`perf record` on `ipi:ipi_send_cpu`) are a backend's reply waking ")
                    .append("the thread that waits for it on the other core.");
        }
        md.append(" `x HikariCP` is the median over the rounds of the pool's ops/ms divided by HikariCP's in the same ")
                .append("round, seconds apart: the machine drifts by a third within a run, and a ratio of medians would ")
                .append("keep some of that drift.");
        md.append("\n\n| Threads | Workload | Pool | ops/ms | x HikariCP | jvm µs/op | backend µs/op |").append(reschedules ? " IPIs |" : "")
                .append(" p99 | starved |\n|---|---|---|---|---|---|---|").append(reschedules ? "---|" : "").append("---|---|\n");
        for (Map.Entry<Case, Map<String, List<Row>>> c : cases.entrySet()) {
            Case k = c.getKey();
            List<Row> hikari = c.getValue().get("hikari");
            for (Map.Entry<String, List<Row>> p : c.getValue().entrySet()) {
                List<Row> rs = p.getValue();
                double ratio = p.getKey().equals("hikari") ? Double.NaN : roundRatio(rs, hikari);
                md.append("| ").append(threadsLabel(k.threads()))
                        .append(k.apart() ? ", *database on its own core*" : "").append(" | `").append(k.workload()).append("` | ")
                        .append(MarkdownReport.poolName(p.getKey())).append(" | ")
                        .append(MarkdownReport.fmt(median(rs, Row::opsPerMs))).append(" | ")
                        .append(Double.isNaN(ratio) ? "-" : MarkdownReport.fmt(ratio) + "x").append(" | ")
                        .append(MarkdownReport.fmt(median(rs, Row::jvmMicros))).append(" | ")
                        .append(MarkdownReport.fmt(median(rs, Row::backendMicros))).append(" | ")
                        .append(reschedules ? MarkdownReport.fmt(median(rs, Row::reschedules)) + " | " : "")
                        .append(MarkdownReport.fmt(median(rs, Row::p99Micros))).append(" µs | ")
                        .append(percent(worst(rs))).append(" |\n");
            }
        }
        md.append('\n');
    }

    /** Whether the run counted rescheduling interrupts (a {@code cost.csv} from before that has none). */
    private boolean countedReschedules() {
        return cases.values().stream().flatMap(byPool -> byPool.values().stream()).flatMap(List::stream)
                .anyMatch(r -> !Double.isNaN(r.reschedules()));
    }

    private static String label(Case c) {
        return threadsLabel(c.threads()) + " `" + c.workload() + "`" + (c.apart() ? " (database on its own core)" : "");
    }

    private static String threadsLabel(String threads) {
        return threads.startsWith("v") ? String.format(Locale.ROOT, "%,d virtual", Integer.parseInt(threads.substring(1)))
                : threads + " platform";
    }

    private static double worst(List<Row> rows) {
        return rows.stream().mapToDouble(Row::starvedShare).max().orElse(Double.NaN);
    }

    /**
     * The median over the rounds of {@code pool}'s throughput divided by {@code baseline}'s: the r-th
     * row of each is its r-th round ({@code CostPerOperation} appends one row per pool and round), so
     * each ratio compares two measurements seconds apart. NaN without a baseline.
     */
    static double roundRatio(List<Row> pool, List<Row> baseline) {
        return baseline == null ? Double.NaN : JmhResult.medianOfRatios(values(pool, Row::opsPerMs), values(baseline, Row::opsPerMs));
    }


    static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return JmhResult.median(rows.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).boxed().toList());
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, share > 0 && share < 0.1 ? "%.1f%%" : "%.0f%%", share * 100);
    }
}
