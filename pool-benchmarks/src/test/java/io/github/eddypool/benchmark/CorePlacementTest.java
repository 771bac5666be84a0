package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.report.CostReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CorePlacementTest {

    @Test
    void readsTheKernelsCpuLists() {
        assertEquals(cores(0, 1, 2, 3, 8, 10, 11), CorePlacement.parseCpuList("0-3,8,10-11"));
        assertEquals(cores(1), CorePlacement.parseCpuList("1"));
        assertEquals(cores(0, 1), CorePlacement.parseCpuList("0-1\n"));
    }

    @Test
    void backendsOnNoCoreOfThisJvmAreApartAndOneSharedCoreMakesItShared(@TempDir Path dir) throws Exception {
        BitSet jvm = CorePlacement.allowedCores(Path.of("/proc/self"));
        assumeTrue(!jvm.isEmpty(), "no /proc/self/status here");
        int outside = jvm.length(); // a core number this JVM may not run on
        Path apart = backend(dir, "apart", Integer.toString(outside));
        Path shared = backend(dir, "shared", jvm.nextSetBit(0) + "," + outside);
        assertEquals(CostReport.Row.APART, CorePlacement.of(List.of(apart)));
        assertEquals(CostReport.Row.SHARED, CorePlacement.of(List.of(apart, shared)));
        assertEquals(CostReport.Row.SHARED, CorePlacement.of(List.of(Path.of("/proc/self"))));
    }

    private static Path backend(Path dir, String name, String cpus) throws Exception {
        Path process = Files.createDirectories(dir.resolve(name));
        Files.writeString(process.resolve("status"), "Name:\tpostgres\nCpus_allowed:\t2\nCpus_allowed_list:\t" + cpus + "\n");
        return process;
    }

    private static BitSet cores(int... numbers) {
        BitSet set = new BitSet();
        for (int n : numbers) {
            set.set(n);
        }
        return set;
    }
}
