package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.PoolSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code pinned-apart.sh} on this machine's PostgreSQL (it needs root, taskset and 2 cores; without
 * them the test skips, and without a local PostgreSQL it fails under {@code CI=true} when the
 * benchmarks' database is local): the command runs on no core the database
 * may use, a backend forked meanwhile inherits the database's core, and the database's affinity is
 * as before once the command has ended, even when the command fails.
 */
class PinnedApartScriptTest {

    /** Surefire runs the tests in the module folder, where the script is. */
    private static final Path SCRIPT = Path.of("pinned-apart.sh").toAbsolutePath();

    @Test
    void runsTheCommandOffTheDatabasesCoreAndPutsTheDatabaseBack() throws Exception {
        long postmaster = postmasterOrSkip();
        BitSet before = CorePlacement.allowedCores(proc(postmaster));
        // The command reports its own cores, the postmaster's and those of a backend forked while it runs.
        List<String> lines = run(0, "sh", "-c", "grep Cpus_allowed_list /proc/self/status;"
                + " grep Cpus_allowed_list /proc/" + postmaster + "/status;"
                + " psql -h 127.0.0.1 -U postgres -d test -Atc \"select pg_read_file('/proc/self/status')\" | grep Cpus_allowed_list");
        BitSet command = cpuList(lines.get(0));
        BitSet database = cpuList(lines.get(1));
        int last = Runtime.getRuntime().availableProcessors() - 1;
        assertEquals(BitSet.valueOf(new long[] {1L << last}), database, lines.toString());
        assertFalse(command.intersects(database), lines.toString());
        if (lines.size() > 2) { // the backend read its own status; psql may be missing, or the server not local
            assertEquals(database, cpuList(lines.get(2)), "a backend forked meanwhile: " + lines);
        }
        assertEquals(before, CorePlacement.allowedCores(proc(postmaster)), "the postmaster's cores afterwards");
    }

    @Test
    void putsTheDatabaseBackWhenTheCommandFails() throws Exception {
        long postmaster = postmasterOrSkip();
        BitSet before = CorePlacement.allowedCores(proc(postmaster));
        run(3, "sh", "-c", "exit 3");
        assertEquals(before, CorePlacement.allowedCores(proc(postmaster)));
    }

    /** The oldest process named {@code postgres}, when this machine can run the script at all. */
    private static long postmasterOrSkip() throws Exception {
        String why = null;
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            why = "no /proc here";
        } else if (Runtime.getRuntime().availableProcessors() < 2) {
            why = "one core: nothing to pin apart";
        } else if (!onPath("taskset") || !onPath("pgrep")) {
            why = "taskset or pgrep is not installed";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            why = "not root: cannot change PostgreSQL's affinity";
        }
        if (why != null) {
            System.err.println("SKIPPED PinnedApartScriptTest: " + why);
            Assumptions.abort(why);
        }
        Process pgrep = new ProcessBuilder("pgrep", "-o", "-x", "postgres").start();
        String pid = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        pgrep.waitFor(10, TimeUnit.SECONDS);
        if (pid.isEmpty()) {
            String url = PoolSpec.postgresUrl();
            String none = "no PostgreSQL process runs on this machine (the benchmarks' database: " + url + ")";
            if ("true".equals(System.getenv("CI")) && (url.contains("//127.0.0.1") || url.contains("//localhost"))) {
                fail(none);
            }
            System.err.println("SKIPPED PinnedApartScriptTest: " + none);
            Assumptions.abort(none);
        }
        return Long.parseLong(pid);
    }

    private static List<String> run(int expectedExit, String... command) throws IOException, InterruptedException {
        String[] full = new String[command.length + 1];
        full[0] = SCRIPT.toString();
        System.arraycopy(command, 0, full, 1, command.length);
        Process p = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pinned-apart.sh did not end within 60 s");
        assertEquals(expectedExit, p.exitValue(), "exit status; output: " + out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static BitSet cpuList(String statusLine) {
        return CorePlacement.parseCpuList(statusLine.substring(statusLine.indexOf(':') + 1).trim());
    }

    private static Path proc(long pid) {
        return Path.of("/proc/" + pid);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
