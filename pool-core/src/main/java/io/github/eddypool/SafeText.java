package io.github.eddypool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The one place that decides what of a pool's settings may be shown: it hides passwords (in
 * JDBC URLs as {@code user:secret@} or a {@code password=} parameter, in driver properties whose
 * names look secret, and wherever a known password appears in a message) behind {@value #MASK},
 * and describes the database a pool connects to ({@link #target(String)}) without any secret.
 * The pool's logs, exceptions, {@code toString()}s and JMX use it, and so do the Spring Boot
 * starter's health and failure reports, so that every one of them masks the same way.
 */
public final class SafeText {

    /** What a secret is shown as. */
    public static final String MASK = "******";

    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;]*:)([^@/]*)@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "((?:password|passwd|pwd|secret|token|sslpassword|keystorepassword|truststorepassword)[^=&;:]*=)([^&;]*)",
            Pattern.CASE_INSENSITIVE);
    /** vendor, host (or [IPv6]) and port of a {@code jdbc:vendor[:sub]://[user[:password]@]host[:port]} URL. */
    private static final Pattern HOST_PORT = Pattern.compile(
            "jdbc:([a-zA-Z0-9]+)(?::[a-zA-Z0-9]+)*://(?:[^@/]*@)?([^/?;:,]+|\\[[^]]+])(?::(\\d+))?");
    /** Vendor and the rest for URLs without a host: H2 in memory, files, the tests' scripted driver. */
    private static final Pattern SCHEME = Pattern.compile("jdbc:([a-zA-Z0-9]+):([^;?]*)");

    private SafeText() {
    }

    /** The URL with any password or token replaced by {@value #MASK}; null for null. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = USER_INFO.matcher(url).replaceAll("$1" + MASK + "@");
        return SECRET_PARAM.matcher(masked).replaceAll("$1" + MASK);
    }

    /**
     * The secrets a URL holds (the password of {@code user:secret@}, the values of
     * {@code password=} and similar parameters), to be masked where a driver repeats them.
     */
    public static List<String> secretsIn(String url) {
        List<String> secrets = new ArrayList<>();
        if (url != null) {
            for (Pattern p : List.of(USER_INFO, SECRET_PARAM)) {
                Matcher m = p.matcher(url);
                while (m.find()) {
                    if (!m.group(2).isEmpty()) {
                        secrets.add(m.group(2));
                    }
                }
            }
        }
        return secrets;
    }

    /** The value, or {@value #MASK} when the property's name looks like a secret. */
    public static String maskProperty(String name, String value) {
        return isSecretName(name) ? MASK : value;
    }

    /** Whether a property of this name holds a secret. */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("passwd") || n.contains("pwd") || n.contains("secret")
                || n.contains("token") || n.contains("credential") || n.endsWith("key");
    }

    /** A password as a setting's value is shown: {@value #MASK}, or null when there is none. */
    public static String maskPassword(String password) {
        return password == null ? null : MASK;
    }

    /** The text with every occurrence of the given secret replaced; for exception messages. */
    public static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, MASK);
    }

    /**
     * The throwable itself when no message in its cause chain contains the secret; otherwise a
     * copy of the chain with the secret masked in every message (same types where they are
     * SQLExceptions, same stack traces), so that logging it cannot show the secret.
     */
    public static Throwable scrub(Throwable t, String secret) {
        if (t == null || secret == null || secret.isEmpty() || !mentions(t, secret)) {
            return t;
        }
        Throwable cause = t.getCause() == t ? null : scrub(t.getCause(), secret);
        String message = scrub(t.getMessage(), secret);
        Throwable copy;
        if (t instanceof java.sql.SQLException sql) {
            copy = new java.sql.SQLException(t.getClass().getName() + ": " + message, sql.getSQLState(), sql.getErrorCode(), cause);
        } else {
            copy = new Exception(t.getClass().getName() + ": " + message, cause);
        }
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    private static boolean mentions(Throwable t, String secret) {
        for (int depth = 0; t != null && depth < 20; depth++) {
            String m = t.getMessage();
            if (m != null && m.contains(secret)) {
                return true;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    /**
     * Where a URL leads, with no secret: {@code host:port (vendor)} (the vendor's default port when
     * the URL names none), or {@code rest (vendor)} for URLs without a host (H2 in memory, files);
     * "the database" when it is no JDBC URL.
     */
    public static String target(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "the database";
        }
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        if (m.find()) {
            String port = m.group(3) != null ? m.group(3) : defaultPort(m.group(1));
            return m.group(2) + (port != null ? ":" + port : "") + " (" + m.group(1) + ")";
        }
        Matcher s = SCHEME.matcher(jdbcUrl);
        if (s.find()) {
            return maskUrl(s.group(2)) + " (" + s.group(1) + ")";
        }
        return "the database";
    }

    /** Where a pool that opens its connections through {@code dataSource} gets them: its class. */
    public static String target(DataSource dataSource) {
        return dataSource.getClass().getName();
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
