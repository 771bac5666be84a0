package io.github.eddypool.testing;

import io.github.eddypool.testing.DatabaseServers.Server;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Backs {@link RequiresPostgres}, {@link RequiresMariaDb} and {@link RequiresPgBouncer}: before the class and before each
 * test, checks the servers needed; an unreachable server skips the test with a banner on
 * System.err, or fails it when env {@code CI=true} (CI must never silently skip).
 */
public final class DatabaseServerExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        check(context.getRequiredTestClass(), context.getDisplayName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        check(context.getRequiredTestClass(), context.getDisplayName());
        check(context.getRequiredTestMethod(), context.getDisplayName());
    }

    private static void check(AnnotatedElement element, String test) {
        List<Server> needed = new ArrayList<>();
        if (AnnotationSupport.isAnnotated(Optional.of(element), RequiresPostgres.class)) {
            needed.add(Server.POSTGRES);
        }
        if (AnnotationSupport.isAnnotated(Optional.of(element), RequiresMariaDb.class)) {
            needed.add(Server.MARIADB);
        }
        if (AnnotationSupport.isAnnotated(Optional.of(element), RequiresPgBouncer.class)) {
            needed.add(Server.PGBOUNCER);
        }
        for (Server server : needed) {
            String reason = DatabaseServers.unreachableReason(server);
            if (reason != null) {
                unavailable(server, reason, test);
            }
        }
    }

    /** Skips (locally) or fails (CI) because {@code server} is unreachable. */
    public static void unavailable(Server server, String reason, String test) {
        String message = server.displayName() + " is not reachable at " + server.url() + " as " + server.user()
                + " (" + reason + "); set " + server.envPrefix() + "_URL/_USER/_PASSWORD to point the tests at a server";
        if (DatabaseServers.isCi()) {
            throw new AssertionError("CI=true and " + message + " — failing " + test + " instead of skipping it");
        }
        String bar = "#".repeat(100);
        System.err.println(bar);
        System.err.println("### SKIPPED " + test);
        System.err.println("### " + message);
        System.err.println("### (with CI=true this test would FAIL)");
        System.err.println(bar);
        System.err.flush();
        throw new TestAbortedException("SKIPPED: " + message);
    }
}
