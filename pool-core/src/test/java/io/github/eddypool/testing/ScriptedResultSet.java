package io.github.eddypool.testing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/** The {@link ScriptedDriver}'s answer to every query: one row with one column holding 1. */
public final class ScriptedResultSet extends UnsupportedResultSet {

    private final ScriptedStatement statement;
    private final boolean reportsStatement;
    private volatile boolean closed;
    private int row;   // 0 before the first row, 1 on it, 2 after

    /** @param reportsStatement whether {@link #getStatement()} returns the statement (or null) */
    ScriptedResultSet(ScriptedStatement statement, boolean reportsStatement) {
        this.statement = statement;
        this.reportsStatement = reportsStatement;
    }

    void closeQuietly() {
        if (!closed) {
            closed = true;
            statement.resultSetClosed(this);
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("scripted result set is closed", "HY010");
        }
    }

    private void checkColumn(int column) throws SQLException {
        checkOpen();
        if (row != 1) {
            throw new SQLException("not on a row", "24000");
        }
        if (column != 1) {
            throw new SQLException("column index " + column + " out of range (1 column)", "22023");
        }
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row < 2) {
            row++;
        }
        return row == 1;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        return 1;
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1;
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1L;
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return true;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return "1";
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return BigDecimal.ONE;
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1;
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return reportsStatement ? statement : null;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public int getType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getFetchSize() {
        return 0;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("ScriptedResultSet is not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
