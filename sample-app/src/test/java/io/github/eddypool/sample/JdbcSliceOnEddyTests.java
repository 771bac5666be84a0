package io.github.eddypool.sample;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8: {@code @JdbcTest} with {@code @AutoConfigureTestDatabase(replace = NONE)} keeps the
 * application's own DataSource, which must be the Eddy pool configured from the sample's
 * {@code eddy.pool.*} properties (pool name {@code sample}, max-size 8), on the configured database.
 */
@JdbcTest(properties = "spring.datasource.url=" + JdbcSliceOnEddyTests.URL)
@AutoConfigureTestDatabase(replace = Replace.NONE)
class JdbcSliceOnEddyTests {

    /**
     * The sample's H2 URL with a database name of this test's own: the in-memory databases live as
     * long as the JVM, and {@link H2SampleAppTests} gives {@code jdbc:h2:mem:sample} a password
     * (whichever test creates an H2 database sets its password; a wrong one is refused after a delay).
     */
    static final String URL = "jdbc:h2:mem:sample-jdbc-slice;DB_CLOSE_DELAY=-1";

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSliceRunsOnTheEddyPoolWithTheSamplesSettings() throws Exception {
        assertThat(dataSource).isInstanceOf(EddyDataSource.class);
        EddyPool pool = dataSource.unwrap(EddyPool.class);
        assertThat(pool.getPoolName()).isEqualTo("sample");
        assertThat(pool.config().maxSize()).isEqualTo(8);
        assertThat(pool.config().minSize()).isEqualTo(2);
        assertThat(pool.config().connectionTimeout()).hasSeconds(5);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:h2:mem:sample-jdbc-slice");
        }

        // Queries work through the pool; the slice's transaction (rolled back after the test) holds one of its connections.
        assertThat(jdbc.queryForObject("SELECT name FROM users WHERE email = 'ada@example.com'", String.class))
                .isEqualTo("Ada Lovelace");
        int inserted = jdbc.update("INSERT INTO users (name, email) VALUES (?, ?)", "Slice Test", "jdbc-slice@example.com");
        assertThat(inserted).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE email = 'jdbc-slice@example.com'", Long.class))
                .isEqualTo(1L);
        assertThat(pool.stats().active()).isGreaterThanOrEqualTo(1);
        assertThat(pool.stats().max()).isEqualTo(8);
    }
}
