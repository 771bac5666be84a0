package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.NoPoolDataSource;
import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to start a pool of {@code size} (20) connections to the local PostgreSQL: construct the pool,
 * then wait until the pool itself reports {@code size} open connections (each pool's own API; see
 * {@link Pools}). One pool per measured invocation (SingleShotTime); it is closed, and its server
 * processes gone, before the next. {@code direct} opens the 20 raw connections one after another in
 * the calling thread: the serial baseline.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(1)
@State(Scope.Thread)
public class Startup {

    @Param({"eddy", "hikari", "dbcp2", "tomcat", "vibur", "agroal", "c3p0", "direct"})
    public String pool;

    @Param({"20"})
    public int size;

    private PoolHandle handle;
    private final List<Connection> direct = new ArrayList<>();
    private Connection observer;
    private int baselineBackends;

    @Setup(Level.Trial)
    public void observe() throws SQLException {
        observer = new NoPoolDataSource(PoolSpec.postgres(1)).getConnection();
        baselineBackends = backends();
    }

    @TearDown(Level.Trial)
    public void stopObserving() throws SQLException {
        observer.close();
    }

    @Benchmark
    public Object open() throws Exception {
        PoolSpec spec = PoolSpec.postgres(size).withCountForStartup();
        handle = Pools.create(pool, spec);
        if (Pools.DIRECT.equals(pool)) {
            for (int i = 0; i < size; i++) {
                direct.add(handle.dataSource().getConnection());
            }
            return direct;
        }
        handle.awaitOpen(size, 60, TimeUnit.SECONDS);
        return handle;
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        for (Connection c : direct) {
            c.close();
        }
        direct.clear();
        if (handle != null) {
            handle.close();
            handle = null;
        }
        // Wait (untimed) until the server processes of the closed pool are gone, so that the next
        // trial starts from the same state and max_connections is never approached.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backends() > baselineBackends && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Client backends of this database, as PostgreSQL counts them (other sessions included). */
    private int backends() throws SQLException {
        try (Statement s = observer.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE backend_type = 'client backend' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
