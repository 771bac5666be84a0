package io.github.eddypool;

/**
 * The pool as a JMX MXBean, registered as {@code io.github.eddypool:type=Pool,name=<pool-name>}
 * when {@code register-mbeans} is on. Shows no secret.
 */
public interface EddyPoolMXBean {

    String getPoolName();

    int getTotalConnections();

    int getActiveConnections();

    int getIdleConnections();

    int getPendingThreads();

    int getMinSize();

    int getMaxSize();

    long getConnectionsCreated();

    long getConnectionsClosed();

    long getAcquireTimeouts();

    long getBorrows();

    boolean isSuspended();

    void softEvictAll();

    void suspend();

    void resume();

    void resize(int minSize, int maxSize);
}
