package io.github.eddypool;

/**
 * The outcome of {@link EddyPool#checkIdleConnection()}: a test of one idle connection, made
 * without borrowing (no waiting in line, no borrow counted), for health checks.
 */
public enum IdleConnectionCheck {
    /** An idle connection answered its test. */
    PASSED,
    /** An idle connection answered with an error, or said it is not valid; it was retired. */
    FAILED,
    /**
     * An idle connection gave no answer within validation-timeout: the network path or the server
     * is likely gone. It was retired, with every connection idle as long.
     */
    NO_ANSWER,
    /** No connection was idle to test (all lent out, being tested, or none open). */
    NONE_IDLE
}
