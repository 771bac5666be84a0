package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's JFR events appear, with the pool's counts and their specifics, when provoked under a recording. */
@Timeout(60)
class JfrEventsTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    private interface Provocation {
        void run() throws Exception;
    }

    /** Records {@code eventName} while {@code provoke} runs, and returns the events of {@code pool}. */
    private static List<RecordedEvent> record(String eventName, String pool, Provocation provoke) throws Exception {
        Path file = Files.createTempFile("eddy-jfr", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.github.eddypool." + eventName);
            recording.start();
            provoke.run();
            recording.stop();
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("io.github.eddypool." + eventName))
                    .filter(e -> pool.equals(e.getString("poolName")))
                    .toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anAcquireTimeoutIsRecordedWithItsCauseAndTheCounts() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jfr-timeout");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).connectionTimeout(Duration.ofMillis(300))
                .validationTimeout(Duration.ofMillis(250)));
        List<RecordedEvent> events = record("AcquireTimeout", db.name(), () -> {
            try (Connection held = pool.getConnection()) {
                assertThatThrownBy(pool::getConnection).isInstanceOf(AcquireTimeoutException.class);
            }
        });
        assertThat(events).hasSize(1);
        RecordedEvent e = events.get(0);
        assertThat(e.getString("cause")).isEqualTo("holders_idle");
        assertThat(e.getDuration("waited")).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(e.getInt("active")).isEqualTo(1);
        assertThat(e.getInt("maxSize")).isEqualTo(1);
        assertThat(e.getInt("pending")).isEqualTo(1);
        assertThat(e.getString("explanation")).contains("no connection available", "holders idle");
        assertThat(e.getThread().getJavaName()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aShedRequestIsRecordedAsAnAcquireTimeoutWithCauseShed() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jfr-shed");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).maxWaiting(0));
        List<RecordedEvent> events = record("AcquireTimeout", db.name(), () -> {
            try (Connection held = pool.getConnection()) {
                assertThatThrownBy(pool::getConnection).isInstanceOf(RequestShedException.class);
            }
        });
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getString("cause")).isEqualTo("shed");
        assertThat(events.get(0).getInt("active")).isEqualTo(1);
    }

    @Test
    void aWaitOverTheThresholdIsASlowAcquireAndAShortOneIsNot() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jfr-slow");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).slowAcquireThreshold(Duration.ofMillis(100)));
        List<RecordedEvent> events = record("SlowAcquire", db.name(), () -> {
            pool.getConnection().close(); // no wait: no event
            CountDownLatch held = new CountDownLatch(1);
            Future<?> holder = res.executor().submit(() -> {
                try (Connection c = pool.getConnection()) {
                    held.countDown();
                    sleep(400);
                }
                return null;
            });
            held.await();
            pool.getConnection().close(); // waits about 400 ms
            holder.get();
        });
        assertThat(events).hasSize(1);
        RecordedEvent e = events.get(0);
        assertThat(e.getDuration("waited")).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(e.getDuration("threshold")).isEqualTo(Duration.ofMillis(100));
        assertThat(e.getInt("maxSize")).isEqualTo(1);
        assertThat(e.getThread().getJavaName()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aSuspectedLeakIsRecordedWithItsHolder() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jfr-leak");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2).leakDetectionThreshold(Duration.ofMillis(500)));
        List<RecordedEvent> events = record("LeakSuspected", db.name(), () -> {
            try (Connection c = pool.getConnection()) {
                PoolTestSupport.await("the leak reported", () -> pool.borrowedConnections().get(0).leakSuspected());
                sleep(300); // the sweep marks the connection, then reports it
            }
        });
        assertThat(events).hasSize(1);
        RecordedEvent e = events.get(0);
        assertThat(e.getString("holderThread")).isEqualTo(Thread.currentThread().getName());
        assertThat(e.getDuration("heldFor")).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(e.getDuration("threshold")).isEqualTo(Duration.ofMillis(500));
        assertThat(e.getLong("connectionId")).isPositive();
        assertThat(e.getInt("active")).isEqualTo(1);
    }

    @Test
    void aFailedConnectionAttemptIsRecordedWithTheTargetAndReasonButNoPassword() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jfr-create");
        String password = "Hunter2-secret";
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).password(password)
                .initializationFailTimeout(Duration.ofMillis(-1)));
        List<RecordedEvent> events = record("ConnectionCreationFailed", db.name(), () -> {
            db.failAllConnects(() -> new SQLException("login refused for password " + password, "28P01", 4242));
            pool.softEvictAll();
            PoolTestSupport.await("a failed attempt", () -> pool.stats().creationFailures() > 0);
            sleep(100);
        });
        assertThat(events).isNotEmpty();
        RecordedEvent e = events.get(0);
        assertThat(e.getString("target")).isNotBlank();
        assertThat(e.getString("reason")).contains("login refused").doesNotContain(password);
        assertThat(e.getString("sqlState")).isEqualTo("28P01");
        assertThat(e.getInt("errorCode")).isEqualTo(4242);
        assertThat(e.getInt("maxSize")).isEqualTo(1);
        assertThat(e.toString()).doesNotContain(password);
    }
}
