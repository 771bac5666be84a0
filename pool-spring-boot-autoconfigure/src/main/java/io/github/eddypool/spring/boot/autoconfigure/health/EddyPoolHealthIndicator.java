package io.github.eddypool.spring.boot.autoconfigure.health;

import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.IdleConnectionCheck;
import io.github.eddypool.PoolStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Health of one Eddy pool, read from the pool's state: it never waits in line, so a pool that is only
 * busy (every connection lent, threads waiting their turn) is not reported DOWN, and a
 * Kubernetes probe does not restart a healthy instance under load.
 * <ul>
 *   <li>UP: an idle connection passed its test, or none was idle but connections keep coming
 *       back (busy; details say {@code saturated}, {@code pending} and {@code oldestWaitMs});</li>
 *   <li>DOWN: an idle connection failed its test or gave no answer within
 *       {@code validation-timeout}; or the pool holds no connection and cannot get one within
 *       {@code validation-timeout} (only then does the check borrow, as nobody competes); or new
 *       connections cannot be opened while threads wait (the reason ends with the driver's error,
 *       no secret); or the pool is
 *       <em>stuck</em>: saturated, with threads waiting, and no connection returned and lent
 *       again for {@code stuck-threshold}: the holders are named;</li>
 *   <li>OUT_OF_SERVICE: the pool is suspended or closed.</li>
 * </ul>
 */
public class EddyPoolHealthIndicator extends AbstractHealthIndicator {

    private final EddyDataSource pool;
    private final Duration stuckThreshold;
    /** Borrows counted at the last check that saw progress, and when; guarded by this. */
    private long lastBorrows = -1;
    private long lastProgressAt;

    public EddyPoolHealthIndicator(EddyDataSource pool) {
        this(pool, Duration.ofSeconds(30));
    }

    /**
     * @param stuckThreshold how long a saturated pool may lend nothing new before it is DOWN
     */
    public EddyPoolHealthIndicator(EddyDataSource pool, Duration stuckThreshold) {
        super(ex -> "Health check of Eddy pool " + pool.getPoolName() + " failed");
        this.pool = pool;
        this.stuckThreshold = stuckThreshold;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PoolStats stats = pool.stats();
        builder.withDetail("pool", stats.poolName())
                .withDetail("active", stats.active())
                .withDetail("idle", stats.idle())
                .withDetail("pending", stats.pending())
                .withDetail("total", stats.total())
                .withDetail("min", stats.min())
                .withDetail("max", stats.max())
                .withDetail("saturated", stats.saturated())
                .withDetail("oldestWaitMs", stats.oldestWait().toMillis());
        if (stats.serverFull()) {
            // Back-pressure from the database, not a fault of this instance: the pool serves on.
            builder.withDetail("serverFull", true);
        }
        if (stats.closed() || pool.isClosed()) {
            builder.outOfService().withDetail("reason", "the pool is closed");
            return;
        }
        if (stats.suspended() || pool.isSuspended()) {
            builder.outOfService().withDetail("reason", "the pool is suspended");
            return;
        }
        SQLException failing = pool.connectionFailure();
        String password = pool.config().password();
        IdleConnectionCheck check = pool.checkIdleConnection();
        switch (check) {
            case FAILED -> {
                builder.down().withDetail("reason", withCreationFailure(
                        "an idle connection failed its test", failing, password));
                return;
            }
            case NO_ANSWER -> {
                builder.down().withDetail("reason", withCreationFailure("an idle connection gave no answer within "
                        + pool.config().validationTimeout().toMillis() + "ms (validation-timeout)", failing, password));
                return;
            }
            case PASSED -> {
                if (failing != null) {
                    builder.withDetail("connectionFailure", SafeMessages.describe(failing, password));
                }
                builder.up();
                return;
            }
            case NONE_IDLE -> {
                // below: busy, broken or stuck
            }
        }
        if (stats.active() == 0) {
            // Nothing open to test and nothing lent: nobody competes for a connection, so try to
            // get one (which opens it), bounded by validation-timeout.
            String problem = validateOneConnection(pool.config().validationTimeout());
            if (problem == null) {
                builder.up();
            } else {
                builder.down().withDetail("reason", withCreationFailure(problem, pool.connectionFailure(), password));
            }
            return;
        }
        if (failing != null && stats.pending() > 0 && !stats.serverFull()) {
            builder.down().withDetail("reason", "every open connection is lent out, " + stats.pending()
                    + " threads wait, and opening new connections fails: " + SafeMessages.describe(failing, password));
            return;
        }
        Duration stuckFor = stuckFor(stats);
        if (stuckFor.compareTo(stuckThreshold) >= 0) {
            builder.down().withDetail("reason", "stuck: every connection lent out and " + stats.pending()
                    + " threads waiting, with no connection returned for " + stuckFor.toMillis()
                    + "ms (stuck-threshold " + stuckThreshold.toMillis() + "ms); held by " + holders());
            return;
        }
        builder.up();
    }

    /**
     * Borrows and validates a connection, giving up after {@code timeout} in all: the borrow may
     * otherwise wait for the whole connection-timeout. Returns null when valid, else the reason.
     */
    private String validateOneConnection(Duration timeout) {
        int validSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        FutureTask<Boolean> check = new FutureTask<>(() -> {
            try (Connection connection = pool.getConnection()) {
                return connection.isValid(validSeconds);
            }
        });
        // A throw-away daemon thread: such checks are rare (an empty pool), and a stuck one must
        // neither block the caller past the timeout nor keep the JVM alive.
        Thread thread = new Thread(check, "eddy-health-" + pool.getPoolName());
        thread.setDaemon(true);
        thread.start();
        try {
            boolean valid = check.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return valid ? null : "a connection failed validation (Connection.isValid returned false)";
        } catch (TimeoutException e) {
            // Interrupting makes a waiting getConnection() give up; a borrowed connection is
            // still closed (returned) by the task's try-with-resources.
            check.cancel(true);
            return "no connection could be borrowed and validated within " + timeout.toMillis()
                    + "ms (validation-timeout)";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "could not borrow a valid connection: " + SafeMessages.describe(cause, pool.config().password());
        } catch (InterruptedException e) {
            check.cancel(true);
            Thread.currentThread().interrupt();
            return "the health check was interrupted";
        }
    }

    /** How long a saturated pool has lent nothing new; zero while it makes progress or is not saturated. */
    private synchronized Duration stuckFor(PoolStats stats) {
        long now = System.nanoTime();
        if (!stats.saturated() || stats.borrows() != lastBorrows) {
            lastBorrows = stats.borrows();
            lastProgressAt = now;
            return Duration.ZERO;
        }
        return Duration.ofNanos(now - lastProgressAt);
    }

    private String holders() {
        List<BorrowedConnection> borrowed = pool.borrowedConnections();
        return borrowed.stream().limit(5)
                .map(b -> b.threadName() + " (for " + b.heldFor().toMillis() + "ms)")
                .collect(Collectors.joining(", ")) + (borrowed.size() > 5 ? ", ..." : "");
    }

    private static String withCreationFailure(String problem, SQLException failing, String password) {
        return failing == null ? problem : problem + "; opening new connections fails: " + SafeMessages.describe(failing, password);
    }
}
