package io.github.eddypool;

/**
 * The pool-size rule of thumb: a database serves best with about {@code cores * 2 +
 * effective spindles} connections in flight; more only queue inside the database. Divide the
 * result by the number of application instances that share the database.
 */
public final class PoolSizing {

    private PoolSizing() {
    }

    /**
     * The recommended {@code max-size} for one application instance.
     *
     * @param databaseCores     CPU cores of the database server (at least 1)
     * @param effectiveSpindles disks the working set does not fit in memory for (0 for SSD/cached)
     * @param appInstances      application instances sharing the database (at least 1)
     * @return {@code max(1, ceil((cores * 2 + spindles) / instances))}
     */
    public static int recommendedMaxSize(int databaseCores, int effectiveSpindles, int appInstances) {
        if (databaseCores < 1) {
            throw new IllegalArgumentException("databaseCores must be at least 1, was " + databaseCores);
        }
        if (effectiveSpindles < 0) {
            throw new IllegalArgumentException("effectiveSpindles must be 0 or more, was " + effectiveSpindles);
        }
        if (appInstances < 1) {
            throw new IllegalArgumentException("appInstances must be at least 1, was " + appInstances);
        }
        int connections = databaseCores * 2 + effectiveSpindles;
        return Math.max(1, (connections + appInstances - 1) / appInstances);
    }

    /** The recommended {@code max-size} for a single application instance. */
    public static int recommendedMaxSize(int databaseCores, int effectiveSpindles) {
        return recommendedMaxSize(databaseCores, effectiveSpindles, 1);
    }
}
