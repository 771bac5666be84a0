package io.github.eddypool.benchmark;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often a thread of {@link CostPerOperation} talks to the same PostgreSQL backend as on its
 * previous borrow, and how often the thread and its backend last ran on the same core.
 *
 * <p>Why it is measured: where the JVM and the database share 2 cores, a JVM thread and the backend
 * it talks to wake each other three or four times per transaction; when they sit on different
 * cores each wake-up is an interrupt to the other core, which on a virtual machine is a trip
 * through the hypervisor. Whether a pool lets a thread keep its connection (HikariCP's returner
 * takes it back; Eddy hands it to the longest waiter) and whether the kernel then keeps the two on
 * one core turned out to be separate questions (docs/real-database-contention.md): this class
 * counts both, where interrupt counts only hint at them.
 *
 * <p>The backend is read through {@link PGConnection#getBackendPID()} (no round trip); the cores
 * from field 39 ({@code processor}, the core a task last ran on) of {@code /proc/thread-self/stat}
 * and {@code /proc/<pid>/stat}, read on every {@value #SAMPLE_EVERY}th borrow only, right after the
 * operation while the connection is still held: the backend has just sent its last reply and gone
 * back to sleep, and the thread is running. Those two file reads cost a few microseconds of the
 * measuring thread's CPU, so the columns are off unless asked for ({@code -Dcost.affinity=true}).
 */
final class BackendAffinity {

    static final int SAMPLE_EVERY = 32;

    /** Field 39 of {@code /proc/.../stat}, counted from the state field (field 3) after the name. */
    private static final int PROCESSOR_FIELD = 39 - 3;

    private final Share sameBackend = new Share();
    private final Share sameCore = new Share();
    private final Share sameCoreOtherBackend = new Share();
    private volatile String failure;

    /** How many of the cases counted were hits; shared by the measuring threads. */
    private static final class Share {
        private final LongAdder cases = new LongAdder();
        private final LongAdder hits = new LongAdder();

        void count(boolean hit) {
            cases.increment();
            if (hit) {
                hits.increment();
            }
        }

        double value() {
            long n = cases.sum();
            return n == 0 ? Double.NaN : (double) hits.sum() / n;
        }
    }

    /** The state one thread keeps; not thread-safe, one per thread. */
    final class Tracker {

        private int lastPid = -1;
        private int count;

        /** Records one borrow of {@code connection}, still held, after its operation. */
        void record(Connection connection) {
            if (failure != null) {
                return;
            }
            int pid;
            try {
                pid = connection.unwrap(PGConnection.class).getBackendPID();
            } catch (SQLException e) {
                failure = "cannot unwrap the pool's connection to PGConnection: " + e.getMessage();
                return;
            }
            boolean same = pid == lastPid;
            sameBackend.count(same);
            lastPid = pid;
            if (++count % SAMPLE_EVERY != 0) {
                return;
            }
            int mine = processor(Path.of("/proc/thread-self/stat"));
            int backend = processor(Path.of("/proc/" + pid + "/stat"));
            if (mine >= 0 && backend >= 0) {
                sameCore.count(mine == backend);
                if (!same) {
                    sameCoreOtherBackend.count(mine == backend);
                }
            }
        }
    }

    Tracker tracker() {
        return new Tracker();
    }

    /** Share of borrows that got the backend the same thread had last time, or NaN. */
    double sameBackendShare() {
        return failure != null ? Double.NaN : sameBackend.value();
    }

    /** Share of sampled borrows where the thread and its backend last ran on one core, or NaN. */
    double sameCoreShare() {
        return failure != null ? Double.NaN : sameCore.value();
    }

    /**
     * {@link #sameCoreShare()} over the sampled borrows that got another backend than the thread's
     * last: where a connection changed hands, whether its new user runs beside its backend.
     */
    double sameCoreShareOtherBackend() {
        return failure != null ? Double.NaN : sameCoreOtherBackend.value();
    }

    /** Why the shares are NaN, if the pool's connections could not be unwrapped; else null. */
    String failure() {
        return failure;
    }

    /** The core the task last ran on, or -1 if its {@code stat} cannot be read (the task ended). */
    private static int processor(Path stat) {
        try {
            String s = Files.readString(stat);
            // The name in parentheses may hold spaces; the fields after the last ')' do not.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[PROCESSOR_FIELD]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
