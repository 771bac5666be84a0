package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.FaultProxy.Mode;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenarios 8 (wrong password / revoked user, back-off) and 11 (secrets never shown). */
@Timeout(60)
class CredentialsAndSecretsTest {

    private FaultProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String stackText(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    @RequiresMariaDb
    void wrongPasswordGivesAClearErrorAndAttemptsBackOff() throws Exception {
        proxy = Server.MARIADB.newProxy();
        String name = poolName("s8");
        EddyConfig config = config(Server.MARIADB, proxy, name).password("Wr0ng-Pw-8841")
                .initializationFailTimeout(Duration.ofMillis(-1)).connectionTimeout(Duration.ofMillis(500))
                .validationTimeout(Duration.ofMillis(250)).minSize(2).maxSize(10).build();
        EddyDataSource pool = new EddyDataSource(config);
        long since = System.nanoTime();
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> errors = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            callers.submit(() -> {
                while (running.get()) {
                    try (Connection c = pool.getConnection()) {
                        errors.add("UNEXPECTED: got a connection");
                    } catch (SQLException e) {
                        synchronized (errors) {
                            if (errors.size() < 5) {
                                errors.add(e.getMessage());
                            }
                        }
                    }
                }
            });
        }
        Thread.sleep(4000);
        running.set(false);
        callers.shutdown();
        assertThat(callers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        List<Integer> perSecond = proxy.acceptsPerSecondSince(since);
        int steadyMax = perSecond.subList(1, Math.min(4, perSecond.size())).stream().mapToInt(Integer::intValue).max().orElse(0);
        closeAndAssertNoThreads(pool);
        report("8 wrong password (MariaDB, 8 threads hammering for 4 s)", errors.isEmpty() ? "no error" : errors.get(0),
                "connection attempts per second at the server: " + perSecond);
        assertThat(errors).isNotEmpty().noneMatch(e -> e.startsWith("UNEXPECTED"));
        assertThat(errors.get(0)).contains("127.0.0.1:" + proxy.port()).containsIgnoringCase("access denied");
        assertThat(steadyMax).as("attempts per second after the first second").isLessThanOrEqualTo(5);
    }

    @Test
    @RequiresPostgres
    void revokedUserFailsFastWithTheServersReason() throws Exception {
        try (Connection admin = Server.POSTGRES.connect(); Statement s = admin.createStatement()) {
            s.execute("do $$ begin if not exists (select from pg_roles where rolname = 'eddy_revoked') then "
                    + "create role eddy_revoked nologin; end if; end $$");
            s.execute("alter role eddy_revoked nologin");
        }
        proxy = Server.POSTGRES.newProxy();
        String name = poolName("s8pg");
        EddyConfig config = config(Server.POSTGRES, proxy, name).username("eddy_revoked").password("Revoked-Pw-77")
                .initializationFailTimeout(Duration.ofSeconds(1)).build();
        long since = System.nanoTime();
        assertThatThrownBy(() -> new EddyDataSource(config))
                .hasMessageContaining("not permitted to log in")
                .hasMessageContaining("127.0.0.1:" + proxy.port());
        int attempts = proxy.acceptedConnections();
        report("8 revoked user (PostgreSQL, fail-fast 1 s)", "EddyStartupException with the server's reason (role not permitted to log in)",
                attempts + " attempts in 1 s: " + proxy.acceptsPerSecondSince(since));
        assertThat(attempts).isLessThanOrEqualTo(6);
    }

    /** Runs many failures with a pool that has a password, and scans everything that was shown. */
    @Test
    @RequiresMariaDb
    void passwordAppearsNowhere() throws Exception {
        String secret = MARIA_PASSWORD;
        List<String> shown = new ArrayList<>();
        try (LogCapture logs = LogCapture.install()) {
            proxy = Server.MARIADB.newProxy();
            String name = poolName("s11");
            EddyConfig config = config(Server.MARIADB, proxy, name).registerMbeans(true)
                    .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250))
                    .leakDetectionThreshold(Duration.ofMillis(500)).minSize(1).maxSize(2).build();
            shown.add(config.toString());
            shown.add(String.valueOf(config.describe()));
            EddyDataSource pool = new EddyDataSource(config);
            shown.add(pool.toString());
            Connection held = pool.getConnection();
            shown.add(held.toString());
            Thread.sleep(800);   // leak report
            shown.add(String.valueOf(pool.borrowedConnections()));
            shown.add(String.valueOf(pool.stats()));
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName on : mbs.queryNames(new ObjectName("io.github.eddypool:*"), null)) {
                shown.add(on.toString());
                for (MBeanAttributeInfo a : mbs.getMBeanInfo(on).getAttributes()) {
                    shown.add(a.getName() + "=" + mbs.getAttribute(on, a.getName()));
                }
            }
            held.close();
            // failures: cut, refuse, exhaustion, kill
            proxy.cutAll();
            proxy.mode(Mode.REFUSE);
            for (int i = 0; i < 2; i++) {
                try (Connection c = pool.getConnection()) {
                    selectOne(c);
                } catch (SQLException e) {
                    shown.add(stackText(e));
                }
            }
            proxy.mode(Mode.PASS);
            Thread.sleep(600);
            killSessions(Server.MARIADB, name);
            try (Connection c = pool.getConnection()) {
                selectOne(c);
            } catch (SQLException e) {
                shown.add(stackText(e));
            }
            pool.close();
            // fail-fast start-up with the URL carrying the password, and with a wrong password
            proxy.mode(Mode.REFUSE);
            String urlWithSecret = Server.MARIADB.urlVia(proxy) + "?user=" + MARIA_USER + "&password=" + secret;
            try {
                new EddyDataSource(EddyConfig.builder().poolName(name + "-url").jdbcUrl(urlWithSecret)
                        .initializationFailTimeout(Duration.ofMillis(300)).build()).close();
            } catch (RuntimeException e) {
                shown.add(stackText(e));
            }
            proxy.mode(Mode.PASS);
            try {
                new EddyDataSource(config.toBuilder().poolName(name + "-bad").registerMbeans(false).password(secret + "x")
                        .initializationFailTimeout(Duration.ofMillis(300)).build()).close();
            } catch (RuntimeException e) {
                shown.add(stackText(e));
            }
            try {
                config.toBuilder().maxSize(0).build();
            } catch (RuntimeException e) {
                shown.add(stackText(e));
            }
            try {
                EddyConfig.builder().jdbcUrl("postgresql://u:" + secret + "@h/db").build();
            } catch (RuntimeException e) {
                shown.add(stackText(e));
            }
            shown.add(logs.text());
            String all = String.join("\n", shown);
            report("11 secrets (MariaDB: leak report, cut, refuse, kill, fail-fast, bad config, JMX)",
                    "scanned " + all.length() + " characters of logs, exceptions, toString and JMX",
                    "password occurrences: " + countOf(all, secret));
            assertThat(logs.entries()).as("something was logged").isNotEmpty();
            assertThat(all).doesNotContain(secret);
        }
    }

    private static int countOf(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
            n++;
        }
        return n;
    }
}
