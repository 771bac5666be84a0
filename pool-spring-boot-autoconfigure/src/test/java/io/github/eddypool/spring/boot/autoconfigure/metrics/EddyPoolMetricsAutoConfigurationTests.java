package io.github.eddypool.spring.boot.autoconfigure.metrics;

import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.micrometer.EddyPoolMetrics;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyPoolMetadataAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EddyPoolMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    EddyPoolMetadataAutoConfiguration.class, EddyPoolMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    DataSourcePoolMetricsAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.pool.pool-name=metered",
                    "eddy.pool.min-size=1", "eddy.pool.max-size=4");

    @Test
    void registersEddyMetersTaggedWithThePoolName() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String name : List.of("eddy.connections", "eddy.connections.active", "eddy.connections.idle",
                    "eddy.connections.pending", "eddy.connections.min", "eddy.connections.max")) {
                assertThat(registry.find(name).tag("pool", "metered").gauge()).as(name).isNotNull();
            }
            assertThat(registry.get("eddy.connections.max").tag("pool", "metered").gauge().value()).isEqualTo(4);
            try (Connection c = context.getBean(EddyDataSource.class).getConnection()) {
                assertThat(registry.get("eddy.connections.active").tag("pool", "metered").gauge().value()).isEqualTo(1);
            }
            assertThat(registry.get("eddy.connections.acquire").tag("pool", "metered").timer().count()).isEqualTo(1);
            assertThat(registry.get("eddy.connections.usage").tag("pool", "metered").timer().count()).isEqualTo(1);
            assertThat(registry.find("eddy.connections.creation").tag("pool", "metered").timer()).isNotNull();
            assertThat(registry.find("eddy.connections.timeout").tag("pool", "metered").counter()).isNotNull();
        });
    }

    @Test
    void openTelemetryNamesOnlyWhenAskedFor() {
        runner.run(context -> assertThat(context.getBean(MeterRegistry.class).find("db.client.connection.max").gauge()).isNull());
        runner.withPropertyValues("eddy.pool.metrics.opentelemetry-names=true").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("db.client.connection.max").tag("db.client.connection.pool.name", "metered")
                    .gauge().value()).isEqualTo(4);
            try (Connection c = context.getBean(EddyDataSource.class).getConnection()) {
                assertThat(registry.get("db.client.connection.count").tag("db.client.connection.pool.name", "metered")
                        .tag("db.client.connection.state", "used").gauge().value()).isEqualTo(1);
            }
            assertThat(registry.get("db.client.connection.wait_time").tag("db.client.connection.pool.name", "metered")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get("db.client.connection.use_time").timer().count()).isEqualTo(1);
            assertThat(registry.find("db.client.connection.pending_requests").gauge()).isNotNull();
            assertThat(registry.find("db.client.connection.timeouts").counter()).isNotNull();
            // Next to, not instead of, the eddy.* meters.
            assertThat(registry.get("eddy.connections.acquire").tag("pool", "metered").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void bootsJdbcMetersSeeThePoolThroughTheMetadataProvider() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("jdbc.connections.max").tag("name", "dataSource").gauge().value()).isEqualTo(4);
            assertThat(registry.get("jdbc.connections.min").tag("name", "dataSource").gauge().value()).isEqualTo(1);
            try (Connection c = context.getBean(EddyDataSource.class).getConnection()) {
                assertThat(registry.get("jdbc.connections.active").tag("name", "dataSource").gauge().value()).isEqualTo(1);
            }
        });
    }

    @Test
    void backsOffWithoutTheMicrometerBinding() {
        runner.withClassLoader(new FilteredClassLoader(EddyPoolMetrics.class)).run(context -> {
            assertThat(context).doesNotHaveBean(EddyPoolMeterBinder.class);
            assertThat(context.getBean(MeterRegistry.class).find("eddy.connections").gauge()).isNull();
        });
    }
}
