package io.github.eddypool.testing;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * An in-memory JDBC driver for tests, answering URLs {@code jdbc:scripted:<name>}. Each name has a
 * {@link DriverScript} that says how connects behave and records what happened; unknown names
 * get a default script (every connect succeeds) on first use. Registered with
 * {@link DriverManager} when the class loads and through {@code META-INF/services}.
 *
 * <pre>{@code
 * DriverScript db = ScriptedDriver.newScript();
 * db.failNextConnects(2, "08001");
 * EddyConfig config = EddyConfig.builder().jdbcUrl(db.url()).build();
 * ...
 * assertThat(db.open()).isZero();
 * }</pre>
 */
public final class ScriptedDriver implements Driver {

    public static final String URL_PREFIX = "jdbc:scripted:";
    static final int MAJOR = 1;
    static final int MINOR = 0;

    private static final Map<String, DriverScript> SCRIPTS = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ScriptedDriver INSTANCE = new ScriptedDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Public for ServiceLoader; use the static methods. */
    public ScriptedDriver() {
    }

    /** The registered instance. */
    public static ScriptedDriver instance() {
        return INSTANCE;
    }

    /** The script of this name, created with defaults if new. */
    public static DriverScript script(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a script needs a name");
        }
        return SCRIPTS.computeIfAbsent(name, DriverScript::new);
    }

    /** A new script with a unique name. */
    public static DriverScript newScript() {
        return script("db" + NAMES.incrementAndGet());
    }

    /** A new script with a unique name starting with {@code prefix}. */
    public static DriverScript newScript(String prefix) {
        return script(prefix + "-" + NAMES.incrementAndGet());
    }

    /** Forgets the script of this name (its connections stay as they are). */
    public static void forget(String name) {
        SCRIPTS.remove(name);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;   // JDBC: not our URL
        }
        String name = url.substring(URL_PREFIX.length());
        int params = name.indexOf('?');
        if (params >= 0) {
            name = name.substring(0, params);
        }
        if (name.isEmpty()) {
            throw new SQLException("scripted URL without a name: " + url, "08001");
        }
        return script(name).connect(info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo user = new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
        DriverPropertyInfo password = new DriverPropertyInfo("password", null);
        return new DriverPropertyInfo[] {user, password};
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the scripted driver does not log");
    }
}
