package io.github.eddypool.benchmark.pools;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;

/**
 * No pool at all: every {@link #getConnection()} opens a new physical connection straight from the
 * driver (looked up once), and closing it closes the physical connection. This is the {@code nopool}
 * baseline, and how the {@code direct} baseline opens each thread's own connection.
 */
public final class NoPoolDataSource extends BaselineDataSource {

    private final Driver driver;
    private final String url;
    private final Properties properties = new Properties();

    public NoPoolDataSource(PoolSpec spec) throws SQLException {
        try {
            Class.forName(spec.driverClassName());
        } catch (ClassNotFoundException e) {
            throw new SQLException("driver class " + spec.driverClassName() + " is not on the classpath", e);
        }
        this.url = spec.jdbcUrl();
        this.driver = DriverManager.getDriver(url);
        if (spec.username() != null) {
            properties.setProperty("user", spec.username());
        }
        if (spec.password() != null) {
            properties.setProperty("password", spec.password());
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = driver.connect(url, properties);
        if (c == null) {
            throw new SQLException("driver " + driver + " does not accept " + url);
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", username);
        p.setProperty("password", password);
        return driver.connect(url, p);
    }
}
