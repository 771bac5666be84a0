package io.github.eddypool;

/**
 * The pool could not start: no connection could be opened within
 * {@code initialization-fail-timeout}. The message names the pool and the database's host and
 * port, never the password; the cause is the driver's last error.
 */
public class EddyStartupException extends RuntimeException {

    public EddyStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
