package io.github.eddypool.internal.jmx;

import io.github.eddypool.EddyPool;
import io.github.eddypool.EddyPoolMXBean;
import io.github.eddypool.PoolStats;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a pool as {@code io.github.eddypool:type=Pool,name=<pool-name>} on the platform MBean
 * server. It sees the pool through its public {@link EddyPool} interface only.
 */
public final class PoolMBeanRegistration implements EddyPoolMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(PoolMBeanRegistration.class);

    private final EddyPool pool;
    private final ObjectName objectName;

    private PoolMBeanRegistration(EddyPool pool, ObjectName objectName) {
        this.pool = pool;
        this.objectName = objectName;
    }

    public static ObjectName objectName(String poolName) throws JMException {
        // pool names are limited to [A-Za-z0-9._-], which need no quoting
        return new ObjectName("io.github.eddypool:type=Pool,name=" + poolName);
    }

    /** Registers the pool; logs and returns null if JMX refuses (e.g. a second pool of the same name). */
    public static PoolMBeanRegistration register(EddyPool pool) {
        try {
            ObjectName name = objectName(pool.getPoolName());
            PoolMBeanRegistration bean = new PoolMBeanRegistration(pool, name);
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, name);
            return bean;
        } catch (JMException e) {
            LOG.warn("Pool {}: could not register its MBean ({}); is another pool using the same pool-name?", pool.getPoolName(), e.toString());
            return null;
        }
    }

    public void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
        } catch (JMException e) {
            LOG.debug("Pool {}: MBean already gone", pool.getPoolName(), e);
        }
    }

    private PoolStats stats() {
        return pool.stats();
    }

    @Override
    public String getPoolName() {
        return pool.getPoolName();
    }

    @Override
    public int getTotalConnections() {
        return stats().total();
    }

    @Override
    public int getActiveConnections() {
        return stats().active();
    }

    @Override
    public int getIdleConnections() {
        return stats().idle();
    }

    @Override
    public int getPendingThreads() {
        return stats().pending();
    }

    @Override
    public int getMinSize() {
        return stats().min();
    }

    @Override
    public int getMaxSize() {
        return stats().max();
    }

    @Override
    public long getConnectionsCreated() {
        return stats().created();
    }

    @Override
    public long getConnectionsClosed() {
        return stats().closedTotal();
    }

    @Override
    public long getAcquireTimeouts() {
        return stats().acquireTimeouts();
    }

    @Override
    public long getBorrows() {
        return stats().borrows();
    }

    @Override
    public boolean isSuspended() {
        return pool.isSuspended();
    }

    @Override
    public void softEvictAll() {
        pool.softEvictAll();
    }

    @Override
    public void suspend() {
        pool.suspend();
    }

    @Override
    public void resume() {
        pool.resume();
    }

    @Override
    public void resize(int minSize, int maxSize) {
        pool.resize(minSize, maxSize);
    }
}
