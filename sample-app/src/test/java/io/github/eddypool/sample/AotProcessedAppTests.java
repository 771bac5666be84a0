package io.github.eddypool.sample;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The sample app ahead-of-time processed, run on the JVM with {@code -Dspring.aot.enabled=true}:
 * the bean definitions Boot generated at build time (including the DataSource Boot's
 * auto-configuration builds for Eddy) must give a working app with the pool configured from
 * {@code eddy.pool.*}.
 * <p>
 * The build does the processing: {@code spring-boot:process-aot} is bound to the
 * {@code process-classes} phase in the sample's pom, so {@code ./mvnw test} runs it, and the
 * generated classes are in {@code target/classes}; the same phase writes the runtime classpath
 * to {@code target/runtime-classpath.txt}. This test starts that app in a child JVM (no test
 * classpath, so no DevTools, Flyway or JPA) and talks to it over HTTP.
 */
class AotProcessedAppTests {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final long START_TIMEOUT_SECONDS = 180;

    @Test
    void theAotProcessedAppServesHealthAndUsersOnTheEddyPool() throws Exception {
        Path classes = Paths.get("target", "classes").toAbsolutePath();
        Path classpathFile = Paths.get("target", "runtime-classpath.txt").toAbsolutePath();
        Path initializer = classes.resolve("io/github/eddypool/sample/SampleApplication__ApplicationContextInitializer.class");
        if (!Files.exists(initializer) || !Files.exists(classpathFile)) {
            fail("No AOT-processed sample app: expected " + initializer + " and " + classpathFile
                    + "; they are made by the process-classes phase (./mvnw test runs it)");
        }
        String classpath = classes + java.io.File.pathSeparator + Files.readString(classpathFile).trim();

        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dspring.aot.enabled=true",
                "-cp", classpath,
                SampleApplication.class.getName(),
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:mem:aot;DB_CLOSE_DELAY=-1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        Process process = builder.start();
        StringBuffer output = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                Integer tomcatPort = null;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = PORT.matcher(line);
                    if (m.find()) {
                        tomcatPort = Integer.parseInt(m.group(1));
                    }
                    // Ready once the application has started, not just its web server.
                    if (tomcatPort != null && line.contains("Started SampleApplication")) {
                        port.complete(tomcatPort);
                    }
                }
            } catch (Exception e) {
                // the process ended; reported below
            } finally {
                port.completeExceptionally(new IllegalStateException("the app's output ended without a Tomcat port"));
            }
        }, "aot-app-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int appPort;
            try {
                appPort = port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("The AOT-processed app did not start within " + START_TIMEOUT_SECONDS
                        + " s (" + e + "); its output:\n" + output, e);
            }
            assertThat(output).as("the app ran in AOT mode").contains("Starting AOT-processed SampleApplication");

            AppHttp http = new AppHttp(appPort);
            AppHttp.Response health = http.get("/actuator/health");
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.<String>json("$.status")).isEqualTo("UP");
            assertThat(health.<String>json("$.components.eddyPool.status")).isEqualTo("UP");
            assertThat(health.<String>json("$.components.db.status")).isEqualTo("UP");
            Map<String, Object> details = health.json("$.components.eddyPool.details");
            assertThat(details).containsEntry("pool", "sample").containsEntry("min", 2).containsEntry("max", 8);

            AppHttp.Response users = http.get("/users");
            assertThat(users.status()).as(users.body()).isEqualTo(200);
            assertThat(users.<List<String>>json("$[*].name")).contains("Ada Lovelace", "Barbara Liskov");
            AppHttp.Response created = http.post("/users", "{\"name\":\"Aot User\",\"email\":\"aot@example.com\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            AppHttp.Response pool = http.get("/actuator/eddypool/sample");
            assertThat(pool.status()).as(pool.body()).isEqualTo(200);
            assertThat(pool.<Integer>json("$.stats.max")).isEqualTo(8);
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(output).doesNotContain("APPLICATION FAILED TO START");
    }
}
