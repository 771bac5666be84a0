package io.github.eddypool.sample;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard ({@code grafana/eddy-pool-dashboard.json}) and the Prometheus alert rules
 * ({@code grafana/eddy-pool-alerts.yml}) ask only for metrics the sample app really publishes:
 * every metric name in every query is looked up in {@code /actuator/prometheus} after some load.
 * The sample app runs with its own settings (the same context as {@link DashboardBrowserTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = DashboardBrowserTests.OWN_DATABASE)
class GrafanaDashboardTests {

    private static final Path GRAFANA = Path.of("..", "grafana");

    /** PromQL's words that are not metric names: functions, operators, modifiers. */
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "rate", "irate",
            "increase", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and",
            "or", "unless", "bool", "offset", "label_values", "first", "value", "humanizeDuration");

    private static Set<String> published;

    @LocalServerPort
    int port;

    @BeforeEach
    void scrapeAfterSomeLoad() throws Exception {
        if (published != null) {
            return;
        }
        AppHttp http = new AppHttp(port);
        assertThat(http.post("/load?threads=16&requests=400&holdMillis=2", null).status()).isEqualTo(200);
        AppHttp.Response scrape = http.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : scrape.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        published = names;
    }

    @Test
    void everyMetricTheDashboardQueriesIsPublished() throws Exception {
        DocumentContext dashboard = JsonPath.parse(GRAFANA.resolve("eddy-pool-dashboard.json").toFile());
        // Every PromQL expression: the panels' targets and the variables' queries.
        List<String> queries = new ArrayList<>(dashboard.<List<String>>read("$.panels[*].targets[*].expr"));
        queries.addAll(dashboard.<List<String>>read("$.templating.list[?(@.type == 'query')].query.query"));
        Set<String> metrics = new TreeSet<>();
        queries.forEach(q -> metrics.addAll(metricNames(q)));

        assertThat(queries).hasSizeGreaterThan(15);
        // What the issue asks the dashboard to show, by the meters behind it.
        assertThat(metrics).contains("eddy_connections_active", "eddy_connections_idle", "eddy_connections_pending",
                "eddy_connections_max", "eddy_connections_acquire_seconds_bucket", "eddy_connections_timeout_total",
                "eddy_connections_creation_failed_total", "eddy_connections_closed_total");
        assertThat(published).as("metrics in /actuator/prometheus").containsAll(metrics);
        // Every panel reads the data source chosen in the dashboard's variable, so it imports anywhere.
        List<Map<String, Object>> panels = dashboard.read("$.panels[?(@.type != 'row')]");
        assertThat(panels).hasSizeGreaterThan(8).allSatisfy(panel -> assertThat(panel.get("datasource"))
                .as((String) panel.get("title")).isEqualTo(Map.of("type", "prometheus", "uid", "${datasource}")));
    }

    @Test
    void everyMetricTheAlertRulesQueryIsPublished() throws Exception {
        Map<String, Object> rules;
        try (Reader in = Files.newBufferedReader(GRAFANA.resolve("eddy-pool-alerts.yml"))) {
            rules = new Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
        Map<String, Map<String, Object>> alerts = new java.util.LinkedHashMap<>();
        for (Map<String, Object> group : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groupRules = (List<Map<String, Object>>) group.get("rules");
            groupRules.forEach(r -> alerts.put((String) r.get("alert"), r));
        }
        assertThat(alerts).containsKeys("EddyPoolSaturated", "EddyPoolSlowAcquire");
        assertThat(alerts.get("EddyPoolSaturated").get("for")).isEqualTo("1m");
        assertThat((String) alerts.get("EddyPoolSaturated").get("expr"))
                .contains("eddy_connections_pending > 0", "eddy_connections_active >= eddy_connections_max");
        assertThat((String) alerts.get("EddyPoolSlowAcquire").get("expr"))
                .contains("histogram_quantile(0.99", "0.1 * eddy_connections_acquire_timeout_seconds");

        Set<String> metrics = new TreeSet<>();
        alerts.values().forEach(r -> metrics.addAll(metricNames((String) r.get("expr"))));
        assertThat(metrics).contains("eddy_connections_acquire_seconds_bucket", "eddy_connections_acquire_timeout_seconds");
        assertThat(published).as("metrics in /actuator/prometheus").containsAll(metrics);
    }

    /**
     * The alert rules behave as documented, checked by Prometheus's own rule evaluator against
     * {@code eddy-pool-alerts.test.yml}: saturation fires after a minute and only when every
     * connection is lent with threads waiting; slow acquire compares p99 with each pool's own
     * timeout. Needs promtool (Debian package {@code prometheus}); skipped loudly without it,
     * except under {@code CI=true}.
     */
    @Test
    void theAlertRulesPassTheirPromtoolUnitTests() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            String message = "promtool is not installed (" + promtool + "); install it with: apt-get install -y prometheus";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI=true requires it");
            }
            System.err.println("\n************************************************************\n"
                    + "SKIPPING the promtool unit tests of the alert rules: " + message
                    + "\n************************************************************\n");
            Assumptions.abort(message);
        }
        Process run = new ProcessBuilder(promtool.toString(), "test", "rules", "eddy-pool-alerts.test.yml")
                .directory(GRAFANA.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void theMetricNameExtractionFindsMetricsAndOnlyMetrics() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (pool, le) (rate(eddy_connections_acquire_seconds_bucket"
                + "{instance=~\"$instance\", pool=~\"$pool\"}[$__rate_interval]))) > 0.1 * on (pool) eddy_x_seconds"))
                .containsExactlyInAnyOrder("eddy_connections_acquire_seconds_bucket", "eddy_x_seconds");
        assertThat(metricNames("label_values(eddy_connections_max{instance=~\"$instance\"}, pool)"))
                .containsExactly("eddy_connections_max");
        assertThat(metricNames("sum without (cause) (increase(eddy_connections_timeout_total[5m])) > 0"))
                .containsExactly("eddy_connections_timeout_total");
    }

    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_ARGUMENT = Pattern.compile("(label_values\\([^,]*),[^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The metric names in a PromQL expression: identifiers outside label matchers, ranges and groupings. */
    static Set<String> metricNames(String promql) {
        String q = LABEL_MATCHERS.matcher(promql).replaceAll(" ");
        q = RANGES.matcher(q).replaceAll(" ");
        q = GROUPING.matcher(q).replaceAll(" ");
        q = LABEL_ARGUMENT.matcher(q).replaceAll("$1)");
        q = q.replaceAll("\\$\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(q);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL_WORDS.contains(word) && !word.matches("[eE]\\d*")) {
                names.add(word);
            }
        }
        return names;
    }
}
