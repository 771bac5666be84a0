package io.github.eddypool.testing;

import java.sql.Connection;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/** The few {@link java.sql.DatabaseMetaData} answers a pool may ask the {@link ScriptedDriver} for. */
final class ScriptedMetaData extends UnsupportedDatabaseMetaData {

    private final ScriptedConnection connection;

    ScriptedMetaData(ScriptedConnection connection) {
        this.connection = connection;
    }

    @Override public Connection getConnection() { return connection; }
    @Override public String getURL() { return connection.script().url(); }
    @Override public String getUserName() { return connection.user(); }
    @Override public String getDatabaseProductName() { return "Scripted"; }
    @Override public String getDatabaseProductVersion() { return ScriptedDriver.MAJOR + "." + ScriptedDriver.MINOR; }
    @Override public int getDatabaseMajorVersion() { return ScriptedDriver.MAJOR; }
    @Override public int getDatabaseMinorVersion() { return ScriptedDriver.MINOR; }
    @Override public String getDriverName() { return "Eddy scripted test driver"; }
    @Override public String getDriverVersion() { return ScriptedDriver.MAJOR + "." + ScriptedDriver.MINOR; }
    @Override public int getDriverMajorVersion() { return ScriptedDriver.MAJOR; }
    @Override public int getDriverMinorVersion() { return ScriptedDriver.MINOR; }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 3; }
    @Override public boolean supportsTransactions() { return true; }
    @Override public boolean supportsTransactionIsolationLevel(int level) { return true; }
    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_READ_COMMITTED; }
    @Override public boolean supportsSavepoints() { return false; }
    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsGetGeneratedKeys() { return false; }
    @Override public boolean isReadOnly() { return false; }
    @Override public int getMaxConnections() { return 0; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
