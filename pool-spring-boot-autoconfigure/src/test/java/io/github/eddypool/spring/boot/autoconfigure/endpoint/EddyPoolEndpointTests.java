package io.github.eddypool.spring.boot.autoconfigure.endpoint;

import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.endpoint.EddyPoolEndpoint.OperationResult;
import io.github.eddypool.spring.boot.autoconfigure.endpoint.EddyPoolEndpoint.PoolDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.sql.Connection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EddyPoolEndpointTests {

    private static final String PASSWORD = "endp0int-s3cret";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, EddyPoolEndpointAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "spring.datasource.password=" + PASSWORD,
                    "eddy.pool.pool-name=ep", "eddy.pool.min-size=1", "eddy.pool.max-size=3",
                    "eddy.pool.leak-detection-threshold=1s",
                    "management.endpoints.web.exposure.include=eddypool");

    @Test
    void notCreatedUnlessExposed() {
        new ApplicationContextRunner()
                .withInitializer(EddyDefaults.INITIALIZER)
                .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        EddyPoolEndpointAutoConfiguration.class))
                .withPropertyValues("spring.datasource.generate-unique-name=true")
                .run(context -> assertThat(context).doesNotHaveBean(EddyPoolEndpoint.class));
    }

    @Test
    void readShowsEveryPoolWithStatsMaskedConfigAndBorrowedConnections() {
        runner.run(context -> {
            EddyPoolEndpoint endpoint = context.getBean(EddyPoolEndpoint.class);
            try (Connection held = context.getBean(EddyDataSource.class).getConnection()) {
                PoolDescriptor pool = endpoint.pools().pools().get("ep");
                assertThat(pool).isNotNull();
                assertThat(pool.stats()).containsEntry("active", 1).containsEntry("max", 3).containsEntry("min", 1);
                assertThat(pool.configuration()).containsEntry("max-size", 3).containsEntry("password", "******");
                assertThat(pool.borrowedConnections()).hasSize(1);
                EddyPoolEndpoint.BorrowedConnectionDescriptor borrowed = pool.borrowedConnections().get(0);
                assertThat(borrowed.threadName()).isEqualTo(Thread.currentThread().getName());
                // leak detection is on, so the borrower's stack is recorded and names this test
                assertThat(borrowed.borrowerStack()).anyMatch(frame -> frame.contains("EddyPoolEndpointTests"));
                assertThat(endpoint.pools().toString()).doesNotContain(PASSWORD);
            }
        });
    }

    @Test
    void readsOnePoolByName() {
        runner.run(context -> {
            EddyPoolEndpoint endpoint = context.getBean(EddyPoolEndpoint.class);
            assertThat(endpoint.pool("ep").poolName()).isEqualTo("ep");
            assertThat(endpoint.pool("nope")).isNull();
        });
    }

    @Test
    void readsTheSizingAdviceOfOnePool() {
        runner.run(context -> {
            EddyPoolEndpoint endpoint = context.getBean(EddyPoolEndpoint.class);
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            for (int i = 0; i < 20; i++) {
                try (Connection c = pool.getConnection()) {
                    Thread.sleep(10);
                }
            }
            Thread.sleep(300); // a few samples
            @SuppressWarnings("unchecked")
            Map<String, Object> sizing = (Map<String, Object>) endpoint.view("ep", "sizing");
            assertThat(sizing).containsKeys("windowSeconds", "borrowRatePerSecond", "meanHoldMillis", "p99HoldMillis",
                    "demand", "p99WaitMillis", "p99WaitShareOfTimeout", "formulaSize", "maxSize",
                    "recommendedMaxSize", "advice");
            assertThat(sizing.get("poolName")).isEqualTo("ep");
            assertThat(sizing.get("maxSize")).isEqualTo(pool.stats().max());
            assertThat((long) sizing.get("borrows")).isBetween(1L, 20L);
            assertThat((double) sizing.get("windowSeconds")).isPositive();
            assertThat(sizing.get("formulaSize")).isNull();
            assertThat((String) sizing.get("advice")).isNotBlank();
            assertThat(endpoint.view("ep", "nope")).isNull();
            assertThat(endpoint.view("no-such-pool", "sizing")).isNull();
        });
    }

    @Test
    void suspendsAndResumes() {
        runner.run(context -> {
            EddyPoolEndpoint endpoint = context.getBean(EddyPoolEndpoint.class);
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            OperationResult suspended = endpoint.operate("ep", "suspend");
            assertThat(pool.isSuspended()).isTrue();
            assertThat(suspended.stats()).containsEntry("suspended", true);
            endpoint.operate("ep", "resume");
            assertThat(pool.isSuspended()).isFalse();
        });
    }

    @Test
    void resizes() {
        runner.run(context -> {
            OperationResult result = context.getBean(EddyPoolEndpoint.class).resize("ep", "resize", 2, 6);
            assertThat(result.stats()).containsEntry("min", 2).containsEntry("max", 6);
            assertThat(context.getBean(EddyDataSource.class).stats().max()).isEqualTo(6);
        });
    }

    @Test
    void rejectsBadResizesAndUnknownOperations() {
        runner.run(context -> {
            EddyPoolEndpoint endpoint = context.getBean(EddyPoolEndpoint.class);
            assertThatThrownBy(() -> endpoint.resize("ep", "resize", 5, 2))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("min-size");
            assertThatThrownBy(() -> endpoint.operate("ep", "resize"))
                    .isInstanceOf(InvalidEndpointRequestException.class);
            assertThatThrownBy(() -> endpoint.operate("ep", "explode"))
                    .isInstanceOf(InvalidEndpointRequestException.class);
            assertThatThrownBy(() -> endpoint.operate("nope", "suspend"))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("nope");
            assertThat(context.getBean(EddyDataSource.class).stats().max()).isEqualTo(3);
        });
    }

    @Test
    void softEvictRetiresTheIdleConnections() {
        runner.run(context -> {
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            long before = pool.stats().closedByReason().get(io.github.eddypool.CloseReason.EVICTED);
            context.getBean(EddyPoolEndpoint.class).operate("ep", "soft-evict");
            assertThat(pool.stats().closedByReason().get(io.github.eddypool.CloseReason.EVICTED)).isGreaterThan(before);
        });
    }
}
