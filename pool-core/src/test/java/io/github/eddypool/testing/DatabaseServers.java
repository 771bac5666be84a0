package io.github.eddypool.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real database servers the integration tests use, overridable by environment variables:
 *
 * <table>
 *   <caption>servers</caption>
 *   <tr><th>server</th><th>default</th><th>variables</th></tr>
 *   <tr><td>PostgreSQL</td><td>jdbc:postgresql://127.0.0.1:5432/test, user postgres, trust auth</td>
 *       <td>EDDY_PG_URL, EDDY_PG_USER, EDDY_PG_PASSWORD</td></tr>
 *   <tr><td>MariaDB</td><td>jdbc:mariadb://127.0.0.1:3306/test, user root, empty password</td>
 *       <td>EDDY_MARIADB_URL, EDDY_MARIADB_USER, EDDY_MARIADB_PASSWORD</td></tr>
 *   <tr><td>PgBouncer (transaction mode, in front of the PostgreSQL)</td><td>jdbc:postgresql://127.0.0.1:6432/test,
 *       user postgres; started by {@link PgBouncer#start()} when it is not running</td>
 *       <td>EDDY_PGBOUNCER_URL, EDDY_PGBOUNCER_USER, EDDY_PGBOUNCER_PASSWORD</td></tr>
 * </table>
 *
 * Tests declare their need with {@link RequiresPostgres} / {@link RequiresMariaDb} / {@link RequiresPgBouncer}.
 */
public final class DatabaseServers {

    /** A server kind with its settings resolved from the environment. */
    public enum Server {
        POSTGRES("PostgreSQL", "EDDY_PG", "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
        MARIADB("MariaDB", "EDDY_MARIADB", "jdbc:mariadb://127.0.0.1:3306/test", "root"),
        PGBOUNCER("PgBouncer", "EDDY_PGBOUNCER", "jdbc:postgresql://127.0.0.1:6432/test", "postgres");

        private final String displayName;
        private final String envPrefix;
        private final String defaultUrl;
        private final String defaultUser;

        Server(String displayName, String envPrefix, String defaultUrl, String defaultUser) {
            this.displayName = displayName;
            this.envPrefix = envPrefix;
            this.defaultUrl = defaultUrl;
            this.defaultUser = defaultUser;
        }

        public String displayName() {
            return displayName;
        }

        public String url() {
            return env(envPrefix + "_URL", defaultUrl);
        }

        public String user() {
            return env(envPrefix + "_USER", defaultUser);
        }

        /** The password, or an empty string. */
        public String password() {
            return env(envPrefix + "_PASSWORD", "");
        }

        public String envPrefix() {
            return envPrefix;
        }

        /** The host of {@link #url()}. */
        public String host() {
            return hostPort().getHost();
        }

        /** The port of {@link #url()}. */
        public int port() {
            URI u = hostPort();
            return u.getPort() > 0 ? u.getPort() : (this == POSTGRES ? 5432 : this == PGBOUNCER ? 6432 : 3306);
        }

        private URI hostPort() {
            // jdbc:postgresql://host:port/db?x -> postgresql://host:port/db?x
            return URI.create(url().substring("jdbc:".length()));
        }

        /** {@link #url()} with host and port replaced, e.g. to go through a {@link FaultProxy}. */
        public String urlVia(String host, int port) {
            String url = url();
            String prefix = url.substring(0, url.indexOf("//") + 2);
            String rest = url.substring(prefix.length());
            int slash = rest.indexOf('/');
            return prefix + host + ":" + port + (slash >= 0 ? rest.substring(slash) : "/");
        }

        /** {@link #url()} pointed at the proxy. */
        public String urlVia(FaultProxy proxy) {
            return urlVia(proxy.host(), proxy.port());
        }

        /** A proxy in front of this server. */
        public FaultProxy newProxy() throws java.io.IOException {
            return new FaultProxy(host(), port());
        }

        /** Opens a direct connection (not pooled), e.g. for administration in a test. */
        public Connection connect() throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", user());
            p.setProperty("password", password());
            // Generous: on a CI machine busy with other builds, a PostgreSQL backend can take
            // seconds to fork and authenticate while a stress test runs beside it.
            if (this != MARIADB) {
                p.setProperty("connectTimeout", "15");
                p.setProperty("loginTimeout", "15");
            } else {
                p.setProperty("connectTimeout", "15000");
            }
            return DriverManager.getConnection(url(), p);
        }
    }

    private static final Map<Server, String> PROBES = new ConcurrentHashMap<>();

    private DatabaseServers() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Null when reachable, else why not; probed once per JVM. */
    public static String unreachableReason(Server server) {
        String reason = PROBES.computeIfAbsent(server, s -> {
            String why = probe(s);
            if (why != null && s == Server.PGBOUNCER && System.getenv("EDDY_PGBOUNCER_URL") == null) {
                // Outside CI nobody may have started it: the tests' own PgBouncer is in the repo.
                String notStarted = PgBouncer.start();
                why = notStarted != null ? why + "; starting it with .ci/pgbouncer/start failed: " + notStarted : probe(s);
            }
            return why == null ? "" : why;
        });
        return reason.isEmpty() ? null : reason;
    }

    private static String probe(Server s) {
        try (Connection c = s.connect()) {
            return c.isValid(3) ? null : "connection is not valid";
        } catch (SQLException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    public static boolean isReachable(Server server) {
        return unreachableReason(server) == null;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
