package io.github.eddypool.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in what the pool shows: passwords in JDBC URLs (as {@code user:secret@} or as
 * a {@code password=} parameter) and driver properties whose names look secret.
 */
public final class SecretMasker {

    public static final String MASK = "******";

    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;]*:)[^@/]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "((?:password|passwd|pwd|secret|token|sslpassword|keystorepassword|truststorepassword)[^=&;:]*=)[^&;]*",
            Pattern.CASE_INSENSITIVE);

    private SecretMasker() {
    }

    /** The URL with any password or token replaced by {@value #MASK}. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = USER_INFO.matcher(url).replaceAll("$1" + MASK + "@");
        return SECRET_PARAM.matcher(masked).replaceAll("$1" + MASK);
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
    public static Throwable scrubbed(Throwable t, String secret) {
        if (t == null || secret == null || secret.isEmpty() || !mentions(t, secret)) {
            return t;
        }
        Throwable cause = t.getCause() == t ? null : scrubbed(t.getCause(), secret);
        String message = scrub(t.getMessage(), secret);
        Throwable copy;
        if (t instanceof java.sql.SQLException) {
            java.sql.SQLException sql = (java.sql.SQLException) t;
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
}
