package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresPostgres;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code data-source-jndi-name} (HikariCP's dataSourceJNDI): the pool takes its connections from
 * the DataSource an application server binds in JNDI. The "server" here is {@link Registry}, an
 * initial-context factory named by the standard {@code java.naming.factory.initial} property, as
 * a server configures it.
 */
@Timeout(30)
class DataSourceJndiNameTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();
    private String factoryBefore;

    @BeforeEach
    void installRegistry() {
        factoryBefore = System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Registry.class.getName());
        Registry.BOUND.clear();
    }

    @AfterEach
    void tearDown() {
        res.close();
        if (factoryBefore == null) {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        } else {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, factoryBefore);
        }
        Registry.BOUND.clear();
    }

    @Test
    void theBoundDataSourceIsTheOneThePoolUses() {
        PGSimpleDataSource bound = new PGSimpleDataSource();
        Registry.BOUND.put("java:comp/env/jdbc/orders", bound);

        EddyConfig config = EddyConfig.builder().poolName("jndi").dataSourceJndiName(" java:comp/env/jdbc/orders ").build();

        assertThat(config.dataSource()).isSameAs(bound);
        assertThat(config.dataSourceJndiName()).isEqualTo("java:comp/env/jdbc/orders");
        assertThat(config.describe()).containsEntry("data-source-jndi-name", "java:comp/env/jdbc/orders")
                .doesNotContainKeys("data-source", "data-source-class-name");
        PGSimpleDataSource rebound = new PGSimpleDataSource();
        Registry.BOUND.put("java:comp/env/jdbc/orders", rebound);
        assertThat(config.toBuilder().build().dataSource()).as("a derived copy looks it up again").isSameAs(rebound);

        // the same through the JavaBean setter, as frameworks that build a DataSource by reflection set it
        EddyDataSource bean = res.track(new EddyDataSource());
        bean.setPoolName("jndi-bean");
        bean.setDataSourceJndiName("java:comp/env/jdbc/orders");
        assertThat(bean.config().dataSource()).isSameAs(rebound);
    }

    @Test
    @RequiresPostgres
    void aPoolOnABoundDataSourceServesConnections() throws Exception {
        Server server = Server.POSTGRES;
        PGSimpleDataSource bound = new PGSimpleDataSource();
        bound.setURL(server.url());
        Registry.BOUND.put("jdbc/eddy-test", bound);

        EddyDataSource pool = res.openAsUserOf(server, EddyConfig.builder().poolName("jndi-pg").dataSourceJndiName("jdbc/eddy-test")
                .minSize(1).maxSize(2).connectionTimeout(Duration.ofSeconds(5)).shutdownGracePeriod(Duration.ZERO));
        assertThat(pool.config().dataSource()).isSameAs(bound);
    }

    @Test
    void namesThatDoNotLeadToADataSourceAndSettingsBesideItAreRefusedSayingWhatToChange() {
        Registry.BOUND.put("jdbc/text", "not a data source");
        Registry.BOUND.put("jdbc/orders", new PGSimpleDataSource());
        assertRefused(b -> b.dataSourceJndiName("jdbc/missing"),
                "data-source-jndi-name: 'jdbc/missing' could not be looked up in JNDI (NameNotFoundException: jdbc/missing is not"
                        + " bound). Bind a DataSource under that name in the application server, or fix the name (e.g."
                        + " java:comp/env/jdbc/orders)");
        assertRefused(b -> b.dataSourceJndiName("jdbc/text"),
                "data-source-jndi-name: 'jdbc/text' is bound to a java.lang.String, not a javax.sql.DataSource. Name the DataSource"
                        + " the server binds, or bind one under this name");
        assertRefused(b -> b.dataSourceJndiName("jdbc/orders").jdbcUrl("jdbc:postgresql://h/db"),
                "data-source-jndi-name: is set together with jdbc-url. The DataSource bound in JNDI opens the connections: remove jdbc-url");
        assertRefused(b -> b.dataSourceJndiName("jdbc/orders").dataSourceClassName(PGSimpleDataSource.class.getName()),
                "data-source-jndi-name: is set together with data-source-class-name. The DataSource bound in JNDI opens the"
                        + " connections: remove data-source-class-name");
        assertRefused(b -> b.dataSourceJndiName("jdbc/orders").driverClassName("org.postgresql.Driver"),
                "data-source-jndi-name: is set together with driver-class-name. The DataSource bound in JNDI opens the"
                        + " connections: remove driver-class-name");
        assertRefused(b -> b.dataSourceJndiName("jdbc/orders").dataSourceProperty("ssl", "true"),
                "data-source-jndi-name: is set together with data-source-properties. The DataSource bound in JNDI opens the"
                        + " connections: remove data-source-properties, and configure the DataSource where the server defines it");
        assertRefused(b -> b.dataSourceJndiName("jdbc/orders").dataSource(new PGSimpleDataSource()),
                "data-source-jndi-name: is set together with a DataSource object. Either hand in the DataSource or name it in"
                        + " JNDI, not both");
    }


    /** A naming service holding {@link #BOUND}; its contexts answer {@code lookup(String)} and {@code close()} only. */
    public static final class Registry implements InitialContextFactory {

        static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "lookup":
                        Object found = BOUND.get(String.valueOf(args[0]));
                        if (found == null) {
                            throw new NameNotFoundException(args[0] + " is not bound");
                        }
                        return found;
                    case "close":
                        return null;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
        }
    }
}
