package io.github.eddypool.sample;

import io.github.eddypool.testing.DatabaseServerExtension;
import io.github.eddypool.testing.DatabaseServers;
import io.github.eddypool.testing.DatabaseServers.Server;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same tests on the {@code postgres} profile through the tests' PgBouncer in transaction mode
 * (started when it is not running; skipped loudly when it cannot be, failed under
 * {@code CI=true}), with {@code eddy.pool.transaction-pooler=true}. The sample's schema comes from
 * PgBouncer's {@code eddy_sample} database entry, which sets the search path on every server
 * connection: behind a transaction pooler the session belongs to the pooler, not the client.
 */
@ExtendWith(PgBouncerSampleAppTests.PgBouncerRunning.class)
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.password=" + SampleAppHttpTests.PASSWORD,
        "eddy.pool.transaction-pooler=true",
        "eddy.pool.min-size=2", "eddy.pool.max-size=4",
        "eddy.pool.connection-timeout=1s", "eddy.pool.validation-timeout=500ms",
        "eddy.pool.leak-detection-threshold=10s"})
class PgBouncerSampleAppTests extends SampleAppHttpTests {

    @DynamicPropertySource
    static void throughPgBouncer(DynamicPropertyRegistry registry) {
        Server bouncer = Server.PGBOUNCER;
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://" + bouncer.host() + ":" + bouncer.port() + "/eddy_sample");
        registry.add("spring.datasource.username", bouncer::user);
    }

    /** Starts PgBouncer if needed before the application starts; skips or fails like the pool-core tests. */
    static final class PgBouncerRunning implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            String reason = DatabaseServers.unreachableReason(Server.PGBOUNCER);
            if (reason != null) {
                DatabaseServerExtension.unavailable(Server.PGBOUNCER, reason, context.getDisplayName());
            }
        }
    }
}
