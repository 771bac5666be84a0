package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedDriver;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The no-argument constructor and setters, the shape frameworks that build a DataSource by
 * reflection need (Spring Boot's DataSourceBuilder and @ConfigurationProperties binding).
 */
class JavaBeanConfigurationTest {

    private final DriverScript db = ScriptedDriver.newScript("bean");
    private EddyDataSource pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        ScriptedDriver.forget(db.name());
    }

    private EddyDataSource configured() {
        EddyDataSource ds = new EddyDataSource();
        ds.setPoolName("bean-pool");
        ds.setUrl(db.url());
        ds.setUsername("app");
        ds.setPassword("s3cret-bean");
        ds.setMinSize(1);
        ds.setMaxSize(3);
        ds.setConnectionTimeout(Duration.ofSeconds(2));
        ds.setHousekeepingPeriod(Duration.ofMillis(100));
        ds.setShutdownGracePeriod(Duration.ZERO);
        return ds;
    }

    @Test
    void setsUpWithoutConnectingAndStartsOnFirstBorrow() throws Exception {
        pool = configured();
        assertThat(db.connectAttempts()).as("nothing opened before the first use").isZero();
        assertThat(pool.getUrl()).isEqualTo(db.url());
        assertThat(pool.getJdbcUrl()).isEqualTo(db.url());
        assertThat(pool.getUsername()).isEqualTo("app");
        assertThat(pool.getPoolName()).isEqualTo("bean-pool");
        assertThat(pool.toString()).doesNotContain("s3cret-bean");

        try (Connection c = pool.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(pool.config().maxSize()).isEqualTo(3);
        assertThat(pool.config().username()).isEqualTo("app");
        assertThat(pool.stats().max()).isEqualTo(3);
        assertThat(pool.getPassword()).as("readable for DataSourceBuilder.derivedFrom").isEqualTo("s3cret-bean");
    }

    @Test
    void isStartedTellsWithoutStartingThePool() {
        pool = configured();
        assertThat(pool.isStarted()).isFalse();
        assertThat(pool.isStarted()).as("asking does not start it").isFalse();
        assertThat(db.connectAttempts()).isZero();
        pool.start();
        assertThat(pool.isStarted()).isTrue();
        pool.close();
        assertThat(pool.isStarted()).as("started, then closed").isTrue();
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    void settingsAreFixedOnceStarted() {
        pool = configured();
        pool.start();
        assertThatThrownBy(() -> pool.setMaxSize(20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max-size")
                .hasMessageContaining("bean-pool")
                .hasMessageContaining("resize(min, max)");
        pool.resize(1, 4);
        assertThat(pool.stats().max()).isEqualTo(4);
    }

    @Test
    void wrongSettingFailsOnStartNamingTheProperty() {
        pool = configured();
        pool.setMinSize(5);
        assertThatThrownBy(pool::start)
                .isInstanceOf(EddyConfigException.class)
                .hasMessageContaining("min-size");
        assertThat(db.connectAttempts()).isZero();
    }

    @Test
    void missingUrlFailsOnFirstBorrowWithTheFix() {
        pool = new EddyDataSource();
        assertThatThrownBy(pool::getConnection)
                .isInstanceOf(EddyConfigException.class)
                .hasMessageContaining("jdbc-url");
    }

    @Test
    void closedBeforeStartNeverConnects() {
        pool = configured();
        pool.close();
        assertThat(pool.isClosed()).isTrue();
        assertThatThrownBy(pool::getConnection).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed before it started");
        assertThatThrownBy(() -> pool.setMaxSize(2)).isInstanceOf(IllegalStateException.class);
        assertThat(db.connectAttempts()).isZero();
    }

    @Test
    void dataSourcePropertiesAreALiveMapUntilStart() {
        pool = configured();
        pool.getDataSourceProperties().put("a", "1");
        pool.setDataSourceProperties(Map.of("b", "2"));
        pool.getDataSourceProperties().put("c", "3");
        pool.start();
        assertThat(pool.config().dataSourceProperties()).containsOnlyKeys("b", "c");
        assertThatThrownBy(() -> pool.getDataSourceProperties().put("d", "4"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void listenerAddedBeforeStartSeesTheFirstConnection() throws Exception {
        pool = configured();
        List<String> events = new ArrayList<>();
        pool.addListener(new PoolListener() {
            @Override
            public void connectionCreated(long nanos) {
                synchronized (events) {
                    events.add("created");
                }
            }
        });
        pool.start();
        synchronized (events) {
            assertThat(events).contains("created");
        }
    }

    /** Many threads make the first borrow at once: exactly one pool starts, every borrow is served. */
    @Test
    void concurrentFirstUseStartsOnePool() throws Exception {
        pool = configured();
        pool.setMaxSize(8);
        int threads = 16;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(executor.submit(() -> {
                    go.await();
                    try (Connection c = pool.getConnection()) {
                        return c.isValid(1);
                    }
                }));
            }
            go.countDown();
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(pool.stats().total()).isLessThanOrEqualTo(8);
        assertThat(db.opened()).as("one pool opened connections, up to its max").isLessThanOrEqualTo(8);
    }

    @Test
    void unwrapsToThePoolInterface() throws Exception {
        pool = configured();
        assertThat(pool.isWrapperFor(EddyPool.class)).isTrue();
        assertThat(pool.unwrap(EddyPool.class)).isSameAs(pool);
    }
}
