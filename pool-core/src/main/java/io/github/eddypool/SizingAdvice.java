package io.github.eddypool;

/**
 * How well {@code max-size} fits the load over the last minute (a sliding window), and what size
 * would fit. The pool measures it without work on the borrow path: its scheduler thread samples
 * the connections in use every {@value #SAMPLE_PERIOD_MILLIS} ms on average, at random intervals so that
 * a periodic load cannot fall in step with it (how many, and how long each has been held so far),
 * and borrowers that had to wait record their wait.
 *
 * @param poolName              the pool's name
 * @param windowSeconds         the span measured: up to the last 60 s (less just after start)
 * @param borrows               successful borrows within the window
 * @param timeouts              borrows that timed out or were shed within the window
 * @param borrowRatePerSecond   successful borrows per second
 * @param meanHoldMillis        mean time a borrower held its connection: {@code demand / rate}
 *                              (Little's law); null without borrows
 * @param p99HoldMillis         99th percentile of the hold time, estimated from the ages of the
 *                              connections in use at each sample; null with too few samples
 *                              (fewer than 50 connections seen in use)
 * @param demand                mean connections in use: by Little's law, borrow rate times mean hold
 * @param meanWaiting           mean threads waiting for a connection
 * @param p99WaitMillis         99th percentile of the time borrowers waited (timeouts and shed
 *                              requests count as waiting the whole connection-timeout)
 * @param p99WaitShareOfTimeout {@code p99WaitMillis} as a share of connection-timeout, 0 to 1
 * @param peakConcurrency       95th percentile of connections in use plus threads waiting, over the samples
 * @param formulaSize           the rule of thumb {@code cores * 2 + spindles} for the database, divided
 *                              by fleet-size (see {@link PoolSizing}); null unless database-cores is set
 * @param serverMaxConnections  the connections the database server allows to ordinary users, read
 *                              once at start; null when unknown
 * @param fleetSize             instances of this application sharing the database
 * @param maxSize               the pool's current max-size
 * @param recommendedMaxSize    the max-size the measurements call for
 * @param advice                the recommendation and its reasoning, in words
 */
public record SizingAdvice(
        String poolName,
        double windowSeconds,
        long borrows,
        long timeouts,
        double borrowRatePerSecond,
        Double meanHoldMillis,
        Double p99HoldMillis,
        double demand,
        double meanWaiting,
        double p99WaitMillis,
        double p99WaitShareOfTimeout,
        int peakConcurrency,
        Integer formulaSize,
        Integer serverMaxConnections,
        int fleetSize,
        int maxSize,
        int recommendedMaxSize,
        String advice) {

    /** How often the pool samples the connections in use, in milliseconds: the mean of intervals of 0.5 to 1.5 times it. */
    public static final int SAMPLE_PERIOD_MILLIS = 100;
}
