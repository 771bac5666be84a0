package io.github.eddypool.benchmark.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;

/**
 * Facts about the run: read from {@code run-info.properties} (written by {@code run-benchmarks.sh}
 * before the benchmarks start), falling back to what this JVM can see for itself.
 */
public record RunInfo(String date, String mode, String nproc, String cpu, String memory, String os, String commit,
                      String load) {

    public static RunInfo load(Path dir) throws IOException {
        Properties p = new Properties();
        Path file = dir.resolve("run-info.properties");
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return new RunInfo(
                p.getProperty("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))),
                p.getProperty("mode", "unknown"),
                p.getProperty("nproc", Integer.toString(Runtime.getRuntime().availableProcessors())),
                p.getProperty("cpu", cpuModel()),
                p.getProperty("memory", ""),
                p.getProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")),
                p.getProperty("commit", ""),
                p.getProperty("load", ""));
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
