package io.github.eddypool.spring.boot.autoconfigure.diagnostics;

import io.github.eddypool.EddyStartupException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reports a database that could not be reached at start-up: which host and port, and the
 * driver's cause, without the password (any configured password is blanked out of the text).
 */
public class EddyStartupFailureAnalyzer extends AbstractFailureAnalyzer<EddyStartupException> {

    private static final String MASK = "******";
    /** host[:port] after "//" and an optional user[:password]@, as in most JDBC URLs. */
    private static final Pattern HOST_PORT = Pattern.compile("//(?:[^/@?;]*@)?(\\[[^\\]]+\\]|[^/:?;,]+)(?::(\\d+))?");

    private final Environment environment;

    /** Boot hands failure analyzers the application's environment through this constructor. */
    public EddyStartupFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EddyStartupException cause) {
        String url = cause.jdbcUrl() != null ? cause.jdbcUrl() : configuredUrl();
        StringBuilder description = new StringBuilder("The Eddy connection pool could not open a connection at start-up.\n\n");
        String target = target(url);
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
        return new FailureAnalysis(mask(description.toString().stripTrailing()), mask(action), cause);
    }

    /** For a pool that does not say which URL it tried. */
    private String configuredUrl() {
        String url = environment.getProperty("eddy.pool.jdbc-url");
        return url != null ? url : environment.getProperty("spring.datasource.url");
    }

    /** "host 127.0.0.1, port 5432" from the URL, or null when the URL has no host (e.g. H2 in memory). */
    static String target(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = HOST_PORT.matcher(url);
        if (!m.find()) {
            return null;
        }
        return "host " + m.group(1) + (m.group(2) == null ? " (default port)" : ", port " + m.group(2));
    }

    /** The messages of the causes below the startup exception, each once. */
    private static List<String> causes(Throwable top) {
        Set<String> seen = new LinkedHashSet<>();
        for (Throwable t = top.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            seen.add(t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        return new ArrayList<>(seen);
    }

    private String mask(String text) {
        for (String key : new String[] {"eddy.pool.password", "spring.datasource.password"}) {
            String password = environment.getProperty(key);
            if (password != null && !password.isEmpty()) {
                text = text.replace(password, MASK);
            }
        }
        return text;
    }
}
