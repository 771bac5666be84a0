package io.github.eddypool.spring.boot.autoconfigure.diagnostics;

import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class FailureAnalyzerTests {

    private static final String PASSWORD = "d0-not-sh0w-me";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eddy.pool.max-size=0                         | eddy.pool.max-size",
            "eddy.pool.min-size=-1                        | eddy.pool.min-size",
            "eddy.pool.min-size=20                        | eddy.pool.min-size",
            "eddy.pool.connection-timeout=10ms            | eddy.pool.connection-timeout",
            "eddy.pool.validation-timeout=40s             | eddy.pool.validation-timeout",
            "eddy.pool.max-waiting=-5                     | eddy.pool.max-waiting",
            "eddy.pool.max-queries=-1                     | eddy.pool.max-queries",
            "eddy.pool.leak-detection-threshold=100ms     | eddy.pool.leak-detection-threshold",
            "eddy.pool.housekeeping-period=1ms            | eddy.pool.housekeeping-period",
            "eddy.pool.keepalive-time=40m                 | eddy.pool.keepalive-time",
            "eddy.pool.creation-concurrency=0             | eddy.pool.creation-concurrency",
            "eddy.pool.transaction-isolation=SOMETIMES    | eddy.pool.transaction-isolation",
            "eddy.pool.pool-name=no spaces allowed        | eddy.pool.pool-name",
            "eddy.pool.idle-timeout=10ms                  | eddy.pool.idle-timeout",
            "eddy.pool.max-lifetime=500ms                 | eddy.pool.max-lifetime",
            "eddy.pool.shutdown-grace-period=-1s          | eddy.pool.shutdown-grace-period",
            "eddy.pool.driver-class-name=com.example.None | eddy.pool.driver-class-name",
            "eddy.pool.jdbc-url=postgres://host/db        | eddy.pool.jdbc-url",
    })
    void aBadValueFailsStartUpNamingTheProperty(String setting, String property) {
        runner.withPropertyValues(setting, "spring.datasource.password=" + PASSWORD).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new EddyConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("analysed").isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property);
            assertThat(analysis.getAction()).contains("Change " + property).isNotBlank();
            assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void connectionSettingsAlsoNameTheirSpringDatasourceProperty() {
        runner.withPropertyValues("eddy.pool.jdbc-url=mysql://nowhere/db").run(context -> {
            FailureAnalysis analysis = new EddyConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("eddy.pool.jdbc-url (or spring.datasource.url)");
        });
    }

    @Test
    void anUnreachableDatabaseIsReportedWithHostPortAndCauseButNoPassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/test";
        runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=postgres",
                "spring.datasource.password=" + PASSWORD, "eddy.pool.initialization-fail-timeout=500ms").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new EddyStartupFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Database: 127.0.0.1:1 (postgresql)").contains("Cause:")
                    .containsIgnoringCase("refused");
            assertThat(analysis.getAction()).contains("eddy.pool.initialization-fail-timeout");
            assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void theStartupAnalyzerShowsOnlyWhatTheExceptionCarries() {
        // The pool masks before it throws; the analyzer adds nothing from elsewhere, so a target
        // it was not given is not shown, and the one it was given is shown as given.
        FailureAnalysis without = new EddyStartupFailureAnalyzer().analyze(
                new io.github.eddypool.EddyStartupException("could not connect", new java.sql.SQLException("refused")));
        assertThat(without.getDescription()).doesNotContain("Database:").contains("Cause:    java.sql.SQLException: refused");
        FailureAnalysis with = new EddyStartupFailureAnalyzer().analyze(new io.github.eddypool.EddyStartupException(
                "could not connect", null, "jdbc:postgresql://u:******@db.example:6543/x", "db.example:6543 (postgresql)"));
        assertThat(with.getDescription()).contains("Database: db.example:6543 (postgresql)");
        assertThat(with.getAction()).contains("Check that the database at db.example:6543 (postgresql) is running");
    }

    @Test
    void theAnalyzersAreRegisteredAndPrintTheReportOnAFailedStart(CapturedOutput output) {
        SpringApplication app = new SpringApplication(MinimalApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> app.run("--eddy.pool.max-size=0", "--spring.datasource.generate-unique-name=true",
                "--spring.datasource.password=" + PASSWORD, "--spring.main.banner-mode=off")).isNotNull();
        assertThat(output.toString()).contains("APPLICATION FAILED TO START")
                .contains("Property: eddy.pool.max-size")
                .contains("Problem:  must be at least 1, was 0\n")
                .doesNotContain(PASSWORD);
    }

    @Test
    void anUnreachableDatabaseReportOnAFailedStart(CapturedOutput output) {
        SpringApplication app = new SpringApplication(MinimalApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> app.run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/test",
                "--spring.datasource.password=" + PASSWORD, "--eddy.pool.initialization-fail-timeout=300ms",
                "--spring.main.banner-mode=off")).isNotNull();
        assertThat(output.toString()).contains("APPLICATION FAILED TO START")
                .contains("Database: 127.0.0.1:1 (postgresql)").doesNotContain(PASSWORD);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
    static class MinimalApp {
    }
}
