package io.github.eddypool.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * The few {@link java.sql.DatabaseMetaData} answers a pool may ask the {@link ScriptedDriver} for,
 * and a result set from every method that returns one: one row holding 1, from a statement of
 * the driver's own that closes with it, which {@link ResultSet#getStatement()} returns unless
 * the script says {@link DriverScript#metadataResultSetsWithoutStatement()}.
 */
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
    @Override public boolean supportsGetGeneratedKeys() { return true; }
    @Override public boolean isReadOnly() { return false; }
    @Override public int getMaxConnections() { return 0; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }

    @Override public ResultSet getAttributes(String p0, String p1, String p2, String p3) throws SQLException { return query("getAttributes"); }
    @Override public ResultSet getBestRowIdentifier(String p0, String p1, String p2, int p3, boolean p4) throws SQLException { return query("getBestRowIdentifier"); }
    @Override public ResultSet getCatalogs() throws SQLException { return query("getCatalogs"); }
    @Override public ResultSet getClientInfoProperties() throws SQLException { return query("getClientInfoProperties"); }
    @Override public ResultSet getColumnPrivileges(String p0, String p1, String p2, String p3) throws SQLException { return query("getColumnPrivileges"); }
    @Override public ResultSet getColumns(String p0, String p1, String p2, String p3) throws SQLException { return query("getColumns"); }
    @Override public ResultSet getCrossReference(String p0, String p1, String p2, String p3, String p4, String p5) throws SQLException { return query("getCrossReference"); }
    @Override public ResultSet getExportedKeys(String p0, String p1, String p2) throws SQLException { return query("getExportedKeys"); }
    @Override public ResultSet getFunctionColumns(String p0, String p1, String p2, String p3) throws SQLException { return query("getFunctionColumns"); }
    @Override public ResultSet getFunctions(String p0, String p1, String p2) throws SQLException { return query("getFunctions"); }
    @Override public ResultSet getImportedKeys(String p0, String p1, String p2) throws SQLException { return query("getImportedKeys"); }
    @Override public ResultSet getIndexInfo(String p0, String p1, String p2, boolean p3, boolean p4) throws SQLException { return query("getIndexInfo"); }
    @Override public ResultSet getPrimaryKeys(String p0, String p1, String p2) throws SQLException { return query("getPrimaryKeys"); }
    @Override public ResultSet getProcedureColumns(String p0, String p1, String p2, String p3) throws SQLException { return query("getProcedureColumns"); }
    @Override public ResultSet getProcedures(String p0, String p1, String p2) throws SQLException { return query("getProcedures"); }
    @Override public ResultSet getPseudoColumns(String p0, String p1, String p2, String p3) throws SQLException { return query("getPseudoColumns"); }
    @Override public ResultSet getSchemas() throws SQLException { return query("getSchemas"); }
    @Override public ResultSet getSchemas(String p0, String p1) throws SQLException { return query("getSchemas"); }
    @Override public ResultSet getSuperTables(String p0, String p1, String p2) throws SQLException { return query("getSuperTables"); }
    @Override public ResultSet getSuperTypes(String p0, String p1, String p2) throws SQLException { return query("getSuperTypes"); }
    @Override public ResultSet getTablePrivileges(String p0, String p1, String p2) throws SQLException { return query("getTablePrivileges"); }
    @Override public ResultSet getTableTypes() throws SQLException { return query("getTableTypes"); }
    @Override public ResultSet getTables(String p0, String p1, String p2, String[] p3) throws SQLException { return query("getTables"); }
    @Override public ResultSet getTypeInfo() throws SQLException { return query("getTypeInfo"); }
    @Override public ResultSet getUDTs(String p0, String p1, String p2, int[] p3) throws SQLException { return query("getUDTs"); }
    @Override public ResultSet getVersionColumns(String p0, String p1, String p2) throws SQLException { return query("getVersionColumns"); }

    private ResultSet query(String method) throws SQLException {
        connection.checkOpen("metadata." + method);
        return connection.metadataResultSet();
    }

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
