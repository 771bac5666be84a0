package io.github.eddypool.benchmark.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the JMH JSON files of a run ({@code jmh-*.json} in the results folder), and the
 * {@code CostPerOperation} rounds ({@code cost.csv}), into {@code RESULTS.md} and PNG charts in the
 * same folder.
 *
 * <pre>java -cp pool-benchmarks/target/benchmarks.jar io.github.eddypool.benchmark.report.ReportGenerator benchmark-results</pre>
 */
public final class ReportGenerator {

    private ReportGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmark-results");
        if (!Files.isDirectory(dir)) {
            System.err.println("no results folder " + dir.toAbsolutePath());
            System.exit(2);
        }
        Results results = Results.readDirectory(dir);
        CostReport cost = CostReport.read(dir);
        if (results.isEmpty() && cost.isEmpty()) { // a run of the cost suite alone has no JMH results
            System.err.println("no jmh-*.json results and no " + CostReport.FILE + " in " + dir.toAbsolutePath());
            System.exit(2);
        }
        RunInfo info = RunInfo.load(dir);
        List<String> charts = new Charts(results, dir).renderAll();
        String markdown = new MarkdownReport(results, info, charts, cost).render();
        Path out = dir.resolve("RESULTS.md");
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        System.out.println("wrote " + out + " and " + charts.size() + " charts: " + String.join(", ", charts));
    }
}
