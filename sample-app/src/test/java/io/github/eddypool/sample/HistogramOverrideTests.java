package io.github.eddypool.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.sql.Connection;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acquire and usage timers publish histogram buckets by default (see SampleAppHttpTests);
 * Boot's usual {@code management.metrics.distribution.*} settings switch them off, as for any meter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:histogram-override;DB_CLOSE_DELAY=-1",
        "management.metrics.distribution.percentiles-histogram.eddy.connections=false"})
class HistogramOverrideTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void bootsDistributionPropertiesOverrideTheHistogramDefault() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        AppHttp.Response scrape = new AppHttp(port).get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("eddy_connections_acquire_seconds_count{")
                .doesNotContain("eddy_connections_acquire_seconds_bucket")
                .doesNotContain("eddy_connections_usage_seconds_bucket");
    }
}
