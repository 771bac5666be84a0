package io.github.eddypool.benchmark.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A statement (plain and prepared) that executes nothing. Queries return a fresh {@link StubResultSet}
 * of one row; updates report one row changed; parameter setters only check that the statement is open.
 */
final class StubStatement implements PreparedStatement {

    private final StubConnection connection;
    private final String sql;
    private boolean closed;
    private StubResultSet current;
    private int updateCount = -1;
    private int batched;
    private int queryTimeout;
    private int fetchSize;
    private int maxRows;
    private boolean poolable = true;
    private boolean closeOnCompletion;

    StubStatement(StubConnection connection, String sql) {
        this.connection = connection;
        this.sql = sql;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub statement is closed", "HY010");
        }
    }

    /** Called by a result set of this statement when it is closed. */
    void resultSetClosed(StubResultSet resultSet) {
        if (current == resultSet) {
            current = null;
        }
        if (closeOnCompletion) {
            closed = true;
        }
    }

    @Override
    public String toString() {
        return "StubStatement[" + sql + "]";
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batched++;
    }

    @Override
    public void addBatch(String p0) throws SQLException {
        checkOpen();
        batched++;
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batched = 0;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        checkOpen();
        int[] counts = new int[batched];
        java.util.Arrays.fill(counts, 1);
        batched = 0;
        return counts;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        updateCount = -1;
        return current = new StubResultSet(this, 1);
    }

    @Override
    public ResultSet executeQuery(String p0) throws SQLException {
        checkOpen();
        updateCount = -1;
        return current = new StubResultSet(this, 1);
    }

    @Override
    public int executeUpdate() throws SQLException {
        checkOpen();
        current = null;
        updateCount = 1;
        return 1;
    }

    @Override
    public int executeUpdate(String p0, int[] p1) throws SQLException {
        checkOpen();
        current = null;
        updateCount = 1;
        return 1;
    }

    @Override
    public int executeUpdate(String p0, String[] p1) throws SQLException {
        checkOpen();
        current = null;
        updateCount = 1;
        return 1;
    }

    @Override
    public int executeUpdate(String p0, int p1) throws SQLException {
        checkOpen();
        current = null;
        updateCount = 1;
        return 1;
    }

    @Override
    public int executeUpdate(String p0) throws SQLException {
        checkOpen();
        current = null;
        updateCount = 1;
        return 1;
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        updateCount = -1;
        current = new StubResultSet(this, 1);
        return true;
    }

    @Override
    public boolean execute(String p0, int[] p1) throws SQLException {
        checkOpen();
        updateCount = -1;
        current = new StubResultSet(this, 1);
        return true;
    }

    @Override
    public boolean execute(String p0, String[] p1) throws SQLException {
        checkOpen();
        updateCount = -1;
        current = new StubResultSet(this, 1);
        return true;
    }

    @Override
    public boolean execute(String p0, int p1) throws SQLException {
        checkOpen();
        updateCount = -1;
        current = new StubResultSet(this, 1);
        return true;
    }

    @Override
    public boolean execute(String p0) throws SQLException {
        checkOpen();
        updateCount = -1;
        current = new StubResultSet(this, 1);
        return true;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return new StubResultSet(this, 0);
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null; // unknown before execution, as JDBC allows
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        if (current != null) {
            current.close();
            current = null;
        }
        updateCount = -1;
        return false;
    }

    @Override
    public boolean getMoreResults(int index) throws SQLException {
        checkOpen();
        if (current != null) {
            current.close();
            current = null;
        }
        updateCount = -1;
        return false;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub driver: no parameter metadata");
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return current;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) throws SQLException {
        return p0.isInstance(this);
    }

    @Override
    public void setArray(int index, Array p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setAsciiStream(int index, InputStream p1, int p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setAsciiStream(int index, InputStream p1, long p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setAsciiStream(int index, InputStream p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBigDecimal(int index, BigDecimal p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBinaryStream(int index, InputStream p1, int p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBinaryStream(int index, InputStream p1, long p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBinaryStream(int index, InputStream p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBlob(int index, InputStream p1, long p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBlob(int index, InputStream p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBlob(int index, Blob p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBoolean(int index, boolean p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setByte(int index, byte p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setBytes(int index, byte[] p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setCharacterStream(int index, Reader p1, int p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setCharacterStream(int index, Reader p1, long p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setCharacterStream(int index, Reader p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setClob(int index, Reader p1, long p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setClob(int index, Reader p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setClob(int index, Clob p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setCursorName(String p0) throws SQLException {
        checkOpen();
    }

    @Override
    public void setDate(int index, Date p1, Calendar p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setDate(int index, Date p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setDouble(int index, double p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setEscapeProcessing(boolean p0) throws SQLException {
        checkOpen();
    }

    @Override
    public void setFetchDirection(int index) throws SQLException {
        checkOpen();
    }

    @Override
    public void setFetchSize(int index) throws SQLException {
        checkOpen();
        fetchSize = index;
    }

    @Override
    public void setFloat(int index, float p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setInt(int index, int p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setLong(int index, long p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setMaxFieldSize(int index) throws SQLException {
        checkOpen();
    }

    @Override
    public void setMaxRows(int index) throws SQLException {
        checkOpen();
        maxRows = index;
    }

    @Override
    public void setNCharacterStream(int index, Reader p1, long p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setNCharacterStream(int index, Reader p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setNClob(int index, Reader p1, long p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setNClob(int index, Reader p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setNClob(int index, NClob p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setNString(int index, String p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setNull(int index, int p1, String p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setNull(int index, int p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setObject(int index, Object p1, int p2, int p3) throws SQLException {
        checkOpen();
    }

    @Override
    public void setObject(int index, Object p1, int p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setObject(int index, Object p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setPoolable(boolean p0) throws SQLException {
        checkOpen();
        poolable = p0;
    }

    @Override
    public void setQueryTimeout(int index) throws SQLException {
        checkOpen();
        queryTimeout = index;
    }

    @Override
    public void setRef(int index, Ref p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setRowId(int index, RowId p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setSQLXML(int index, SQLXML p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setShort(int index, short p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setString(int index, String p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setTime(int index, Time p1, Calendar p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setTime(int index, Time p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setTimestamp(int index, Timestamp p1, Calendar p2) throws SQLException {
        checkOpen();
    }

    @Override
    public void setTimestamp(int index, Timestamp p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setURL(int index, URL p1) throws SQLException {
        checkOpen();
    }

    @Override
    public void setUnicodeStream(int index, InputStream p1, int p2) throws SQLException {
        checkOpen();
    }

    @Override
    public <T> T unwrap(Class<T> p0) throws SQLException {
        if (p0.isInstance(this)) {
            return p0.cast(this);
        }
        throw new SQLException("StubStatement is not a wrapper for " + p0.getName());
    }
}
