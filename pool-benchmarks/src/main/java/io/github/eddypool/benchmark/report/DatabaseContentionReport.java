package io.github.eddypool.benchmark.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The real-database contention part of {@code RESULTS.md} (issue #10): {@code DatabaseContention} on
 * PostgreSQL and MariaDB at every thread count run, throughput and acquire-to-return latency percentiles
 * side by side, and {@code VirtualThreadContention}; plus the goal rows of issue #10.
 */
final class DatabaseContentionReport {

    static final String SELECT = "DatabaseContention.selectOne";
    static final String TX = "DatabaseContention.readWriteTransaction";
    static final String VIRTUAL = "VirtualThreadContention.selectOne";
    static final List<String> DATABASES = List.of("postgres", "mariadb");
    static final String THROUGHPUT = "thrpt";
    static final String SAMPLE = "sample";

    private final Results results;

    DatabaseContentionReport(Results results) {
        this.results = results;
    }

    void goals(List<String[]> rows) {
        for (String b : List.of(SELECT, TX)) {
            String series = b + "@postgres";
            List<Integer> threads = results.threads(series);
            if (threads.isEmpty()) {
                continue;
            }
            StringBuilder low = new StringBuilder();
            StringBuilder high = new StringBuilder();
            boolean lowMet = true;
            boolean highMet = true;
            StringBuilder p99 = new StringBuilder();
            boolean p99Met = true;
            for (int t : threads) {
                double r = results.pairedRatioToReference(series, THROUGHPUT, "eddy", t);
                if (Double.isNaN(r)) {
                    continue;
                }
                boolean contended = t >= 16;
                (contended ? high : low).append(low.length() > 0 && !contended || high.length() > 0 && contended ? ", " : "")
                        .append(t).append(" threads ").append(MarkdownReport.ratio(r));
                if (contended) {
                    highMet &= r >= 1.1;
                    double p = results.ratioToReference(series, SAMPLE, "eddy", t, x -> x.percentile(99.0));
                    if (!Double.isNaN(p)) {
                        p99.append(p99.length() > 0 ? ", " : "").append(t).append(" threads ").append(MarkdownReport.ratio(p));
                        p99Met &= p <= 1.0;
                    }
                } else {
                    lowMet &= r >= 1.0;
                }
            }
            String name = b.endsWith("selectOne") ? "`SELECT 1`" : "read-write transaction";
            if (low.length() > 0) {
                rows.add(new String[] {"PostgreSQL " + name + " throughput >= 1.0x HikariCP at 1 and 4 threads (pool of 8)",
                        low.toString(), yes(lowMet)});
            }
            if (high.length() > 0) {
                rows.add(new String[] {"PostgreSQL " + name + " throughput >= 1.1x HikariCP at 16 and 64 threads (pool of 8)",
                        high.toString(), yes(highMet)});
            }
            if (p99.length() > 0) {
                rows.add(new String[] {"PostgreSQL " + name + " p99 <= HikariCP's at 16 and 64 threads (Eddy / HikariCP)",
                        p99.toString(), yes(p99Met)});
            }
        }
        Optional<JmhResult> e = results.find(VIRTUAL, "eddy");
        double r = e.map(x -> results.pairedRatioToReference(VIRTUAL, x.mode(), "eddy", x.threads())).orElse(Double.NaN);
        if (!Double.isNaN(r)) {
            rows.add(new String[] {"1,000 virtual threads over a pool of 16 on PostgreSQL: throughput >= 1.1x HikariCP",
                    MarkdownReport.ratio(r), yes(r >= 1.1)});
        }
    }

    void tables(StringBuilder md) {
        for (String db : DATABASES) {
            for (String b : List.of(SELECT, TX)) {
                table(md, b + "@" + db, db, b.endsWith("selectOne")
                        ? "borrow, prepare `SELECT 1`, execute, read, close"
                        : "borrow, auto-commit off, `UPDATE` one random row of 10,000 and `SELECT` it back, commit, auto-commit on, close");
            }
        }
        virtualThreads(md);
    }

    private void table(StringBuilder md, String series, String db, String what) {
        List<Integer> threads = results.threads(series);
        List<String> pools = results.pools(series);
        if (threads.isEmpty() || pools.isEmpty()) {
            return;
        }
        JmhResult any = results.all().stream().filter(r -> r.benchmark().equals(series)).findFirst().get();
        md.append("## ").append(db.equals("postgres") ? "PostgreSQL" : "MariaDB").append(" under contention: ")
                .append(series.contains("selectOne") ? "`SELECT 1`" : "read-write transaction").append(", pool of ")
                .append(any.params().getOrDefault("size", "?")).append("\n\n");
        md.append(what).append(". More threads than connections from 16 on: borrowers wait, and the pool's hand-off ")
                .append("(a returning thread passing its connection to a parked one) is measured with the database round trips. ")
                .append("Throughput in ops/ms (median); latency of the whole cycle from JMH's SampleTime percentiles, and its ")
                .append("longest single cycle (`max`): a pool that keeps a few threads waiting for seconds shows a short p99, ")
                .append("since a waiting thread adds one sample while the others add hundreds. `x Hikari` (throughput): ")
                .append("the median over the passes of the pool's rate divided by HikariCP's in the same pass, a minute apart ")
                .append("at most, so that the machine's drift over the run does not enter it.")
                .append(MarkdownReport.throughputSource(results.all().stream()
                        .anyMatch(r -> r.benchmark().equals(series) && r.wallClock())))
                .append("\n\n");
        md.append("| Threads | Pool | ops/ms | x Hikari | p50 | p99 | p99.9 | max | p99 x Hikari |\n|---|---|---|---|---|---|---|---|---|\n");
        for (int t : threads) {
            for (String pool : pools) {
                Optional<JmhResult> thr = results.find(series, THROUGHPUT, pool, t);
                Optional<JmhResult> lat = results.find(series, SAMPLE, pool, t);
                if (thr.isEmpty() && lat.isEmpty()) {
                    continue;
                }
                md.append("| ").append(t).append(" | ").append(MarkdownReport.poolName(pool)).append(" | ")
                        .append(thr.map(x -> MarkdownReport.fmt(x.median())).orElse("-")).append(" | ")
                        .append(pool.equals(Results.REFERENCE) ? "-" : MarkdownReport.ratio(
                                results.pairedRatioToReference(series, THROUGHPUT, pool, t))).append(" | ")
                        .append(lat.map(x -> MarkdownReport.micros(x.percentile(50.0), x.unit())).orElse("-")).append(" | ")
                        .append(lat.map(x -> MarkdownReport.micros(x.percentile(99.0), x.unit())).orElse("-")).append(" | ")
                        .append(lat.map(x -> MarkdownReport.micros(x.percentile(99.9), x.unit())).orElse("-")).append(" | ")
                        .append(lat.map(x -> MarkdownReport.micros(x.percentile(100.0), x.unit())).orElse("-")).append(" | ")
                        .append(pool.equals(Results.REFERENCE) ? "-" : MarkdownReport.ratio(
                                results.ratioToReference(series, SAMPLE, pool, t, x -> x.percentile(99.0)))).append(" |\n");
            }
        }
        md.append('\n');
    }

    private void virtualThreads(StringBuilder md) {
        List<String> pools = results.pools(VIRTUAL);
        if (pools.isEmpty()) {
            return;
        }
        JmhResult any = results.find(VIRTUAL, pools.get(0)).get();
        md.append("## Virtual threads: ").append(any.params().getOrDefault("virtualThreads", "?"))
                .append(" virtual threads over a pool of ").append(any.params().getOrDefault("size", "?"))
                .append(", PostgreSQL `SELECT 1`\n\n");
        md.append("Each operation starts the virtual threads, each runs its share of `SELECT 1` cycles, and waits for all; ")
                .append("throughput in cycles per ms. JVM: ").append(any.jvm()).append(".\n\n");
        md.append("| Pool | cycles/ms | x Hikari |\n|---|---|---|\n");
        Optional<JmhResult> ref = results.find(VIRTUAL, Results.REFERENCE);
        for (String pool : pools) {
            JmhResult r = results.find(VIRTUAL, pool).get();
            md.append("| ").append(MarkdownReport.poolName(pool)).append(" | ").append(MarkdownReport.fmt(r.median())).append(" | ")
                    .append(pool.equals(Results.REFERENCE) || ref.isEmpty() ? "-"
                            : MarkdownReport.ratio(results.pairedRatioToReference(VIRTUAL, r.mode(), pool, r.threads())))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }
}
