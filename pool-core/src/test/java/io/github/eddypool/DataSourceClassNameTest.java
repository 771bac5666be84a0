package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresPostgres;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code data-source-class-name} (HikariCP's dataSourceClassName): the pool instantiates the
 * vendor's DataSource and sets {@code data-source-properties} on it through its setters, with a
 * specific error for every setting that does not fit and no secret in any of them.
 */
@Timeout(30)
class DataSourceClassNameTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    @Test
    void theClassIsInstantiatedAndEachPropertySetThroughItsSetter() {
        EddyConfig config = named(BeanDataSource.class, Map.of(
                "host", "db.example", "port", "6543", "timeoutMillis", "2500", "ssl", "TRUE", "boxedRetries", "3",
                "mode", "read_write", "hosts", "a, b", "ports", "1,2", "applicationname", "orders"));
        BeanDataSource ds = (BeanDataSource) config.dataSource();
        assertThat(ds.host).isEqualTo("db.example");
        assertThat(ds.port).isEqualTo(6543);
        assertThat(ds.timeoutMillis).isEqualTo(2500L);
        assertThat(ds.ssl).isTrue();
        assertThat(ds.boxedRetries).isEqualTo(3);
        assertThat(ds.mode).isEqualTo(Mode.READ_WRITE);
        assertThat(ds.hosts).containsExactly("a", "b");
        assertThat(ds.ports).containsExactly(1, 2);
        assertThat(ds.applicationName).as("matched ignoring case").isEqualTo("orders");
        assertThat(config.dataSourceClassName()).isEqualTo(BeanDataSource.class.getName());
        assertThat(config.describe()).containsEntry("data-source-class-name", BeanDataSource.class.getName())
                .doesNotContainKey("data-source");

        EddyConfig copy = config.toBuilder().build();
        assertThat(copy.dataSource()).as("a derived copy makes its own").isInstanceOf(BeanDataSource.class).isNotSameAs(ds);
        assertThat(((BeanDataSource) copy.dataSource()).port).isEqualTo(6543);
    }

    @Test
    void pgjdbcsDataSourceTakesItsDocumentedProperties() {
        EddyConfig config = named(PGSimpleDataSource.class, Map.of("serverNames", "10.0.0.5,10.0.0.6",
                "portNumbers", "5433,5434", "databaseName", "orders", "ssl", "true", "connectTimeout", "7"));
        PGSimpleDataSource pg = (PGSimpleDataSource) config.dataSource();
        assertThat(pg.getServerNames()).containsExactly("10.0.0.5", "10.0.0.6");
        assertThat(pg.getPortNumbers()).containsExactly(5433, 5434);
        assertThat(pg.getDatabaseName()).isEqualTo("orders");
        assertThat(pg.getSsl()).isTrue();
        assertThat(pg.getConnectTimeout()).isEqualTo(7);
    }

    @Test
    @RequiresPostgres
    void aPoolOnPgjdbcsDataSourceServesConnections() throws Exception {
        Server server = Server.POSTGRES;
        EddyDataSource pool = res.openAsUserOf(server, EddyConfig.builder().poolName("dscn-pg")
                .dataSourceClassName(PGSimpleDataSource.class.getName()).dataSourceProperty("url", server.url())
                .minSize(1).maxSize(2).connectionTimeout(Duration.ofSeconds(5)).shutdownGracePeriod(Duration.ZERO));
        assertThat(pool.stats().total()).isPositive();

        // the same through the JavaBean setters, as frameworks that build a DataSource by reflection set it
        EddyDataSource bean = res.track(new EddyDataSource());
        bean.setPoolName("dscn-pg-bean");
        bean.setDataSourceClassName(PGSimpleDataSource.class.getName());
        bean.setDataSourceProperties(Map.of("url", server.url()));
        bean.setUsername(server.user());
        if (!server.password().isEmpty()) {
            bean.setPassword(server.password());
        }
        bean.setMinSize(1);
        bean.setMaxSize(1);
        try (Connection c = bean.getConnection()) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThat(bean.config().dataSourceClassName()).isEqualTo(PGSimpleDataSource.class.getName());
    }

    @Test
    void settingsThatDoNotFitAreRefusedSayingWhatToChange() {
        String bean = BeanDataSource.class.getName();
        assertRefused(b -> b.dataSourceClassName("com.example.NoSuchDataSource"),
                "data-source-class-name: class com.example.NoSuchDataSource is not on the classpath. Add the vendor's jar to the"
                        + " classpath, or fix the class name (e.g. org.postgresql.ds.PGSimpleDataSource)");
        assertRefused(b -> b.dataSourceClassName("java.lang.String"),
                "data-source-class-name: class java.lang.String is not a javax.sql.DataSource. Name the vendor's DataSource class"
                        + " (e.g. org.postgresql.ds.PGSimpleDataSource), or set jdbc-url and driver-class-name instead");
        assertRefused(b -> b.dataSourceClassName(NeedsArguments.class.getName()),
                "data-source-class-name: class " + NeedsArguments.class.getName() + " has no public no-argument constructor."
                        + " Name a DataSource class that has one, or build the DataSource in code and hand it in with dataSource(...)");
        assertRefused(b -> b.dataSourceClassName(bean).dataSourceProperty("hostname", "x"),
                "data-source-properties: 'hostname' is not a property of " + bean + " (it has no public setter setHostname taking"
                        + " text, a number, a boolean or an enum). Fix the name as the vendor's DataSource documents it (e.g."
                        + " serverName, portNumber, databaseName, user), or remove it");
        assertRefused(b -> b.dataSourceClassName(bean).dataSourceProperty("port", "54x"),
                "data-source-properties: 'port' value '54x' cannot be read as int, which BeanDataSource.setPort takes. Give a number");
        assertRefused(b -> b.dataSourceClassName(bean).dataSourceProperty("ssl", "yes"),
                "data-source-properties: 'ssl' value 'yes' cannot be read as boolean, which BeanDataSource.setSsl takes. Use true or false");
        assertRefused(b -> b.dataSourceClassName(bean).dataSourceProperty("mode", "sideways"),
                "data-source-properties: 'mode' value 'sideways' is not one of [READ_ONLY, READ_WRITE]. Use one of those values");
        assertRefused(b -> b.dataSourceClassName(bean).dataSourceProperty("ports", "1,x"),
                "data-source-properties: 'ports' value '1,x' cannot be read as int[], which BeanDataSource.setPorts takes. Give a"
                        + " comma-separated list of numbers");
        assertRefused(b -> b.dataSourceClassName(PGSimpleDataSource.class.getName()).dataSourceProperty("uRl", "jdbc:postgresql://h/db"),
                "data-source-properties: 'uRl' matches several setters of org.postgresql.ds.PGSimpleDataSource (setURL, setUrl)."
                        + " Spell the property as the setter it is meant for, e.g. 'URL'");
        assertRefused(b -> b.dataSourceClassName(bean).jdbcUrl("jdbc:postgresql://h/db"),
                "data-source-class-name: is set together with jdbc-url. The DataSource class opens the connections: remove"
                        + " jdbc-url, and give the DataSource its server in data-source-properties (e.g. serverName, portNumber,"
                        + " databaseName; or url if the class takes one)");
        assertRefused(b -> b.dataSourceClassName(bean).driverClassName("org.postgresql.Driver"),
                "data-source-class-name: is set together with driver-class-name. Remove driver-class-name: the DataSource class"
                        + " opens the connections");
        assertRefused(b -> b.dataSourceClassName(bean).dataSource(new BeanDataSource()),
                "data-source-class-name: is set together with a DataSource object. Either hand in the DataSource or name its"
                        + " class, not both");
    }

    @Test
    void aRefusedSecretIsNotShown() {
        assertThatThrownBy(() -> EddyConfig.builder().dataSourceClassName(BeanDataSource.class.getName())
                .dataSourceProperty("password", "hunter2-secret").build())
                .isInstanceOf(EddyConfigException.class)
                .hasMessage("data-source-properties: 'password' was refused by BeanDataSource.setPassword"
                        + " (IllegalArgumentException: password ****** is too short). Give 'password' a value the DataSource accepts")
                .hasMessageNotContaining("hunter2");
    }

    private static EddyConfig named(Class<?> type, Map<String, String> properties) {
        return EddyConfig.builder().poolName("dscn").dataSourceClassName(type.getName()).dataSourceProperties(properties).build();
    }


    public enum Mode { READ_ONLY, READ_WRITE }

    /** A vendor-style DataSource with setters of every kind a text setting can fill; it opens no connection. */
    public static final class BeanDataSource extends BaseBean {
        String host;
        int port;
        long timeoutMillis;
        boolean ssl;
        Integer boxedRetries;
        Mode mode;
        String[] hosts;
        int[] ports;
        String applicationName;

        public void setHost(String host) { this.host = host; }
        public void setPort(int port) { this.port = port; }
        public void setTimeoutMillis(long timeoutMillis) { this.timeoutMillis = timeoutMillis; }
        public void setSsl(boolean ssl) { this.ssl = ssl; }
        public void setBoxedRetries(Integer boxedRetries) { this.boxedRetries = boxedRetries; }
        public void setMode(Mode mode) { this.mode = mode; }
        public void setHosts(String[] hosts) { this.hosts = hosts; }
        public void setPorts(int[] ports) { this.ports = ports; }
        public void setApplicationName(String applicationName) { this.applicationName = applicationName; }

        /** Refuses short passwords, naming the value in its message as careless drivers do. */
        public void setPassword(String password) {
            throw new IllegalArgumentException("password " + password + " is too short");
        }
    }

    public static final class NeedsArguments extends BaseBean {
        public NeedsArguments(String url) {
        }
    }

    /** Just enough of a DataSource to be one. */
    public abstract static class BaseBean implements DataSource {
        @Override
        public Connection getConnection() throws SQLException { throw new SQLException("none"); }

        @Override
        public Connection getConnection(String username, String password) throws SQLException { throw new SQLException("none"); }

        @Override
        public PrintWriter getLogWriter() { return null; }

        @Override
        public void setLogWriter(PrintWriter out) { }

        @Override
        public void setLoginTimeout(int seconds) { }

        @Override
        public int getLoginTimeout() { return 0; }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }

        @Override
        public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
