package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads must not pin their carrier while they borrow, wait for and use connections:
 * with 2 carriers on 2 cores, one pinned virtual thread halves the application. Thousands of
 * virtual threads borrow from a pool of 16 and query the real PostgreSQL through pgjdbc while JFR
 * records {@code jdk.VirtualThreadPinned} (threshold 0); in steady state (after a warm-up that
 * loads and initialises every class on the path) there must be no such event. Java 21+; CI runs
 * it on the JDK 25 beside the default JDK 17 (profile {@code jdk25-virtual-threads}).
 */
@Tag("virtual-threads")
@RequiresPostgres
class VirtualThreadPinningTest {

    @Test
    void noPinningWhileThousandsOfVirtualThreadsUseARealDriver() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+; this JVM is " + Runtime.version());
        Server pg = Server.POSTGRES;
        EddyConfig.Builder config = EddyConfig.builder()
                .poolName("vt-pinning")
                .jdbcUrl(pg.url())
                .username(pg.user())
                .minSize(16).maxSize(16)
                .connectionTimeout(Duration.ofSeconds(60))
                .initializationFailTimeout(Duration.ofSeconds(10));
        if (!pg.password().isEmpty()) {
            config.password(pg.password());
        }
        try (EddyDataSource pool = new EddyDataSource(config.build())) {
            run(pool, 500);   // warm-up: class loading and initialisation may pin; that is not steady state
            Path file = Files.createTempFile("eddy-pinning", ".jfr");
            List<RecordedEvent> pinned;
            try (Recording recording = new Recording()) {
                recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
                recording.start();
                run(pool, 3000);
                recording.stop();
                recording.dump(file);
                pinned = RecordingFile.readAllEvents(file).stream()
                        .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                        .collect(Collectors.toList());
            } finally {
                Files.deleteIfExists(file);
            }
            assertThat(pinned).as("pinned virtual threads, with the top of their stacks:%n%s", describe(pinned)).isEmpty();
            assertThat(pool.stats().active()).isZero();
        }
    }

    /** {@code tasks} virtual threads each borrow, run a prepared SELECT and return. */
    private static void run(EddyDataSource pool, int tasks) throws Exception {
        ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        try {
            for (int i = 0; i < tasks; i++) {
                int n = i;
                executor.submit(() -> {
                    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("select ?::int")) {
                        ps.setInt(1, n);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getInt(1) != n) {
                                failures.add("wrong answer for " + n);
                            }
                        }
                        done.incrementAndGet();
                    } catch (SQLException e) {
                        failures.add(e.toString());
                    }
                });
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(120, TimeUnit.SECONDS)).as("all virtual threads finished").isTrue();
        } finally {
            executor.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(done.get()).isEqualTo(tasks);
    }

    private static String describe(List<RecordedEvent> events) {
        StringBuilder out = new StringBuilder();
        for (RecordedEvent e : events.subList(0, Math.min(5, events.size()))) {
            out.append("  pinned for ").append(e.getDuration().toNanos() / 1000).append(" us at\n");
            if (e.getStackTrace() != null) {
                for (RecordedFrame f : e.getStackTrace().getFrames().subList(0, Math.min(12, e.getStackTrace().getFrames().size()))) {
                    out.append("    ").append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName())
                            .append(':').append(f.getLineNumber()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
