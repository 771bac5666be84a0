package io.github.eddypool.internal.pool;

/**
 * Counts of non-negative values in log-linear buckets: values below 16 each have their own
 * bucket, larger ones fall into 8 buckets per power of two (at most 12.5% wide), up to 2^36.
 * Not thread-safe: the {@link SizingAdvisor} guards it.
 */
final class LogHistogram {

    private static final int EXACT = 16;
    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 36;
    static final int BUCKETS = EXACT + (MAX_EXPONENT - 4 + 1) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;

    void record(long value) {
        counts[index(value)]++;
        total++;
    }

    long total() {
        return total;
    }

    static int index(long value) {
        if (value < EXACT) {
            return (int) Math.max(0, value);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB - 1);
        return EXACT + (exponent - 4) * SUB + sub;
    }

    /** The smallest value of bucket {@code i}. */
    static long lowerBound(int i) {
        if (i < EXACT) {
            return i;
        }
        int exponent = (i - EXACT) / SUB + 4;
        int sub = (i - EXACT) % SUB;
        return (long) (SUB + sub) << (exponent - SUB_BITS);
    }

    /** The width of bucket {@code i}. */
    static long width(int i) {
        return i < EXACT ? 1 : 1L << ((i - EXACT) / SUB + 4 - SUB_BITS);
    }

    LogHistogram copy() {
        LogHistogram c = new LogHistogram();
        System.arraycopy(counts, 0, c.counts, 0, BUCKETS);
        c.total = total;
        return c;
    }

    /** The counts recorded since {@code earlier}, a copy of this histogram taken before. */
    LogHistogram minus(LogHistogram earlier) {
        LogHistogram d = new LogHistogram();
        for (int i = 0; i < BUCKETS; i++) {
            d.counts[i] = counts[i] - earlier.counts[i];
        }
        d.total = total - earlier.total;
        return d;
    }

    long count(int bucket) {
        return counts[bucket];
    }

    /**
     * The value of rank {@code rank} (1-based, in ascending order), as the middle of its bucket
     * (the value itself below 16); {@code -1} when fewer values were recorded.
     */
    long valueAtRank(long rank) {
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return i < EXACT ? i : lowerBound(i) + width(i) / 2;
            }
        }
        return -1;
    }
}
