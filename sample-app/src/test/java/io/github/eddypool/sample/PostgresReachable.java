package io.github.eddypool.sample;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a test class only when PostgreSQL answers on its port (from {@code EDDY_PG_URL}, else
 * 127.0.0.1:5432). Otherwise the class is skipped with a loud message, except under
 * {@code CI=true}, where a missing database is a failure, not a skip.
 */
class PostgresReachable implements ExecutionCondition {

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+)(?::(\\d+))?");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String url = System.getenv().getOrDefault("EDDY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        Matcher m = HOST_PORT.matcher(url);
        String host = m.find() ? m.group(1) : "127.0.0.1";
        int port = m.group(2) != null ? Integer.parseInt(m.group(2)) : 5432;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return ConditionEvaluationResult.enabled("PostgreSQL answers on " + host + ":" + port);
        } catch (IOException e) {
            String message = "PostgreSQL is not reachable on " + host + ":" + port + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI=true requires it");
            }
            System.err.println("\n************************************************************\n"
                    + "SKIPPING " + context.getDisplayName() + ": " + message
                    + "\n************************************************************\n");
            return ConditionEvaluationResult.disabled(message);
        }
    }
}
