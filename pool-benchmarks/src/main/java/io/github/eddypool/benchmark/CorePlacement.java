package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.report.CostReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/**
 * Whether the benchmark JVM and the database backends it measures may run on the same cores, read
 * from the kernel rather than taken on trust from how the run was started: {@link CostReport.Row#APART}
 * when no backend is allowed on any core this JVM is allowed on ({@code pool-benchmarks/pinned-apart.sh}),
 * else {@link CostReport.Row#SHARED}. It matters because on a machine the two share, where Linux wakes
 * a thread and its backend decides much of what an operation costs.
 */
final class CorePlacement {

    private CorePlacement() {
    }

    /** The placement of this JVM and the backends whose {@code /proc/<pid>} folders are given. */
    static String of(List<Path> backendDirs) throws IOException {
        if (backendDirs.isEmpty()) {
            return CostReport.Row.SHARED; // no backends of our own to place (MariaDB's are threads of one server)
        }
        BitSet jvm = allowedCores(Path.of("/proc/self"));
        for (Path backend : backendDirs) {
            if (allowedCores(backend).intersects(jvm)) {
                return CostReport.Row.SHARED;
            }
        }
        return CostReport.Row.APART;
    }

    /** The cores a process may run on: {@code Cpus_allowed_list} of its {@code status}. */
    static BitSet allowedCores(Path processDir) throws IOException {
        for (String line : Files.readAllLines(processDir.resolve("status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parseCpuList(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IOException(processDir + "/status has no Cpus_allowed_list line");
    }

    /** A kernel CPU list such as {@code 0-3,8,10-11}. */
    static BitSet parseCpuList(String list) {
        BitSet cores = new BitSet();
        for (String part : list.split(",")) {
            String range = part.trim();
            if (range.isEmpty()) {
                continue;
            }
            int dash = range.indexOf('-');
            if (dash < 0) {
                cores.set(Integer.parseInt(range));
            } else {
                cores.set(Integer.parseInt(range.substring(0, dash)), Integer.parseInt(range.substring(dash + 1)) + 1);
            }
        }
        return cores;
    }
}
