package io.github.eddypool.sample;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The same tests on the {@code postgres} profile, against the local PostgreSQL (or
 * {@code EDDY_PG_URL}). Skipped, loudly, when it cannot be reached; with {@code CI=true} an
 * unreachable server fails the run instead.
 */
@ExtendWith(PostgresReachable.class)
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.password=" + SampleAppHttpTests.PASSWORD,
        "eddy.pool.min-size=2", "eddy.pool.max-size=4",
        "eddy.pool.connection-timeout=1s", "eddy.pool.validation-timeout=500ms",
        "eddy.pool.leak-detection-threshold=10s"})
class PostgresSampleAppTests extends SampleAppHttpTests {
}
