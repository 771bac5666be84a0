package io.github.eddypool.sample;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app over HTTP, as a user and an operator see it. Run against H2
 * ({@link H2SampleAppTests}) and the local PostgreSQL ({@link PostgresSampleAppTests}); both
 * configure {@value #PASSWORD} as the database password and check it shows nowhere.
 */
abstract class SampleAppHttpTests {

    static final String PASSWORD = "sample-s3cret-pw";
    // Both subclasses run a small pool with short timeouts (min 2, max 4, connection-timeout 1s),
    // so a modest load saturates it; see their @SpringBootTest properties.
    static final String POOL = "sample";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @BeforeEach
    void poolIsInItsConfiguredState() throws Exception {
        // Tests share one application: undo what a failed test may have left behind.
        postPlain("/actuator/eddypool/" + POOL + "/resume");
        postPlain("/actuator/eddypool/" + POOL + "/resize/2/4");
    }

    @Test
    void healthIsUpWithThePoolsDetails() throws Exception {
        Response health = get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.<String>json("$.status")).isEqualTo("UP");
        assertThat(health.<String>json("$.components.eddyPool.status")).isEqualTo("UP");
        Map<String, Object> details = health.json("$.components.eddyPool.details");
        assertThat(details).containsKeys("active", "idle", "pending", "total", "min", "max", "saturated")
                .containsEntry("min", 2).containsEntry("max", 4).containsEntry("saturated", false);
        // Boot's own db indicator works on the Eddy pool too.
        assertThat(health.<String>json("$.components.db.status")).isEqualTo("UP");
    }

    @Test
    void readsListsAndCreatesUsers() throws Exception {
        Response ada = get("/users/1");
        assertThat(ada.status()).isEqualTo(200);
        assertThat(ada.<String>json("$.name")).isEqualTo("Ada Lovelace");
        assertThat(get("/users/987654321").status()).isEqualTo(404);

        String email = "test-" + UUID.randomUUID() + "@example.com";
        Response created = post("/users", "{\"name\":\"Test User\",\"email\":\"" + email + "\"}");
        assertThat(created.status()).isEqualTo(201);
        Number id = created.json("$.id");
        assertThat(get("/users/" + id).<String>json("$.email")).isEqualTo(email);
        assertThat(get("/users?limit=1000").<List<Object>>json("$[*].email")).contains("ada@example.com", email);
        assertThat(post("/users", "{\"name\":\"\"}").status()).isEqualTo(400);
    }

    @Test
    void eddyMetersArePresentAndMoveUnderLoad() throws Exception {
        for (String gauge : List.of("eddy.connections", "eddy.connections.active", "eddy.connections.idle",
                "eddy.connections.pending", "eddy.connections.min", "eddy.connections.max")) {
            assertThat(get("/actuator/metrics/" + gauge + "?tag=pool:" + POOL).status()).as(gauge).isEqualTo(200);
        }
        double acquired = count("eddy.connections.acquire");
        double used = count("eddy.connections.usage");
        double evicted = metric("eddy.connections.closed", "COUNT", "&tag=reason:evicted");
        double created = count("eddy.connections.creation");

        // Retire the idle connections, so the load has to open new ones.
        assertThat(postPlain("/actuator/eddypool/" + POOL + "/soft-evict").status()).isEqualTo(200);
        Response load = post("/load?threads=8&requests=200&holdMillis=2", null);
        assertThat(load.status()).isEqualTo(200);
        assertThat(load.<Integer>json("$.succeeded")).isEqualTo(200);
        // 8 threads on 4 connections: the pool was fully busy and threads queued.
        assertThat(load.<Integer>json("$.peakActive")).isGreaterThanOrEqualTo(2);

        assertThat(count("eddy.connections.acquire")).isGreaterThanOrEqualTo(acquired + 200);
        assertThat(count("eddy.connections.usage")).isGreaterThanOrEqualTo(used + 200);
        assertThat(count("eddy.connections.creation")).isGreaterThan(created);
        assertThat(metric("eddy.connections.closed", "COUNT", "&tag=reason:evicted")).isGreaterThan(evicted);
        assertThat(metric("eddy.connections", "VALUE", "")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void gaugesFollowAResize() throws Exception {
        assertThat(metric("eddy.connections.max", "VALUE", "")).isEqualTo(4);
        Response resized = postPlain("/actuator/eddypool/" + POOL + "/resize/1/6");
        assertThat(resized.status()).isEqualTo(200);
        assertThat(metric("eddy.connections.max", "VALUE", "")).isEqualTo(6);
        assertThat(metric("eddy.connections.min", "VALUE", "")).isEqualTo(1);
    }

    @Test
    void waitersTimeOutWhenThePoolStaysBusy() throws Exception {
        double timeouts = count("eddy.connections.timeout");
        // 8 threads, 4 connections each held 1.5s: the other 4 give up after the 1s connection-timeout.
        Response load = post("/load?threads=8&requests=8&holdMillis=1500", null);
        assertThat(load.status()).isEqualTo(200);
        assertThat(load.<Integer>json("$.failed")).isGreaterThanOrEqualTo(1);
        assertThat(load.<Integer>json("$.peakPending")).isGreaterThanOrEqualTo(1);
        assertThat(count("eddy.connections.timeout")).isGreaterThan(timeouts);
        // The endpoint explains the latest timeout: why, and who held the connections doing what.
        Response pool = get("/actuator/eddypool/" + POOL);
        assertThat(pool.<String>json("$.lastTimeout.category")).isEqualTo("holders_idle");
        assertThat(pool.<String>json("$.lastTimeout.message")).contains("Cause: holders idle");
        assertThat(pool.<List<Object>>json("$.lastTimeout.holders")).isNotEmpty();
        assertThat(pool.<String>json("$.lastTimeout.holders[0].frame")).contains("io.github.eddypool.sample.LoadController");
    }

    @Test
    void bootsJdbcMetersSeeThePool() throws Exception {
        Response active = get("/actuator/metrics/jdbc.connections.active");
        assertThat(active.status()).isEqualTo(200);
        assertThat(get("/actuator/metrics/jdbc.connections.max").<Double>json("$.measurements[0].value")).isEqualTo(4.0);
    }

    @Test
    void prometheusShowsTheEddyMeters() throws Exception {
        Response scrape = get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("eddy_connections_active{", "pool=\"" + POOL + "\"",
                "eddy_connections_acquire_seconds_count", "eddy_connections_acquire_seconds_bucket{",
                "eddy_connections_usage_seconds_bucket{", "eddy_connections_timeout_total", "jdbc_connections_active");
    }

    @Test
    void endpointShowsStatsConfigurationAndBorrowedConnections() throws Exception {
        Response all = get("/actuator/eddypool");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.<Integer>json("$.pools.sample.stats.max")).isEqualTo(4);
        assertThat(all.<String>json("$.pools.sample.configuration.password")).isEqualTo("******");
        assertThat(all.<Integer>json("$.pools.sample.configuration.max-size")).isEqualTo(4);
        assertThat(all.<List<Object>>json("$.pools.sample.borrowedConnections")).isNotNull();

        Response one = get("/actuator/eddypool/" + POOL);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.<String>json("$.poolName")).isEqualTo(POOL);
        assertThat(get("/actuator/eddypool/no-such-pool").status()).isEqualTo(404);
    }

    @Test
    void endpointSuspendsAndResumesAndHealthFollows() throws Exception {
        // A plain POST, no body and no content type, as `curl -X POST` sends (issue #11).
        Response suspended = postPlain("/actuator/eddypool/" + POOL + "/suspend");
        assertThat(suspended.status()).isEqualTo(200);
        assertThat(suspended.<Boolean>json("$.stats.suspended")).isTrue();
        Response health = get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.<String>json("$.components.eddyPool.status")).isEqualTo("OUT_OF_SERVICE");

        assertThat(postPlain("/actuator/eddypool/" + POOL + "/resume").status()).isEqualTo(200);
        assertThat(get("/actuator/health").<String>json("$.components.eddyPool.status")).isEqualTo("UP");
    }

    @Test
    void endpointRejectsBadOperations() throws Exception {
        assertThat(postPlain("/actuator/eddypool/" + POOL + "/resize/5/2").status()).isEqualTo(400);
        assertThat(postPlain("/actuator/eddypool/" + POOL + "/resize").status()).isEqualTo(400);
        assertThat(postPlain("/actuator/eddypool/" + POOL + "/explode").status()).isEqualTo(400);
        assertThat(postPlain("/actuator/eddypool/no-such-pool/suspend").status()).isEqualTo(400);
        assertThat(metric("eddy.connections.max", "VALUE", "")).isEqualTo(4);
    }

    @Test
    void thePasswordShowsNowhere() throws Exception {
        post("/load?threads=4&requests=20&holdMillis=1", null);
        for (String path : List.of("/actuator/health", "/actuator/eddypool", "/actuator/eddypool/" + POOL,
                "/actuator/metrics", "/actuator/metrics/eddy.connections", "/actuator/prometheus", "/actuator",
                "/actuator/health/eddyPool", "/actuator/health/db")) {
            Response response = get(path);
            assertThat(response.status()).as(path).isLessThan(500);
            assertThat(response.body()).as(path).doesNotContain(PASSWORD);
        }
        assertThat(get("/actuator/eddypool").<String>json("$.pools.sample.configuration.password")).isEqualTo("******");
    }

    @Test
    void onlyTheChosenEndpointsAreExposed() throws Exception {
        assertThat(get("/actuator/env").status()).isEqualTo(404);
        assertThat(get("/actuator/configprops").status()).isEqualTo(404);
    }

    private double count(String meter) throws Exception {
        return metric(meter, "COUNT", "");
    }

    /** A statistic of a meter of the sample pool, via /actuator/metrics. */
    private double metric(String meter, String statistic, String extraTags) throws Exception {
        Response r = get("/actuator/metrics/" + meter + "?tag=pool:" + POOL + extraTags);
        assertThat(r.status()).as(meter + " " + r.body()).isEqualTo(200);
        List<Number> values = r.json("$.measurements[?(@.statistic=='" + statistic + "')].value");
        assertThat(values).as(meter + " " + statistic).hasSize(1);
        return values.get(0).doubleValue();
    }

    Response get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** A POST with no body and no content type, as {@code curl -X POST} sends it. */
    Response postPlain(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    Response post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    record Response(int status, String body) {
        <T> T json(String path) {
            return JsonPath.read(body, path);
        }
    }
}
