package io.github.eddypool.benchmark.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver whose connections do nothing, so that a benchmark measures the pool and nothing else.
 *
 * <p>URLs start with {@value #URL_PREFIX}; anything after the prefix is ignored (e.g. {@code jdbc:stub:bench}).
 * Every connection is a fresh {@link StubConnection}; statements return a result set of one row
 * holding the integer 1. The driver is registered with {@link DriverManager} when the class is loaded
 * and through {@code META-INF/services/java.sql.Driver}.
 */
public final class StubDriver implements Driver {

    /** The URL prefix this driver answers to. */
    public static final String URL_PREFIX = "jdbc:stub:";

    /** A ready-made URL for the benchmarks. */
    public static final String URL = URL_PREFIX + "bench";

    static {
        try {
            DriverManager.registerDriver(new StubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Loads the class, which registers the driver; safe to call more than once. */
    public static void register() {
        // the static initializer does the work
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // JDBC contract: not our URL
        }
        return new StubConnection(url, info == null ? null : info.getProperty("user"));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the stub driver does not log");
    }
}
