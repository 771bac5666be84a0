package io.github.eddypool.sample;

import ch.qos.logback.classic.Level;
import io.github.eddypool.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #5, scenario 7 at application level: a request that holds its connection past
 * {@code eddy.pool.leak-detection-threshold} is reported in the log with the borrower's stack,
 * and listed by {@code GET /actuator/eddypool} as a suspected leak while it is held.
 *
 * <p>The leaking code is a test-only controller ({@link LeakyController}, registered by the nested
 * {@link LeakyEndpoint} configuration; nested classes of a test are not component-scanned, so no
 * other test and not the production app sees it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.password=" + SampleAppHttpTests.PASSWORD,
        "eddy.pool.min-size=1", "eddy.pool.max-size=4",
        "eddy.pool.leak-detection-threshold=500ms"})
class LeakDetectionAppTests {

    private static final String PASSWORD = SampleAppHttpTests.PASSWORD;
    private static final String POOL = "sample";

    private static final long THRESHOLD_MILLIS = 500;
    private static final long HOLD_MILLIS = 1500;

    @LocalServerPort
    int port;

    @Test
    void aConnectionHeldPastTheThresholdIsLoggedWithItsStackAndListedAsASuspectedLeak() throws Exception {
        try (LogCapture logs = LogCapture.install()) {
            AppHttp app = new AppHttp(port);
            assertThat(app.get("/users/1").status()).isEqualTo(200);   // warm up the web stack
            CompletableFuture<HttpResponse<String>> holding = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(app.uri("/test/hold-connection?millis=" + HOLD_MILLIS))
                            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            LogCapture.Entry warning = awaitLeakWarning(logs, Duration.ofMillis(HOLD_MILLIS - 200));
            assertThat(warning).as("a leak WARN within the hold; log:\n%s", logs.text()).isNotNull();
            Matcher held = Pattern.compile(" for (\\d+) ms ").matcher(warning.message());
            assertThat(held.find()).as(warning.message()).isTrue();
            long reportedAfter = Long.parseLong(held.group(1));
            // Swept every max(100 ms, threshold / 4) = 125 ms: reported soon after the threshold.
            assertThat(reportedAfter).isBetween(THRESHOLD_MILLIS, THRESHOLD_MILLIS + 400);
            assertThat(warning.message()).contains("Pool sample: possible connection leak")
                    .contains("held by thread 'http-nio-").contains("(leak-detection-threshold 500 ms)");
            // The borrower's stack, down to the leaking method.
            assertThat(warning.throwable()).contains("Borrower's stack at getConnection()")
                    .contains(LeakyController.class.getName() + ".holdConnection(");

            // While still held, the endpoint lists it as a suspected leak, with its thread, held time and stack.
            AppHttp.Response endpoint = app.get("/actuator/eddypool/" + POOL);
            assertThat(endpoint.status()).isEqualTo(200);
            List<Map<String, Object>> borrowed = endpoint.json("$.borrowedConnections[?(@.leakSuspected == true)]");
            assertThat(borrowed).as(endpoint.body()).hasSize(1);
            Map<String, Object> leak = borrowed.get(0);
            assertThat((String) leak.get("threadName")).startsWith("http-nio-");
            assertThat(warning.message()).contains("'" + leak.get("threadName") + "'");
            assertThat(((Number) leak.get("heldForMillis")).longValue()).isGreaterThanOrEqualTo(THRESHOLD_MILLIS);
            assertThat((String) leak.get("heldFor")).startsWith("PT");
            @SuppressWarnings("unchecked")
            List<String> stack = (List<String>) leak.get("borrowerStack");
            assertThat(stack).anySatisfy(frame -> assertThat(frame).startsWith(LeakyController.class.getName() + ".holdConnection("));
            assertThat(endpoint.body()).doesNotContain(PASSWORD);

            // Once the request gives the connection back: nothing borrowed, and the pool says so.
            assertThat(holding.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(app.get("/actuator/eddypool/" + POOL).<List<Object>>json("$.borrowedConnections")).isEmpty();
            assertThat(logs.entries()).anySatisfy(e -> assertThat(e.message())
                    .contains("earlier reported as a possible leak, was returned"));
            assertThat(logs.text()).doesNotContain(PASSWORD);
            System.out.println("RESULT | 7 | leak (app level) | WARN with the borrower's stack when held " + reportedAfter
                    + " ms (threshold " + THRESHOLD_MILLIS + " ms); /actuator/eddypool listed it, held "
                    + leak.get("heldForMillis") + " ms, leakSuspected=true");
        }
    }

    private static LogCapture.Entry awaitLeakWarning(LogCapture logs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (LogCapture.Entry e : logs.atLeast(Level.WARN)) {
                if (e.message().contains("possible connection leak")) {
                    return e;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class LeakyEndpoint {
        @Bean
        LeakyController leakyController(DataSource dataSource) {
            return new LeakyController(dataSource);
        }
    }

    /** Test only: {@code POST /test/hold-connection?millis=N} keeps a connection N ms, like a slow or leaky service. */
    @RestController
    static class LeakyController {
        private final DataSource dataSource;

        LeakyController(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @PostMapping("/test/hold-connection")
        String holdConnection(@RequestParam long millis) throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
                rs.next();
                Thread.sleep(millis);
                return "held " + millis + " ms";
            }
        }
    }
}
