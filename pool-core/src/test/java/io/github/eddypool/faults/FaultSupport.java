package io.github.eddypool.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared helpers of the fault-injection scenarios. */
final class FaultSupport {

    /** MariaDB user (with a password) that the scenarios create, so its sessions can be found and killed. */
    static final String MARIA_USER = "eddy_fault";
    static final String MARIA_PASSWORD = "S3cr3t-Fault-Pw";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private FaultSupport() {
    }

    static String poolName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    /**
     * A pool configuration through {@code proxy}, tuned for fast tests: housekeeping 100 ms,
     * 2 s connection timeout, 500 ms validation timeout, 1 s shutdown grace. On PostgreSQL the
     * pool name is the application_name of its sessions; on MariaDB the pool logs in as
     * {@link #MARIA_USER}.
     */
    static EddyConfig.Builder config(Server server, FaultProxy proxy, String poolName) {
        EddyConfig.Builder b = EddyConfig.builder()
                .poolName(poolName)
                .jdbcUrl(server.urlVia(proxy))
                .minSize(2)
                .maxSize(8)
                .connectionTimeout(Duration.ofSeconds(2))
                .validationTimeout(Duration.ofMillis(500))
                .housekeepingPeriod(Duration.ofMillis(100))
                .initializationFailTimeout(Duration.ofSeconds(2))
                .shutdownGracePeriod(Duration.ofSeconds(1));
        if (server == Server.POSTGRES) {
            b.username(server.user()).dataSourceProperty("ApplicationName", poolName);
            if (!server.password().isEmpty()) {
                b.password(server.password());
            }
        } else {
            ensureMariaUser();
            b.username(MARIA_USER).password(MARIA_PASSWORD);
        }
        return b;
    }

    static synchronized void ensureMariaUser() {
        try (Connection c = Server.MARIADB.connect(); Statement s = c.createStatement()) {
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + MARIA_USER + "'@'" + host + "' IDENTIFIED BY '" + MARIA_PASSWORD + "'");
                s.execute("GRANT ALL ON test.* TO '" + MARIA_USER + "'@'" + host + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the MariaDB test user", e);
        }
    }

    static int selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Server sessions the pool has open now. */
    static int sessions(Server server, String poolName) throws SQLException {
        return sessionRows(server, poolName).size();
    }

    /** The pool's server sessions, one line each, for a failure message (see {@link #sessionRows}). */
    static String sessionList(Server server, String poolName) throws SQLException {
        List<String> rows = sessionRows(server, poolName);
        return rows.isEmpty() ? " none" : "\n  " + String.join("\n  ", rows);
    }

    /**
     * The pool's server sessions, one line each: on PostgreSQL the pid, when the backend started,
     * its state and last query; on MariaDB the id, command and state.
     */
    private static List<String> sessionRows(Server server, String poolName) throws SQLException {
        String sql = server == Server.POSTGRES
                ? "select pid, backend_start, state, state_change, wait_event, query from pg_stat_activity where application_name = ?"
                : "select id, command, time, state, info from information_schema.processlist where user = ?";
        List<String> rows = new ArrayList<>();
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, server == Server.POSTGRES ? poolName : MARIA_USER);
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i == 1 ? "" : " ").append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    /** Kills every server session of the pool (pg_terminate_backend / KILL); returns how many. */
    static int killSessions(Server server, String poolName) throws SQLException {
        return killSessionIds(server, poolName).size();
    }

    /**
     * Kills every server session of the pool; returns their ids (PostgreSQL backend pids, MariaDB
     * connection ids), for {@link #anyAlive}.
     */
    static List<Long> killSessionIds(Server server, String poolName) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = server.connect()) {
            if (server == Server.POSTGRES) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select pid, pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")) {
                    ps.setString(1, poolName);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getBoolean(2)) {
                                ids.add(rs.getLong(1));
                            }
                        }
                    }
                }
                return ids;
            }
            try (PreparedStatement ps = c.prepareStatement("select id from information_schema.processlist where user = ?")) {
                ps.setString(1, MARIA_USER);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (long id : ids) {
                    try {
                        s.execute("KILL " + id);
                    } catch (SQLException gone) {
                        // ended meanwhile
                    }
                }
            }
            return ids;
        }
    }

    /** True while any of the server sessions {@code ids} (from {@link #killSessionIds}) still exists. */
    static boolean anyAlive(Server server, List<Long> ids) throws SQLException {
        String sql = server == Server.POSTGRES
                ? "select count(*) from pg_stat_activity where pid = any(?)"
                : "select count(*) from information_schema.processlist where find_in_set(id, ?)";
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (server == Server.POSTGRES) {
                ps.setArray(1, c.createArrayOf("int4", ids.stream().map(Long::intValue).toArray()));
            } else {
                ps.setString(1, ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** Waits for a condition; false on timeout. */
    static boolean await(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Live threads of the pool (named eddy-<pool>-...). */
    static List<String> poolThreads(String poolName) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("eddy-" + poolName + "-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Closes the pool and asserts that no thread of it is left (checked right after close()). */
    static void closeAndAssertNoThreads(EddyDataSource pool) {
        pool.close();
        assertThat(poolThreads(pool.getPoolName())).as("threads of pool %s alive after close()", pool.getPoolName()).isEmpty();
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Prints a result line for the README table: scenario | what Eddy did | figure. */
    static void report(String scenario, String what, String figure) {
        String line = "RESULT | " + scenario + " | " + what + " | " + figure;
        System.out.println(line);
        Results.add(line);
    }

    /** Collects result lines of the run, written to target/fault-results.txt. */
    static final class Results {
        private static final List<String> LINES = new ArrayList<>();

        static synchronized void add(String line) {
            LINES.add(line);
            try {
                java.nio.file.Files.write(java.nio.file.Path.of("target", "fault-results.txt"), List.of(line),
                        java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                // reporting only
            }
        }
    }
}
