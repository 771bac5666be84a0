package io.github.eddypool;

/**
 * The pool could not start: no connection could be opened within
 * {@code initialization-fail-timeout}. The message names the pool and the database's host and
 * port, never the password; the cause is the driver's last error.
 */
public class EddyStartupException extends RuntimeException {

    private final String jdbcUrl;

    public EddyStartupException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param jdbcUrl the URL the pool connected to, secrets masked; null when it used a DataSource
     */
    public EddyStartupException(String message, Throwable cause, String jdbcUrl) {
        super(message, cause);
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * The URL the pool tried, with any password in it masked, or null when the pool opens its
     * connections through a DataSource. It is the URL in effect, wherever it came from (a
     * property, Spring Boot's connection details, code), so reports name the right database.
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }
}
