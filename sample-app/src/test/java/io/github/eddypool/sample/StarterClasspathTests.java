package io.github.eddypool.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the starter brings to an application, and what it keeps out. */
class StarterClasspathTests {

    @Test
    void hikariIsNotOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("com.zaxxer.hikari.HikariDataSource"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void eddyMicrometerAndBootsJdbcSupportAre() throws Exception {
        for (String type : new String[] {"io.github.eddypool.EddyDataSource",
                "io.github.eddypool.micrometer.EddyPoolMetrics",
                "io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration",
                "org.springframework.jdbc.core.JdbcTemplate",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceProperties"}) {
            assertThat(Class.forName(type)).as(type).isNotNull();
        }
    }
}
