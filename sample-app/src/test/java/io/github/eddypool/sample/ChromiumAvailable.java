package io.github.eddypool.sample;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a test class only when the OS's Chromium and chromedriver are installed (Debian packages
 * {@code chromium chromium-driver}); the tests never let Selenium download a browser or a driver.
 * Otherwise the class is skipped with a loud message, except under {@code CI=true}, where a
 * missing browser is a failure, not a skip.
 */
class ChromiumAvailable implements ExecutionCondition {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
        String message = "Chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
                + "); install them with: apt-get install -y chromium chromium-driver";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + "; CI=true requires them");
        }
        System.err.println("\n************************************************************\n"
                + "SKIPPING " + context.getDisplayName() + ": " + message
                + "\n************************************************************\n");
        return ConditionEvaluationResult.disabled(message);
    }
}
