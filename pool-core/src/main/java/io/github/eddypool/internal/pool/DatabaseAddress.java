package io.github.eddypool.internal.pool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pulls host and port out of a JDBC URL, for error messages that must not show secrets. */
final class DatabaseAddress {

    private static final Pattern HOST_PORT = Pattern.compile("jdbc:([a-zA-Z0-9]+)(?::[a-zA-Z0-9]+)*://(?:[^@/]*@)?([^/?;:,]+|\\[[^]]+])(?::(\\d+))?");
    private static final Pattern SCHEME = Pattern.compile("jdbc:([a-zA-Z0-9]+):([^;?]*)");

    private DatabaseAddress() {
    }

    /** "host:port (vendor)", or the vendor and database for URLs without a host (H2 mem, files). */
    static String of(String jdbcUrl) {
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        if (m.find()) {
            String port = m.group(3) != null ? m.group(3) : defaultPort(m.group(1));
            return m.group(2) + (port != null ? ":" + port : "") + " (" + m.group(1) + ")";
        }
        Matcher s = SCHEME.matcher(jdbcUrl);
        if (s.find()) {
            return s.group(2) + " (" + s.group(1) + ")";
        }
        return "the database";
    }

    private static String defaultPort(String vendor) {
        switch (vendor) {
            case "postgresql": return "5432";
            case "mariadb":
            case "mysql": return "3306";
            case "sqlserver": return "1433";
            default: return null;
        }
    }
}
