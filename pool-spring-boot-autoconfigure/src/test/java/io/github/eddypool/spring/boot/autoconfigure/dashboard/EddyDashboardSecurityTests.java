package io.github.eddypool.spring.boot.autoconfigure.dashboard;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard with Spring Security on the classpath, in a real web application (Tomcat on a
 * random port): the page is no way around the actuator's security. Under Boot's default security
 * the page itself needs a login; where an application lets everybody see the page, the page still
 * shows nothing, because every number on it comes from the actuator, which refuses the anonymous
 * browser. The operation buttons' POSTs pass Spring Security's CSRF protection with the token the
 * page carries.
 */
class EddyDashboardSecurityTests {

    private static final String USER = "ops";
    private static final String PASSWORD = "dashb0ard-s3cret";
    private static final String POOL = "guarded-pool";

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void bootsDefaultSecurityGuardsThePageAndTheButtonsWorkWithItsCsrfToken() throws Exception {
        try (ConfigurableApplicationContext app = start(DefaultSecurityApp.class)) {
            int port = port(app);
            HttpResponse<String> anonymous = get(port, "/eddy", false);
            assertThat(anonymous.statusCode()).isIn(401, 302);
            assertThat(anonymous.body()).doesNotContain("eddy-endpoint");
            assertThat(get(port, "/actuator/eddypool", false).statusCode()).isIn(401, 302);

            HttpResponse<String> page = get(port, "/eddy", true);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'", "connect-src 'self'"));
            assertThat(page.body()).contains("<meta name=\"eddy-endpoint\" content=\"/actuator/eddypool\">")
                    .doesNotContain(POOL).doesNotContain(PASSWORD);
            String header = meta(page.body(), "eddy-csrf-header");
            String token = meta(page.body(), "eddy-csrf-token");
            assertThat(header).isEqualTo("X-CSRF-TOKEN");
            assertThat(token).isNotEmpty();

            assertThat(get(port, "/actuator/eddypool", true).body()).contains(POOL).doesNotContain(PASSWORD);
            // A POST without the token is refused (CsrfFilter runs before the login is read, so the
            // refusal is a 401) and changes nothing; with the page's token, Suspend works.
            assertThat(post(port, "/actuator/eddypool/" + POOL + "/suspend", null, null).statusCode()).isIn(401, 403);
            assertThat(get(port, "/actuator/eddypool/" + POOL, true).body()).contains("\"suspended\":false");
            HttpResponse<String> suspend = post(port, "/actuator/eddypool/" + POOL + "/suspend", header, token);
            assertThat(suspend.statusCode()).isEqualTo(200);
            assertThat(suspend.body()).contains("\"suspended\":true");
            assertThat(post(port, "/actuator/eddypool/" + POOL + "/resume", header, token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPagePermittedToEveryoneStillShowsNothingTheActuatorRefuses() throws Exception {
        try (ConfigurableApplicationContext app = start(PublicPageApp.class)) {
            int port = port(app);
            HttpResponse<String> page = get(port, "/eddy", false);
            assertThat(page.statusCode()).isEqualTo(200);
            // The page is a shell: no pool name, no count, no configuration in it.
            assertThat(page.body()).contains("eddy-endpoint").doesNotContain(POOL).doesNotContain("jdbc:h2")
                    .doesNotContain("\"stats\":");
            // Everything it would show comes from here, which still wants credentials.
            assertThat(get(port, "/actuator/eddypool", false).statusCode()).isEqualTo(401);
            assertThat(get(port, "/actuator/eddypool/" + POOL + "/history", false).statusCode()).isEqualTo(401);
            assertThat(get(port, "/actuator/eddypool/" + POOL + "/holders", false).statusCode()).isEqualTo(401);
        }
    }

    private static ConfigurableApplicationContext start(Class<?> app) {
        return new SpringApplicationBuilder(app).run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:mem:dashboard-security-" + app.getSimpleName() + ";DB_CLOSE_DELAY=-1",
                "--eddy.pool.pool-name=" + POOL, "--eddy.pool.min-size=1", "--eddy.pool.max-size=2",
                "--eddy.dashboard.enabled=true", "--management.endpoints.web.exposure.include=eddypool",
                "--spring.security.user.name=" + USER, "--spring.security.user.password=" + PASSWORD);
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private HttpResponse<String> get(int port, String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (authenticated) {
            request.header("Authorization", basic());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String csrfHeader, String csrfToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.noBody());
        if (csrfHeader != null) {
            request.header(csrfHeader, csrfToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String meta(String html, String name) {
        Matcher m = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]*)\">").matcher(html);
        assertThat(m.find()).as("meta " + name).isTrue();
        return m.group(1);
    }

    /** An application that leaves security to Boot's defaults. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class DefaultSecurityApp {
    }

    /** An application whose own security lets everybody see /eddy, and wants a login for the rest. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class PublicPageApp {

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.requestMatchers("/eddy").permitAll()
                            .anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .build();
        }
    }
}
