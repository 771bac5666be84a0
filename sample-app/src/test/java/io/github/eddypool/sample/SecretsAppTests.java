package io.github.eddypool.sample;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #5, scenario 11 on the Spring side: the sample app on PostgreSQL (through a
 * {@link FaultProxy}) with a distinctive {@code spring.datasource.password}, every actuator
 * endpoint exposed over HTTP and JMX, the pool's logging at DEBUG, and failures injected (all
 * connections cut, new ones refused). Everything captured is scanned for the password: the log
 * of start-up, load, the outage and shutdown, every actuator response, and every attribute and
 * read operation of the pool's and the endpoints' MBeans.
 *
 * <p>PostgreSQL here uses trust authentication, so the password is configured but never sent;
 * what is tested is that nothing Eddy or Boot shows echoes it.
 */
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class SecretsAppTests {

    private static final String PASSWORD = "Spr1ng-Side-S3cret-9f3k";

    @Test
    void thePasswordAppearsInNoLogNoActuatorResponseAndNoMBean(CapturedOutput output) throws Exception {
        RunningApp.prepareSchema();
        StringBuilder scanned = new StringBuilder();
        List<String> paths = new ArrayList<>();
        int mbeanValues = 0;
        try (FaultProxy proxy = Server.POSTGRES.newProxy()) {
            try (RunningApp app = RunningApp.start(proxy,
                    "--spring.datasource.password=" + PASSWORD,
                    "--eddy.pool.min-size=2", "--eddy.pool.max-size=4",
                    "--eddy.pool.connection-timeout=1s", "--eddy.pool.validation-timeout=500ms",
                    "--eddy.pool.housekeeping-period=100ms", "--eddy.pool.leak-detection-threshold=500ms",
                    "--spring.jmx.enabled=true",
                    "--management.endpoints.web.exposure.include=*",
                    "--management.endpoints.jmx.exposure.include=*",
                    "--logging.level.io.github.eddypool=DEBUG")) {
                AppHttp http = app.http;
                assertThat(http.post("/load?threads=4&requests=100&holdMillis=1", null).<Integer>json("$.succeeded")).isEqualTo(100);
                // A leak report, with its stack, in the log.
                assertThat(http.post("/load?threads=1&requests=1&holdMillis=800", null).status()).isEqualTo(200);

                // Outage: every connection cut, new ones refused; requests and health fail meanwhile.
                proxy.mode(FaultProxy.Mode.REFUSE);
                proxy.cutAll();
                AppHttp.Response failed = http.get("/users/1");
                assertThat(failed.status()).isEqualTo(503);
                AppHttp.Response downHealth = http.get("/actuator/health");
                assertThat(downHealth.<String>json("$.components.eddyPool.status")).isEqualTo("DOWN");
                scanned.append(failed.body()).append(downHealth.body());
                paths.add("/users/1 (503)");
                paths.add("/actuator/health (DOWN)");
                proxy.mode(FaultProxy.Mode.PASS);
                AppHttp.Response ok;
                long until = System.nanoTime() + 5_000_000_000L;
                do {
                    ok = http.get("/users/1");
                } while (ok.status() != 200 && System.nanoTime() < until);
                assertThat(ok.status()).isEqualTo(200);

                // Every actuator endpoint that answers GET (the heap dump aside: it holds the whole heap).
                AppHttp.Response index = http.get("/actuator");
                Map<String, Map<String, Object>> links = index.json("$._links");
                for (Map.Entry<String, Map<String, Object>> link : links.entrySet()) {
                    String href = (String) link.getValue().get("href");
                    if (Boolean.TRUE.equals(link.getValue().get("templated")) || link.getKey().equals("heapdump")
                            || link.getKey().equals("shutdown")) {
                        continue;
                    }
                    paths.add(href.substring(href.indexOf("/actuator")));
                }
                paths.addAll(List.of("/actuator/eddypool/sample", "/actuator/health/eddyPool", "/actuator/health/db",
                        "/actuator/env/spring.datasource.password", "/actuator/configprops/eddy.pool",
                        "/actuator/configprops/spring.datasource"));
                List<String> meters = http.get("/actuator/metrics").json("$.names");
                meters.forEach(m -> paths.add("/actuator/metrics/" + m));
                assertThat(paths).contains("/actuator/env", "/actuator/configprops", "/actuator/prometheus",
                        "/actuator/eddypool", "/actuator/metrics/eddy.connections.active");
                for (String path : paths.subList(2, paths.size())) {
                    AppHttp.Response response = http.get(path);
                    assertThat(response.status()).as(path).isLessThan(500);
                    assertThat(response.body()).as(path).doesNotContain(PASSWORD);
                    scanned.append(response.body());
                }
                // Boot 4 masks every value of env and configprops by default (show-values=never).
                assertThat(http.get("/actuator/env/spring.datasource.password").<String>json("$.property.value")).isEqualTo("******");
                assertThat(http.get("/actuator/eddypool").<String>json("$.pools.sample.configuration.password")).isEqualTo("******");

                // JMX: the pool's MXBean (every attribute) and the actuator endpoints' read operations.
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                Set<ObjectName> pools = server.queryNames(new ObjectName("io.github.eddypool:*"), null);
                assertThat(pools).contains(new ObjectName("io.github.eddypool:type=Pool,name=sample"));
                Set<ObjectName> endpoints = server.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,*"), null);
                assertThat(endpoints).contains(new ObjectName("org.springframework.boot:type=Endpoint,name=Eddypool"));
                for (ObjectName name : pools) {
                    for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                        String value = String.valueOf(server.getAttribute(name, attribute.getName()));
                        assertThat(value).as(name + " " + attribute.getName()).doesNotContain(PASSWORD);
                        scanned.append(value);
                        mbeanValues++;
                    }
                }
                for (ObjectName name : endpoints) {
                    if (name.getKeyProperty("name").equals("Heapdump")) {
                        continue;
                    }
                    for (MBeanOperationInfo op : server.getMBeanInfo(name).getOperations()) {
                        if (op.getSignature().length == 0 && op.getImpact() == MBeanOperationInfo.INFO) {
                            String value = String.valueOf(server.invoke(name, op.getName(), new Object[0], new String[0]));
                            assertThat(value).as(name + " " + op.getName()).doesNotContain(PASSWORD);
                            scanned.append(value);
                            mbeanValues++;
                        }
                    }
                }
                assertThat(String.valueOf(server.invoke(new ObjectName("org.springframework.boot:type=Endpoint,name=Eddypool"),
                        "pools", new Object[0], new String[0]))).contains("password=******");
            }
        }
        String log = output.getAll();
        // The log did cover what it should: start-up, the pool's debug output, the leak, the outage, shutdown.
        assertThat(log).contains("Started ", "Pool sample: closed (", "DEBUG", "possible connection leak",
                "cannot open a connection to 127.0.0.1:", "no database connection: io.github.eddypool.AcquireTimeoutException");
        assertThat(log).doesNotContain(PASSWORD);
        scanned.append(log);
        System.out.println("RESULT | 11 | secrets (sample app on PG: start-up, load, leak, cut + refuse, shutdown) | password in none of "
                + paths.size() + " HTTP responses, " + mbeanValues + " JMX values, the log | 0 occurrences in "
                + scanned.length() + " scanned characters");
    }
}
