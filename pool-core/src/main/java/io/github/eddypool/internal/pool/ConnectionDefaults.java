package io.github.eddypool.internal.pool;

/**
 * The session state a connection was set up with, which every borrower gets and which is
 * restored when it comes back.
 *
 * @param autoCommit        auto-commit mode
 * @param isolation         JDBC isolation constant in effect
 * @param readOnly          read-only mode
 * @param catalog           catalog in effect (may be null)
 * @param schema            schema in effect (may be null)
 * @param networkTimeoutMs  network timeout in effect, 0 for none
 */
public record ConnectionDefaults(
        boolean autoCommit,
        int isolation,
        boolean readOnly,
        String catalog,
        String schema,
        int networkTimeoutMs) {
}
