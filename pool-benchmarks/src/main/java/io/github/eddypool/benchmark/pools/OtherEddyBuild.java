package io.github.eddypool.benchmark.pools;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Eddy from another build of pool-core, beside the one in this jar: pool {@code eddy@/path/to/pool-core.jar}.
 * For comparing two versions of the pool in one JVM, alternating (as {@code CostPerOperation} does),
 * so that a machine whose speed drifts over minutes gives both the same conditions; separate JMH forks
 * minutes apart do not. Configured as {@link Pools}' {@code eddy}, through the JavaBean setters, since
 * its classes are not this jar's.
 */
final class OtherEddyBuild {

    static final String PREFIX = "eddy@";

    private OtherEddyBuild() {
    }

    static PoolHandle create(String name, PoolSpec spec) throws SQLException {
        Path jar = Path.of(name.substring(PREFIX.length()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("pool " + name + ": no pool-core jar at " + jar);
        }
        URLClassLoader loader = new EddyFirst(jar, OtherEddyBuild.class.getClassLoader());
        try {
            Class<?> type = loader.loadClass("io.github.eddypool.EddyDataSource");
            Object ds = type.getConstructor().newInstance();
            type.getMethod("setPoolName", String.class).invoke(ds, "bench-other-eddy");
            type.getMethod("setJdbcUrl", String.class).invoke(ds, spec.jdbcUrl());
            type.getMethod("setDriverClassName", String.class).invoke(ds, spec.driverClassName());
            type.getMethod("setUsername", String.class).invoke(ds, spec.username());
            type.getMethod("setPassword", String.class).invoke(ds, spec.password());
            type.getMethod("setMinSize", int.class).invoke(ds, spec.size());
            type.getMethod("setMaxSize", int.class).invoke(ds, spec.size());
            type.getMethod("setConnectionTimeout", Duration.class).invoke(ds, Duration.ofMillis(PoolSpec.CONNECTION_TIMEOUT_MS));
            type.getMethod("setAutoCommit", boolean.class).invoke(ds, true);
            type.getMethod("setLeakDetectionThreshold", Duration.class).invoke(ds, Duration.ZERO);
            type.getMethod("setRegisterMbeans", boolean.class).invoke(ds, false);
            DataSource dataSource = (DataSource) ds;
            return new Pools.Handle(name, dataSource, () -> total(dataSource), () -> close(dataSource, loader));
        } catch (InvocationTargetException e) {
            throw new SQLException("pool " + name + " could not be configured", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("pool " + name + ": " + jar + " is not a pool-core jar this benchmark can drive", e);
        }
    }

    /** {@code stats().total()}, or -1 when this build has no such method. */
    private static int total(DataSource dataSource) {
        try {
            Object stats = dataSource.getClass().getMethod("stats").invoke(dataSource);
            return (int) stats.getClass().getMethod("total").invoke(stats);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    private static void close(DataSource dataSource, URLClassLoader loader) {
        try {
            ((AutoCloseable) dataSource).close();
            loader.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + dataSource, e);
        }
    }

    /** Loads Eddy's own classes (not the benchmark's) from the jar first; everything else from the parent. */
    private static final class EddyFirst extends URLClassLoader {

        EddyFirst(Path jar, ClassLoader parent) {
            super(new URL[] {url(jar)}, parent);
        }

        private static URL url(Path jar) {
            try {
                return jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jar.toString(), e);
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.github.eddypool.") || name.startsWith("io.github.eddypool.benchmark.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
