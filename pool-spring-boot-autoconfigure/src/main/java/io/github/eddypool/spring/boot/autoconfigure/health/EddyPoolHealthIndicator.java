package io.github.eddypool.spring.boot.autoconfigure.health;

import io.github.eddypool.EddyDataSource;
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

/**
 * Health of one Eddy pool.
 * <ul>
 *   <li>UP: a connection was borrowed and passed {@code Connection.isValid()} within the pool's
 *       {@code validation-timeout};</li>
 *   <li>DOWN: it was not, with the {@code reason} (no secret); while the pool's attempts to open
 *       connections fail, the reason ends with the latest attempt's error, e.g. the database
 *       refusing connections, rather than only the timeout that followed from it;</li>
 *   <li>OUT_OF_SERVICE: the pool is suspended or closed (no connection is tried).</li>
 * </ul>
 * Details: {@code pool}, {@code active}, {@code idle}, {@code pending}, {@code total},
 * {@code min}, {@code max} and {@code saturated} (every connection busy and threads waiting).
 */
public class EddyPoolHealthIndicator extends AbstractHealthIndicator {

    private final EddyDataSource pool;

    public EddyPoolHealthIndicator(EddyDataSource pool) {
        super(ex -> "Health check of Eddy pool " + pool.getPoolName() + " failed");
        this.pool = pool;
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
                .withDetail("saturated", stats.saturated());
        if (stats.closed() || pool.isClosed()) {
            builder.outOfService().withDetail("reason", "the pool is closed");
            return;
        }
        if (stats.suspended() || pool.isSuspended()) {
            builder.outOfService().withDetail("reason", "the pool is suspended");
            return;
        }
        String problem = validateOneConnection(pool.config().validationTimeout());
        if (problem == null) {
            builder.up();
        } else {
            SQLException failing = pool.connectionFailure();
            if (failing != null && !problem.contains(String.valueOf(failing.getMessage()))) {
                problem += "; opening new connections fails: " + SafeMessages.describe(failing, pool.config().password());
            }
            builder.down().withDetail("reason", problem);
        }
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
        // A throw-away daemon thread: health checks are rare, and a stuck check must neither
        // block the caller past the timeout nor keep the JVM alive.
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
}
