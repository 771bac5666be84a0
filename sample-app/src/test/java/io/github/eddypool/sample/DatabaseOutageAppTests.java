package io.github.eddypool.sample;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #5, scenario 1 at application level: the sample app with PostgreSQL behind a
 * {@link FaultProxy} that refuses connections. Lazy ({@code initialization-fail-timeout=-1}): the
 * app starts, requests get a clear 503, health is DOWN with a reason, and once the database is
 * reachable again the app serves within 1 s. Fail-fast: start-up fails within the timeout with
 * the failure analyzer's report naming host and port.
 */
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageAppTests {

    private static final String PASSWORD = "0utage-Pw-n0t-f0r-y0ur-eyes";

    @BeforeAll
    static void schema() throws Exception {
        RunningApp.prepareSchema();
    }

    @Test
    void lazyStartWithTheDatabaseDownServesWithinASecondOfItsReturn(CapturedOutput output) throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", Server.POSTGRES.port())) {
            proxy.mode(FaultProxy.Mode.REFUSE);
            long t0 = System.nanoTime();
            try (RunningApp app = RunningApp.start(proxy,
                    "--spring.datasource.password=" + PASSWORD,
                    "--spring.sql.init.mode=never",   // the schema is there; nothing needs the database to start
                    "--eddy.pool.initialization-fail-timeout=-1",
                    "--eddy.pool.min-size=2", "--eddy.pool.max-size=4",
                    "--eddy.pool.connection-timeout=1s", "--eddy.pool.validation-timeout=500ms",
                    "--eddy.pool.housekeeping-period=100ms")) {
                long startedMillis = (System.nanoTime() - t0) / 1_000_000;
                String target = "127.0.0.1:" + proxy.port();

                // A request: a clear 503, after connection-timeout; the log names the pool and the target.
                assertThat(app.http.get("/actuator").status()).isEqualTo(200);   // warm up the web stack
                int logMark = output.getAll().length();
                long r0 = System.nanoTime();
                AppHttp.Response user = app.http.get("/users/1");
                long failedAfter = (System.nanoTime() - r0) / 1_000_000;
                assertThat(user.status()).as(user.body()).isEqualTo(503);
                assertThat(user.<String>json("$.title")).isEqualTo("Database unavailable");
                assertThat(failedAfter).isBetween(900L, 3000L);
                String requestLog = output.getAll().substring(logMark);
                assertThat(requestLog).contains("GET /users/1 failed: no database connection: io.github.eddypool.AcquireTimeoutException: Eddy pool sample: no connection available within")
                        .contains("Cause: cannot open connections to " + target + " (postgresql): Connection to " + target + " refused");

                // Health: DOWN, with a reason, and no secret.
                AppHttp.Response health = app.http.get("/actuator/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.<String>json("$.components.eddyPool.status")).isEqualTo("DOWN");
                String reason = health.json("$.components.eddyPool.details.reason");
                assertThat(reason).contains("opening new connections fails: PSQLException: Connection to " + target + " refused");
                assertThat(health.body()).doesNotContain(PASSWORD);

                // The database comes back: the app serves again within 1 s.
                proxy.mode(FaultProxy.Mode.PASS);
                long back = System.nanoTime();
                AppHttp.Response served;
                do {
                    served = app.http.get("/users/1");
                } while (served.status() != 200 && System.nanoTime() - back < 5_000_000_000L);
                long servedAfter = (System.nanoTime() - back) / 1_000_000;
                assertThat(served.status()).as(served.body()).isEqualTo(200);
                assertThat(served.<String>json("$.name")).isEqualTo("Ada Lovelace");
                assertThat(servedAfter).as("ms from the database's return to the first 200").isLessThanOrEqualTo(1000);
                assertThat(app.http.get("/actuator/health").<String>json("$.components.eddyPool.status")).isEqualTo("UP");

                System.out.println("RESULT | 1 | DB down at start-up, lazy (sample app, PG refused) | started in "
                        + startedMillis + " ms; GET /users/1 -> 503 after " + failedAfter
                        + " ms (connection-timeout 1000 ms), health DOWN (" + reason + "); served " + servedAfter
                        + " ms after the DB came back");
            }
            assertThat(output.getAll()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void failFastStartWithTheDatabaseDownFailsNamingHostAndPort(CapturedOutput output) throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", Server.POSTGRES.port())) {
            proxy.mode(FaultProxy.Mode.REFUSE);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> RunningApp.start(proxy, "--spring.datasource.password=" + PASSWORD,
                    "--eddy.pool.initialization-fail-timeout=1s")).isNotNull();
            long failedAfter = (System.nanoTime() - t0) / 1_000_000;
            String out = output.getAll();
            // The pool gave up after initialization-fail-timeout; the rest is Spring starting and stopping.
            assertThat(out).containsPattern("Problem:  Eddy pool sample could not open a connection to 127.0.0.1:" + proxy.port()
                    + " \\(postgresql\\) within 1\\d\\d\\d ms");
            assertThat(failedAfter).isGreaterThanOrEqualTo(1000);
            assertThat(out).contains("APPLICATION FAILED TO START")
                    .contains("Database: 127.0.0.1:" + proxy.port() + " (postgresql)")
                    .contains("eddy.pool.initialization-fail-timeout")
                    .doesNotContain(PASSWORD);
            System.out.println("RESULT | 1 | DB down at start-up, fail-fast (sample app, PG refused) | start-up failed; "
                    + "the failure analyzer named 127.0.0.1:" + proxy.port() + " | pool gave up within 1000 ms "
                    + "(initialization-fail-timeout 1000 ms); SpringApplication.run threw after " + failedAfter + " ms");
        }
    }
}
