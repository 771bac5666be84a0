package io.github.eddypool.sample;

import io.github.eddypool.EddyDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue #11 part 4, acceptance: under the sample app's {@code /load} against the real PostgreSQL,
 * the sizing advice's demand estimate ({@code GET /actuator/eddypool/sample/sizing}) is within
 * ±20% of the mean active count, measured independently by sampling {@code stats().active()}
 * every 2 ms. Its own application context (pool {@code sizing}), so no other test's load falls
 * into the advice's window.
 */
@ExtendWith(PostgresReachable.class)
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eddy.pool.pool-name=sizing", "eddy.pool.min-size=2", "eddy.pool.max-size=4",
        "eddy.pool.connection-timeout=5s", "eddy.pool.database-cores=2", "eddy.pool.fleet-size=2"})
class PostgresSizingAppTests {

    @LocalServerPort
    int port;

    @Autowired
    EddyDataSource pool;

    @Test
    void demandMatchesTheMeasuredMeanActiveCount() throws Exception {
        AppHttp http = new AppHttp(port);
        AtomicBoolean stop = new AtomicBoolean();
        // Integrates active connections over time, independently of the pool's own sampler.
        CompletableFuture<double[]> measured = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            long last = start;
            double connectionNanos = 0;
            while (!stop.get()) {
                int active = pool.stats().active();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    break;
                }
                long now = System.nanoTime();
                connectionNanos += active * (double) (now - last);
                last = now;
            }
            return new double[] {connectionNanos / 1e9, (last - start) / 1e9};
        });
        AppHttp.Response load = http.post("/load?threads=6&requests=300&holdMillis=20", null);
        assertThat(load.status()).isEqualTo(200);
        assertThat(load.<Integer>json("$.failed")).isZero();
        Thread.sleep(250); // the advice counts up to the pool's latest sample, taken every 100 ms
        AppHttp.Response sizing = http.get("/actuator/eddypool/sizing/sizing");
        stop.set(true);
        double[] m = measured.get();
        double connectionSeconds = m[0];
        double sampledSeconds = m[1];

        assertThat(sizing.status()).isEqualTo(200);
        Map<String, Object> a = sizing.json("$");
        double window = ((Number) a.get("windowSeconds")).doubleValue();
        double demand = ((Number) a.get("demand")).doubleValue();
        // The window began at the pool's start, before the sampling; before it the pool was idle.
        assertThat(window).isGreaterThanOrEqualTo(sampledSeconds - 0.2);
        double meanActive = connectionSeconds / window;
        assertThat(demand).as("demand vs measured mean active %s over %s s", meanActive, window)
                .isCloseTo(meanActive, within(meanActive * 0.2));
        assertThat(((Number) a.get("borrows")).longValue()).isGreaterThanOrEqualTo(300);
        // Every borrow holds at least 20 ms; the mean hold is estimated (demand / borrow rate) from
        // 100 ms samples, so it carries the same tolerance as the demand (19.98 ms was seen).
        assertThat(((Number) a.get("meanHoldMillis")).doubleValue()).isGreaterThanOrEqualTo(20.0 * 0.8);
        assertThat(a).containsEntry("maxSize", 4).containsEntry("formulaSize", 2).containsEntry("fleetSize", 2)
                .containsKeys("p99HoldMillis", "p99WaitMillis", "p99WaitShareOfTimeout", "recommendedMaxSize", "advice");
        assertThat(((Number) a.get("serverMaxConnections")).intValue()).isPositive();
        // Kept for the README's example response.
        Files.writeString(Path.of("target", "sizing-example.json"), sizing.body());
    }
}
