package io.github.eddypool.sample;

import io.github.eddypool.EddyDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;

import javax.sql.DataSource;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8: a plain {@code @JdbcTest} in an application on Eddy behaves as it does on HikariCP:
 * the slice's auto-configured DataSource is Boot's, so {@code @AutoConfigureTestDatabase}'s
 * default ({@code NON_TEST}) replaces it with an embedded database, and the sample's schema and
 * rows are loaded into that one.
 */
@JdbcTest
class JdbcSliceTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theAutoConfiguredPoolIsReplacedByAnEmbeddedDatabase() throws Exception {
        // What @AutoConfigureTestDatabase puts in place of the auto-configured pool.
        assertThat(dataSource).isInstanceOf(EmbeddedDatabase.class).isNotInstanceOf(EddyDataSource.class);
        assertThat(dataSource.isWrapperFor(EddyDataSource.class)).isFalse();
        try (Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            // Boot's embedded replacement: a generated, unique in-memory database, not the app's jdbc:h2:mem:sample.
            assertThat(url).startsWith("jdbc:h2:mem:").doesNotContain("mem:sample");
        }
        // spring.sql.init ran the sample's schema.sql and data.sql against the replacement.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class)).isEqualTo(5L);
        assertThat(jdbc.queryForObject("SELECT name FROM users WHERE email = 'ada@example.com'", String.class))
                .isEqualTo("Ada Lovelace");
    }
}
