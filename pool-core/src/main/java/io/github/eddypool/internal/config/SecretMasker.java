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
}
