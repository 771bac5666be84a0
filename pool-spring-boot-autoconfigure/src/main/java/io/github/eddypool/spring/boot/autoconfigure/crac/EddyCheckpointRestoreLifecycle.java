package io.github.eddypool.spring.boot.autoconfigure.crac;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Lets the application's Eddy pools take part in a CRaC checkpoint and restore: a checkpoint
 * must not hold open sockets, and connections opened before it would be dead after a restore.
 *
 * <p>On {@link #stop()} (Spring calls it before a checkpoint) every running Eddy pool of the
 * context is suspended (borrowers wait, no connection is opened), its idle connections are closed
 * and borrowed ones are closed as they come back; then it waits, at most the longest
 * {@code connection-timeout} plus {@value #MARGIN_MILLIS} ms, until no pool holds a physical
 * connection. A pool suspended before is drained too, and stays suspended. On {@link #start()}
 * (after the restore) the pools it suspended are resumed and refill to {@code min-size}. The pools are the {@code DataSource} beans of the context that are, or wrap,
 * an {@link EddyDataSource}; pools not started yet are left alone (they have no connection).
 *
 * <p>{@link #isRunning()} is true while some pool is started, open and not suspended, as
 * {@code HikariDataSource.isRunning()} is for Boot's Hikari lifecycle. When the context is
 * closing, {@code stop()} leaves the pools lending: their own {@code close()} follows, with its
 * grace period for borrowed connections.
 */
public class EddyCheckpointRestoreLifecycle implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(EddyCheckpointRestoreLifecycle.class);

    /** Added to the longest connection-timeout when waiting for the connections to close. */
    static final long MARGIN_MILLIS = 1_000;
    private static final long POLL_MILLIS = 25;

    private final ConfigurableApplicationContext context;
    /** The pools {@link #stop()} suspended, to resume on {@link #start()}. Guarded by this. */
    private final List<EddyDataSource> suspendedByUs = new ArrayList<>();

    public EddyCheckpointRestoreLifecycle(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public synchronized void start() {
        if (suspendedByUs.isEmpty()) {
            return;
        }
        for (EddyDataSource pool : suspendedByUs) {
            if (pool.isClosed()) {
                LOG.warn("Eddy pool {} was closed while suspended for a checkpoint; it is not resumed", pool.getPoolName());
                continue;
            }
            LOG.info("Resuming Eddy pool {} after restore", pool.getPoolName());
            pool.resume();
        }
        suspendedByUs.clear();
    }

    @Override
    public synchronized void stop() {
        if (context.isClosed()) {
            return; // shutting down, not checkpointing: each pool's close() drains it with its grace period
        }
        List<EddyDataSource> pools = new ArrayList<>();
        for (EddyDataSource pool : pools()) {
            if (pool.isStarted() && !pool.isClosed()) {
                pools.add(pool); // including one suspended already: it must not hold connections either
            }
        }
        if (pools.isEmpty()) {
            return;
        }
        long waitMillis = MARGIN_MILLIS;
        for (EddyDataSource pool : pools) {
            LOG.info("Suspending Eddy pool {} and closing its connections for a checkpoint", pool.getPoolName());
            if (!pool.isSuspended()) {
                pool.suspend();
                suspendedByUs.add(pool);
            }
            pool.softEvictAll();
            waitMillis = Math.max(waitMillis, pool.config().connectionTimeout().toMillis() + MARGIN_MILLIS);
        }
        awaitNoConnections(pools, Duration.ofMillis(waitMillis));
    }

    /**
     * Waits until no pool holds a connection or is still closing one. Borrowed connections are closed when returned; an
     * attempt already under way when the pool was suspended may still add a connection, so idle
     * ones are evicted again on every poll.
     */
    private void awaitNoConnections(List<EddyDataSource> pools, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            List<EddyDataSource> holding = new ArrayList<>();
            for (EddyDataSource pool : pools) {
                // A retired connection leaves the pool's count before its socket is closed.
                if (!pool.isClosed() && (pool.stats().total() > 0 || pool.closingConnections() > 0)) {
                    holding.add(pool);
                    if (pool.stats().idle() > 0) {
                        pool.softEvictAll();
                    }
                }
            }
            if (holding.isEmpty()) {
                LOG.debug("Eddy pools {} hold no connection", names(pools));
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                StringBuilder msg = new StringBuilder();
                for (EddyDataSource pool : holding) {
                    msg.append(' ').append(pool.stats()).append(" borrowed by ").append(pool.borrowedConnections());
                }
                LOG.warn("Eddy: connections still open after waiting {} ms for a checkpoint; the checkpoint may fail "
                        + "or hold dead connections:{}", timeout.toMillis(), msg);
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Eddy: interrupted while waiting for the connections of {} to close for a checkpoint", names(pools));
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return !runningPools().isEmpty();
    }

    /** The Eddy pools of the context that are started, open and lending. */
    List<EddyDataSource> runningPools() {
        List<EddyDataSource> running = new ArrayList<>();
        for (EddyDataSource pool : pools()) {
            if (pool.isStarted() && !pool.isClosed() && !pool.isSuspended()) {
                running.add(pool);
            }
        }
        return running;
    }

    /**
     * Every Eddy pool behind a {@code DataSource} bean already created (lazy beans not created yet
     * have no connection, and are not created here), each once, looking through JDBC wrappers and
     * proxies. Includes beans that are not default candidates for injection.
     */
    List<EddyDataSource> pools() {
        if (!context.isActive()) {
            return List.of();
        }
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        Set<EddyDataSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<EddyDataSource> pools = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForType(DataSource.class, false, false)) {
            if (!beanFactory.containsSingleton(name)) {
                continue;
            }
            Object bean = beanFactory.getSingleton(name);
            if (bean instanceof FactoryBean<?>) {
                bean = beanFactory.getBean(name);
            }
            if (bean instanceof DataSource dataSource) {
                EddyDataSource pool = DataSourceUnwrapper.unwrap(dataSource, EddyPool.class, EddyDataSource.class);
                if (pool != null && seen.add(pool)) {
                    pools.add(pool);
                }
            }
        }
        return pools;
    }

    private static List<String> names(List<EddyDataSource> pools) {
        return pools.stream().map(EddyDataSource::getPoolName).toList();
    }
}
