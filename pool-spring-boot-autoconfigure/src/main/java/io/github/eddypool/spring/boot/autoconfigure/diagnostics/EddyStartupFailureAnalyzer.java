package io.github.eddypool.spring.boot.autoconfigure.diagnostics;

import io.github.eddypool.EddyStartupException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reports a database that could not be reached at start-up: where the pool tried to connect and
 * the driver's cause. Everything it shows comes from the {@link EddyStartupException}, which the
 * pool builds from the settings it used (wherever they came from: properties, a
 * {@code JdbcConnectionDetails} bean, code) with the password already masked; the application's
 * properties may name another database, so it does not read them.
 */
public class EddyStartupFailureAnalyzer extends AbstractFailureAnalyzer<EddyStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EddyStartupException cause) {
        StringBuilder description = new StringBuilder("The Eddy connection pool could not open a connection at start-up.\n\n");
        String target = cause.target();
        if (target != null) {
            description.append("    Database: ").append(target).append('\n');
        }
        description.append("    Problem:  ").append(cause.getMessage()).append('\n');
        for (String reason : causes(cause)) {
            description.append("    Cause:    ").append(reason).append('\n');
        }
        String action = "Check that the database" + (target == null ? "" : " at " + target)
                + " is running and reachable from this machine, and that spring.datasource.url "
                + "(or eddy.pool.jdbc-url), the user name and the password are right.\n"
                + "To start the application without waiting for the database, set "
                + "eddy.pool.initialization-fail-timeout to a negative value such as -1.";
        return new FailureAnalysis(description.toString().stripTrailing(), action, cause);
    }

    /** The messages of the causes below the startup exception, each once. */
    private static List<String> causes(Throwable top) {
        Set<String> seen = new LinkedHashSet<>();
        for (Throwable t = top.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            seen.add(t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        return new ArrayList<>(seen);
    }
}
