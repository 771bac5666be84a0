package io.github.eddypool.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.Credentials;
import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario 12: invalid configurations and misuse, each with its exact error. */
@Timeout(20)
class BadInputTest {

    interface Case {
        void run() throws Exception;
    }

    private static final DataSource SOME_DATA_SOURCE = new EddyDataSourceStub();

    private static EddyConfig.Builder valid() {
        return EddyConfig.builder().poolName("bad").jdbcUrl(ScriptedDriver.newScript("bad").url());
    }

    private static Case config(Function<EddyConfig.Builder, EddyConfig.Builder> change) {
        return () -> change.apply(valid()).build();
    }

    private static Case withPool(PoolAction action) {
        return () -> {
            DriverScript db = ScriptedDriver.newScript("misuse");
            try (EddyDataSource pool = new EddyDataSource(EddyConfig.builder().poolName("bad").jdbcUrl(db.url())
                    .minSize(1).maxSize(1).connectionTimeout(Duration.ofMillis(250))
                    .validationTimeout(Duration.ofMillis(250)).build())) {
                action.run(pool);
            }
        };
    }

    interface PoolAction {
        void run(EddyDataSource pool) throws Exception;
    }

    static Stream<Arguments> cases() {
        String ds = EddyDataSourceStub.class.getName();
        return Stream.of(
                Arguments.of("no URL", config(b -> b.jdbcUrl(null)), EddyConfigException.class,
                        "jdbc-url: no JDBC URL is set. Set jdbc-url (spring.datasource.url in Spring Boot), e.g. jdbc:postgresql://localhost:5432/mydb, or hand in a DataSource"),
                Arguments.of("not a JDBC URL", config(b -> b.jdbcUrl("postgresql://u:pw@h/db")), EddyConfigException.class,
                        "jdbc-url: 'postgresql://u:******@h/db' is not a JDBC URL. A JDBC URL starts with 'jdbc:', e.g. jdbc:postgresql://localhost:5432/mydb"),
                Arguments.of("URL and DataSource", config(b -> b.dataSource(SOME_DATA_SOURCE)), EddyConfigException.class,
                        "jdbc-url: both a JDBC URL and a DataSource are set. Set either jdbc-url or data-source, not both"),
                Arguments.of("max-size 0", config(b -> b.maxSize(0)), EddyConfigException.class,
                        "max-size: must be at least 1, was 0. Set max-size to the most connections the pool may open (the default is 10)"),
                Arguments.of("min-size negative", config(b -> b.minSize(-1)), EddyConfigException.class,
                        "min-size: must be 0 or more, was -1. Set min-size to the connections to keep open at all times, or 0"),
                Arguments.of("min above max", config(b -> b.minSize(5).maxSize(2)), EddyConfigException.class,
                        "min-size: (5) is greater than max-size (2). Lower min-size or raise max-size"),
                Arguments.of("max-waiting -2", config(b -> b.maxWaiting(-2)), EddyConfigException.class,
                        "max-waiting: must be -1 (no cap), 0 (never wait) or more, was -2. Set the most threads allowed to wait, or -1 for no cap"),
                Arguments.of("creation-concurrency 0", config(b -> b.creationConcurrency(0)), EddyConfigException.class,
                        "creation-concurrency: must be at least 1, was 0. Set how many connections may be opened at once (the default is 4)"),
                Arguments.of("connection-timeout negative", config(b -> b.connectionTimeout(Duration.ofSeconds(-1))), EddyConfigException.class,
                        "connection-timeout: must be at least 250ms, was -1000ms. Raise it to 250ms or more"),
                Arguments.of("connection-timeout too short", config(b -> b.connectionTimeout(Duration.ofMillis(100))), EddyConfigException.class,
                        "connection-timeout: must be at least 250ms, was 100ms. Raise it to 250ms or more"),
                Arguments.of("connection-timeout null", config(b -> b.connectionTimeout(null)), EddyConfigException.class,
                        "connection-timeout: is not set. Set a duration such as 30s"),
                Arguments.of("validation-timeout too short", config(b -> b.validationTimeout(Duration.ofMillis(10))), EddyConfigException.class,
                        "validation-timeout: must be at least 250ms, was 10ms. Raise it to 250ms or more"),
                Arguments.of("validation longer than connection timeout",
                        config(b -> b.connectionTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofSeconds(2))), EddyConfigException.class,
                        "validation-timeout: (PT2S) is longer than connection-timeout (PT1S). A borrower would time out before a test ends: lower validation-timeout"),
                Arguments.of("idle-timeout too short", config(b -> b.idleTimeout(Duration.ofMillis(500))), EddyConfigException.class,
                        "idle-timeout: must be at least 1000ms, was 500ms. Raise it to 1000ms or more, or 0 to disable it"),
                Arguments.of("max-lifetime negative", config(b -> b.maxLifetime(Duration.ofSeconds(-5))), EddyConfigException.class,
                        "max-lifetime: must be at least 1000ms, was -5000ms. Raise it to 1000ms or more, or 0 to disable it"),
                Arguments.of("keepalive not below max-lifetime",
                        config(b -> b.maxLifetime(Duration.ofMinutes(1)).keepaliveTime(Duration.ofMinutes(1))), EddyConfigException.class,
                        "keepalive-time: (PT1M) is not shorter than max-lifetime (PT1M). Lower keepalive-time, or set it to 0 to disable keepalive tests"),
                Arguments.of("leak threshold too short", config(b -> b.leakDetectionThreshold(Duration.ofMillis(100))), EddyConfigException.class,
                        "leak-detection-threshold: must be at least 500ms, was 100ms. Raise it to 500ms or more, or 0 to disable it"),
                Arguments.of("housekeeping too often", config(b -> b.housekeepingPeriod(Duration.ofMillis(50))), EddyConfigException.class,
                        "housekeeping-period: must be at least 100ms, was 50ms. Raise it to 100ms or more"),
                Arguments.of("shutdown grace negative", config(b -> b.shutdownGracePeriod(Duration.ofSeconds(-1))), EddyConfigException.class,
                        "shutdown-grace-period: must not be negative, was PT-1S. Set how long close() waits for borrowed connections, or 0 to abort them at once"),
                Arguments.of("initialization-fail-timeout null", config(b -> b.initializationFailTimeout(null)), EddyConfigException.class,
                        "initialization-fail-timeout: is not set. Set a duration such as 30s"),
                Arguments.of("max-queries negative", config(b -> b.maxQueries(-1)), EddyConfigException.class,
                        "max-queries: must be 0 (no limit) or more, was -1. Set a positive number of statements per connection, or 0 to never retire on use"),
                Arguments.of("blank test query", config(b -> b.connectionTestQuery("  ")), EddyConfigException.class,
                        "connection-test-query: is blank. Remove it to test with JDBC isValid(), or set a query such as SELECT 1"),
                Arguments.of("blank init SQL", config(b -> b.connectionInitSql("")), EddyConfigException.class,
                        "connection-init-sql: is blank. Remove it or set the SQL to run on each new connection"),
                Arguments.of("unknown isolation", config(b -> b.transactionIsolation("SNAPSHOT")), EddyConfigException.class,
                        "transaction-isolation: 'SNAPSHOT' is not an isolation level. Use one of READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE or NONE, or remove it for the driver's default"),
                Arguments.of("bad pool name", config(b -> b.poolName("my pool!")), EddyConfigException.class,
                        "pool-name: 'my pool!' is not a valid pool name. Use 1 to 64 letters, digits, '.', '_' or '-'"),
                Arguments.of("driver class missing", config(b -> b.driverClassName("com.example.NoSuchDriver")), EddyConfigException.class,
                        "driver-class-name: class com.example.NoSuchDriver is not on the classpath. Add the JDBC driver's jar to the classpath, fix the class name, or remove driver-class-name to let the URL pick the driver"),
                Arguments.of("driver class not a Driver", config(b -> b.driverClassName("java.lang.String")), EddyConfigException.class,
                        "driver-class-name: class java.lang.String is not a java.sql.Driver. Set the driver class (e.g. org.postgresql.Driver), not a DataSource or another class"),
                Arguments.of("credentials supplier and password",
                        config(b -> b.password("x").credentialsSupplier(() -> new Credentials("u", "p"))), EddyConfigException.class,
                        "credentials-supplier: is set together with a fixed username or password. Use either the credentials supplier or username/password"),
                Arguments.of("DataSource and driver class",
                        config(b -> b.jdbcUrl(null).dataSource(SOME_DATA_SOURCE).driverClassName("org.postgresql.Driver")), EddyConfigException.class,
                        "driver-class-name: is set together with a DataSource. Remove driver-class-name: the DataSource opens the connections"),
                Arguments.of("DataSource and driver properties",
                        config(b -> b.jdbcUrl(null).dataSource(SOME_DATA_SOURCE).dataSourceProperty("ssl", "true")), EddyConfigException.class,
                        "data-source-properties: are set together with a DataSource. Configure the DataSource object itself; driver properties only apply with jdbc-url or data-source-class-name"),
                Arguments.of("no driver for the URL",
                        (Case) () -> new EddyDataSource(EddyConfig.builder().poolName("bad").jdbcUrl("jdbc:nosuchdb://h/db").build()).close(),
                        EddyConfigException.class,
                        "jdbc-url: no JDBC driver on the classpath accepts 'jdbc:nosuchdb://h/db'. Add the database's JDBC driver to the classpath, set driver-class-name, or check the URL's prefix"),
                Arguments.of("getConnection on a closed pool", withPool(pool -> {
                    pool.close();
                    pool.getConnection();
                }), SQLTransientConnectionException.class,
                        "Eddy pool bad is closed; no more connections are lent. Use an open pool (was the application shutting down?)"),
                Arguments.of("use of a closed connection", withPool(pool -> {
                    Connection c = pool.getConnection();
                    c.close();
                    c.createStatement();
                }), SQLException.class,
                        "This connection was closed and returned to the pool; calling createStatement() on it is not allowed. Borrow a new one with getConnection()."),
                Arguments.of("statement of a closed connection", withPool(pool -> {
                    Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    c.close();
                    s.execute("select 1");
                }), SQLException.class, "scripted statement is closed"),   // the pool passes the driver's own error through
                Arguments.of("unwrap to a wrong type", withPool(pool -> {
                    try (Connection c = pool.getConnection()) {
                        c.unwrap(java.io.File.class);
                    }
                }), SQLException.class,
                        "This pooled connection wraps a io.github.eddypool.testing.ScriptedConnection, which is not a java.io.File and does not wrap one; check the type passed to unwrap()"),
                Arguments.of("getConnection with user and password", withPool(pool -> pool.getConnection("u", "p")),
                        SQLFeatureNotSupportedException.class,
                        "Eddy pool bad lends connections with its own credentials; configure username/password or a credentials supplier on the pool"),
                Arguments.of("setLoginTimeout", withPool(pool -> pool.setLoginTimeout(5)), SQLFeatureNotSupportedException.class,
                        "Eddy pool bad: set connection-timeout in the pool configuration instead of the login timeout"),
                Arguments.of("resize min above max", withPool(pool -> pool.resize(5, 2)), EddyConfigException.class,
                        "min-size: (5) is greater than max-size (2). Resize with min-size <= max-size"),
                Arguments.of("resize to max 0", withPool(pool -> pool.resize(0, 0)), EddyConfigException.class,
                        "max-size: must be at least 1, was 0. Resize to a maximum of 1 or more"),
                Arguments.of("unwrap the pool to a wrong type", withPool(pool -> pool.unwrap(java.io.File.class)), SQLException.class,
                        "Eddy pool bad is not a wrapper for java.io.File"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void rejectedWithItsSpecificError(String name, Case action, Class<? extends Throwable> type, String message) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).as(name).isInstanceOf(type);
        assertThat(thrown.getMessage()).as(name).isEqualTo(message);
        if (thrown instanceof EddyConfigException e) {
            assertThat(message).startsWith(e.property() + ": ").endsWith(e.action());
        }
    }

    /** A DataSource that is never asked for a connection (the configs using it are invalid). */
    static final class EddyDataSourceStub implements DataSource {
        @Override public Connection getConnection() throws SQLException { throw new SQLException("stub"); }
        @Override public Connection getConnection(String u, String p) throws SQLException { throw new SQLException("stub"); }
        @Override public java.io.PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(java.io.PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("stub"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
