package io.github.eddypool.spring.boot.autoconfigure.diagnostics;

import io.github.eddypool.EddyConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.Map;

/**
 * Reports an invalid pool setting as the Spring Boot property to fix, e.g.
 * {@code eddy.pool.max-size}, with what is wrong and what to change. The exception's text
 * never carries a password.
 */
public class EddyConfigFailureAnalyzer extends AbstractFailureAnalyzer<EddyConfigException> {

    /** Pool settings that Boot users usually set under spring.datasource instead. */
    private static final Map<String, String> SPRING_DATASOURCE_ALIASES = Map.of(
            "jdbc-url", "spring.datasource.url",
            "username", "spring.datasource.username",
            "password", "spring.datasource.password",
            "driver-class-name", "spring.datasource.driver-class-name");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EddyConfigException cause) {
        String property = propertyName(cause.property());
        String alias = SPRING_DATASOURCE_ALIASES.get(cause.property());
        String where = alias == null ? property : property + " (or " + alias + ")";
        String description = "The Eddy connection pool could not start: its configuration is invalid.\n\n"
                + "    Property: " + where + "\n"
                + "    Problem:  " + cause.problem();
        String action = cause.action() + ".\n\nChange " + where
                + " in your application properties or YAML (or the matching environment variable).";
        return new FailureAnalysis(description, action, cause);
    }

    /** The Spring Boot name of a pool setting. */
    static String propertyName(String poolProperty) {
        return "eddy.pool." + poolProperty;
    }
}
