package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.await;
import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.ScriptedDriver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** leak-detection-threshold: a connection held too long is reported once, with its borrower's stack. */
@Timeout(30)
class LeakDetectionTest {

    private static final Duration THRESHOLD = Duration.ofMillis(500);

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    /** Borrows through a method of a recognisable name, to find it in the reported stack. */
    private static Connection borrowAndForgetToClose(EddyDataSource pool) throws SQLException {
        return pool.getConnection();
    }

    private static List<LogCapture.Entry> leakWarnings(LogCapture logs, String poolName) {
        return logs.entries().stream()
                .filter(e -> e.level() == Level.WARN)
                .filter(e -> e.message().contains(poolName) && e.message().contains("possible connection leak"))
                .toList();
    }

    private static final class LeakListener implements PoolListener {
        final List<BorrowedConnection> suspected = new CopyOnWriteArrayList<>();

        @Override
        public void leakSuspected(BorrowedConnection borrowed) {
            suspected.add(borrowed);
        }
    }

    @Test
    void aConnectionHeldPastTheThresholdIsReportedWithTheBorrowersStack() throws Exception {
        DriverScript db = ScriptedDriver.newScript("leak-held");
        LeakListener listener = new LeakListener();
        try (LogCapture logs = LogCapture.install()) {
            EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2)
                    .leakDetectionThreshold(THRESHOLD).listener(listener));
            String poolName = pool.getPoolName();
            String thread = Thread.currentThread().getName();

            Connection leaked = borrowAndForgetToClose(pool);
            long borrowedAt = System.nanoTime();
            await("leak reported", Duration.ofSeconds(4),
                    () -> !listener.suspected.isEmpty() && !leakWarnings(logs, poolName).isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - borrowedAt)).as("not before the threshold").isGreaterThanOrEqualTo(THRESHOLD);

            // the WARN log line names the pool and the thread and carries the borrower's stack
            LogCapture.Entry warning = leakWarnings(logs, poolName).get(0);
            assertThat(warning.message()).contains(thread);
            assertThat(warning.throwable()).as("borrower's stack trace")
                    .contains("borrowAndForgetToClose")
                    .contains(LeakDetectionTest.class.getName());

            // borrowedConnections() shows it as a suspected leak, with the stack
            List<BorrowedConnection> borrowed = pool.borrowedConnections();
            assertThat(borrowed).hasSize(1);
            BorrowedConnection b = borrowed.get(0);
            assertThat(b.leakSuspected()).isTrue();
            assertThat(b.threadName()).isEqualTo(thread);
            assertThat(b.heldFor()).isGreaterThanOrEqualTo(THRESHOLD);
            assertThat(b.borrowerStack()).anySatisfy(frame -> {
                assertThat(frame.getClassName()).isEqualTo(LeakDetectionTest.class.getName());
                assertThat(frame.getMethodName()).isEqualTo("borrowAndForgetToClose");
            });

            // the listener got the same connection, once
            BorrowedConnection reported = listener.suspected.get(0);
            assertThat(reported.connectionId()).isEqualTo(b.connectionId());
            assertThat(reported.leakSuspected()).isTrue();
            assertThat(reported.borrowerStack()).isNotEmpty();
            sleep(400);
            assertThat(listener.suspected).as("reported once per borrow").hasSize(1);
            assertThat(leakWarnings(logs, poolName)).hasSize(1);

            // when it finally comes back, a log line says so
            leaked.close();
            assertThat(logs.entries()).anySatisfy(e -> {
                assertThat(e.message()).contains(poolName).contains("possible leak").contains("returned");
            });
            assertThat(pool.borrowedConnections()).isEmpty();
        }
    }

    @Test
    void aConnectionReturnedBeforeTheThresholdIsNotReported() throws Exception {
        DriverScript db = ScriptedDriver.newScript("leak-none");
        LeakListener listener = new LeakListener();
        try (LogCapture logs = LogCapture.install()) {
            EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2)
                    .leakDetectionThreshold(THRESHOLD).listener(listener));
            for (int i = 0; i < 3; i++) {
                try (Connection c = pool.getConnection()) {
                    sleep(100);
                }
            }
            // the same connection, borrowed again and again, is not reported for its total time
            sleep(700);
            assertThat(listener.suspected).isEmpty();
            assertThat(leakWarnings(logs, pool.getPoolName())).isEmpty();
        }
    }

    @Test
    void aLaterBorrowOfAReportedConnectionIsReportedAfresh() throws Exception {
        DriverScript db = ScriptedDriver.newScript("leak-again");
        LeakListener listener = new LeakListener();
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1)
                .leakDetectionThreshold(THRESHOLD).listener(listener));
        Connection first = pool.getConnection();
        await("first leak reported", Duration.ofSeconds(4), () -> listener.suspected.size() == 1);
        first.close();

        try (Connection second = pool.getConnection()) {
            assertThat(pool.borrowedConnections()).singleElement()
                    .satisfies(b -> assertThat(b.leakSuspected()).as("a new borrow starts unsuspected").isFalse());
            await("second leak reported", Duration.ofSeconds(4), () -> listener.suspected.size() == 2);
        }
    }

    @Test
    void withoutLeakDetectionBorrowedConnectionsAreListedWithoutStack() throws Exception {
        DriverScript db = ScriptedDriver.newScript("leak-off");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2));
        try (Connection c = pool.getConnection()) {
            sleep(20);
            List<BorrowedConnection> borrowed = pool.borrowedConnections();
            assertThat(borrowed).hasSize(1);
            assertThat(borrowed.get(0).borrowerStack()).isEmpty();
            assertThat(borrowed.get(0).leakSuspected()).isFalse();
            assertThat(borrowed.get(0).threadName()).isEqualTo(Thread.currentThread().getName());
            assertThat(borrowed.get(0).heldFor()).isPositive();
        }
        assertThat(pool.borrowedConnections()).isEmpty();
    }
}
