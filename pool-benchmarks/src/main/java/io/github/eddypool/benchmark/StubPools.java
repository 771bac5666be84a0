package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The pool under test, on the stub driver: one per trial (JMH fork and parameter set). */
@State(Scope.Benchmark)
public class StubPools {

    @Param({"eddy", "hikari", "dbcp2", "tomcat", "vibur", "agroal", "c3p0", "nopool", "direct"})
    public String pool;

    /** min = max pool size: as many connections as the largest thread count, so no thread waits. */
    @Param({"8"})
    public int size;

    public PoolHandle handle;

    @Setup(Level.Trial)
    public void start() throws Exception {
        handle = Pools.create(pool, PoolSpec.stub(size));
        if (Pools.POOLS.contains(pool)) {
            handle.prime(size);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        handle.close();
    }

    /** A benchmark thread's borrower on this pool. */
    @State(Scope.Thread)
    public static class StubBorrower extends Borrower {
        @Setup(Level.Trial)
        public void setup(StubPools pools) throws Exception {
            open(pools.handle);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            closeOwn();
        }
    }
}
