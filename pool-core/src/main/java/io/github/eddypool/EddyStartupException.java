package io.github.eddypool;

/**
 * The pool could not start: no connection could be opened within
 * {@code initialization-fail-timeout}. The message names the pool and the database's host and
 * port, never the password; the cause is the driver's last error, with the password masked
 * wherever a message showed it. It carries what a failure report needs ({@link #target()},
 * {@link #jdbcUrl()}), so that a report need not look up settings that may not be the ones the
 * pool used.
 */
public class EddyStartupException extends RuntimeException {

    private final String jdbcUrl;
    private final String target;

    public EddyStartupException(String message, Throwable cause) {
        this(message, cause, null, null);
    }

    /**
     * @param jdbcUrl the URL the pool connected to, secrets masked; null when it used a DataSource
     * @param target  where the pool connected to, as {@link SafeText#target(String)} describes it
     */
    public EddyStartupException(String message, Throwable cause, String jdbcUrl, String target) {
        super(message, cause);
        this.jdbcUrl = jdbcUrl;
        this.target = target;
    }

    /**
     * The URL the pool tried, with any password in it masked, or null when the pool opens its
     * connections through a DataSource. It is the URL in effect, wherever it came from (a
     * property, Spring Boot's connection details, code), so reports name the right database.
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Where the pool tried to connect, without secrets: {@code host:port (vendor)} for a
     * URL, the DataSource's class for a DataSource (see {@link SafeText#target(String)}); null when
     * not known.
     */
    public String target() {
        return target;
    }
}
