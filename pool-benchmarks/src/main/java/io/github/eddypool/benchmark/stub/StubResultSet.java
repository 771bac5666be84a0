package io.github.eddypool.benchmark.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A forward-only, read-only result set of {@code rows} rows (1 for queries, 0 for metadata), each
 * holding the value 1 in every column. Number getters return 1, {@code getString} "1",
 * {@code getObject} the {@link Integer} 1; other getters return null. Updaters and scrolling throw.
 */
final class StubResultSet implements ResultSet {

    private static final Integer ONE = 1;

    private final StubStatement statement;
    private final int rows;
    private int row;
    private boolean closed;

    StubResultSet(StubStatement statement, int rows) {
        this.statement = statement;
        this.rows = rows;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub result set is closed", "HY010");
        }
    }

    private void checkRow() throws SQLException {
        checkOpen();
        if (row < 1 || row > rows) {
            throw new SQLException("stub result set is not on a row; call next()", "24000");
        }
    }

    private static <T> T convert(Class<T> type) throws SQLException {
        if (type == Integer.class || type == Object.class || type == Number.class) {
            return type.cast(ONE);
        }
        if (type == Long.class) {
            return type.cast(1L);
        }
        if (type == String.class) {
            return type.cast("1");
        }
        if (type == BigDecimal.class) {
            return type.cast(BigDecimal.ONE);
        }
        if (type == Boolean.class) {
            return type.cast(Boolean.TRUE);
        }
        throw new SQLFeatureNotSupportedException("stub result set cannot convert to " + type.getName());
    }

    @Override
    public boolean absolute(int index) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void afterLast() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            if (statement != null) {
                statement.resultSetClosed(this);
            }
        }
    }

    @Override
    public void deleteRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public int findColumn(String p0) throws SQLException {
        checkOpen();
        return 1;
    }

    @Override
    public boolean first() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public Array getArray(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Array getArray(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public InputStream getAsciiStream(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public InputStream getAsciiStream(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(String p0, int p1) throws SQLException {
        checkRow();
        return BigDecimal.ONE;
    }

    @Override
    public BigDecimal getBigDecimal(String p0) throws SQLException {
        checkRow();
        return BigDecimal.ONE;
    }

    @Override
    public BigDecimal getBigDecimal(int index, int p1) throws SQLException {
        checkRow();
        return BigDecimal.ONE;
    }

    @Override
    public BigDecimal getBigDecimal(int index) throws SQLException {
        checkRow();
        return BigDecimal.ONE;
    }

    @Override
    public InputStream getBinaryStream(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public InputStream getBinaryStream(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Blob getBlob(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Blob getBlob(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public boolean getBoolean(String p0) throws SQLException {
        checkRow();
        return true;
    }

    @Override
    public boolean getBoolean(int index) throws SQLException {
        checkRow();
        return true;
    }

    @Override
    public byte getByte(String p0) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public byte getByte(int index) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public byte[] getBytes(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public byte[] getBytes(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Reader getCharacterStream(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Reader getCharacterStream(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Clob getClob(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Clob getClob(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public String getCursorName() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public Date getDate(String p0, Calendar p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Date getDate(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Date getDate(int index, Calendar p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Date getDate(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public double getDouble(String p0) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public double getDouble(int index) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public float getFloat(String p0) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public float getFloat(int index) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getInt(String p0) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public int getInt(int index) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public long getLong(String p0) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public long getLong(int index) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public Reader getNCharacterStream(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Reader getNCharacterStream(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public NClob getNClob(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public NClob getNClob(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public String getNString(String p0) throws SQLException {
        checkRow();
        return "1";
    }

    @Override
    public String getNString(int index) throws SQLException {
        checkRow();
        return "1";
    }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException {
        checkRow();
        return convert(p1);
    }

    @Override
    public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Object getObject(String p0) throws SQLException {
        checkRow();
        return ONE;
    }

    @Override
    public <T> T getObject(int index, Class<T> p1) throws SQLException {
        checkRow();
        return convert(p1);
    }

    @Override
    public Object getObject(int index, Map<String, Class<?>> p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Object getObject(int index) throws SQLException {
        checkRow();
        return ONE;
    }

    @Override
    public Ref getRef(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Ref getRef(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public RowId getRowId(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public RowId getRowId(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return row <= rows ? row : 0;
    }

    @Override
    public SQLXML getSQLXML(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public SQLXML getSQLXML(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public short getShort(String p0) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public short getShort(int index) throws SQLException {
        checkRow();
        return 1;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public String getString(String p0) throws SQLException {
        checkRow();
        return "1";
    }

    @Override
    public String getString(int index) throws SQLException {
        checkRow();
        return "1";
    }

    @Override
    public Time getTime(String p0, Calendar p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Time getTime(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Time getTime(int index, Calendar p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Time getTime(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Timestamp getTimestamp(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Timestamp getTimestamp(int index, Calendar p1) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public Timestamp getTimestamp(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public URL getURL(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public URL getURL(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public InputStream getUnicodeStream(String p0) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public InputStream getUnicodeStream(int index) throws SQLException {
        checkRow();
        return null;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void insertRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return row > rows && rows > 0;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && rows > 0;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return row == 1 && rows > 0;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return row == rows && rows > 0;
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) throws SQLException {
        return p0.isInstance(this);
    }

    @Override
    public boolean last() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row <= rows) {
            row++;
        }
        return row <= rows;
    }

    @Override
    public boolean previous() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public boolean relative(int index) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void setFetchDirection(int index) throws SQLException {
        checkOpen();
    }

    @Override
    public void setFetchSize(int index) throws SQLException {
        checkOpen();
    }

    @Override
    public <T> T unwrap(Class<T> p0) throws SQLException {
        if (p0.isInstance(this)) {
            return p0.cast(this);
        }
        throw new SQLException("StubResultSet is not a wrapper for " + p0.getName());
    }

    @Override
    public void updateArray(String p0, Array p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateArray(int index, Array p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateAsciiStream(String p0, InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateAsciiStream(String p0, InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateAsciiStream(String p0, InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateAsciiStream(int index, InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateAsciiStream(int index, InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateAsciiStream(int index, InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBigDecimal(String p0, BigDecimal p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBigDecimal(int index, BigDecimal p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBinaryStream(String p0, InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBinaryStream(String p0, InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBinaryStream(String p0, InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBinaryStream(int index, InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBinaryStream(int index, InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBinaryStream(int index, InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBlob(String p0, InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBlob(String p0, InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBlob(String p0, Blob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBlob(int index, InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBlob(int index, InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBlob(int index, Blob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBoolean(String p0, boolean p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBoolean(int index, boolean p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateByte(String p0, byte p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateByte(int index, byte p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBytes(String p0, byte[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateBytes(int index, byte[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateCharacterStream(String p0, Reader p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateCharacterStream(String p0, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateCharacterStream(String p0, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateCharacterStream(int index, Reader p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateCharacterStream(int index, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateCharacterStream(int index, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateClob(String p0, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateClob(String p0, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateClob(String p0, Clob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateClob(int index, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateClob(int index, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateClob(int index, Clob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateDate(String p0, Date p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateDate(int index, Date p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateDouble(String p0, double p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateDouble(int index, double p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateFloat(String p0, float p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateFloat(int index, float p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateInt(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateInt(int index, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateLong(String p0, long p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateLong(int index, long p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNCharacterStream(String p0, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNCharacterStream(String p0, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNCharacterStream(int index, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNCharacterStream(int index, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNClob(String p0, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNClob(String p0, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNClob(String p0, NClob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNClob(int index, Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNClob(int index, Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNClob(int index, NClob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNString(String p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNString(int index, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNull(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateNull(int index) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateObject(String p0, Object p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateObject(String p0, Object p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateObject(int index, Object p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateObject(int index, Object p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateRef(String p0, Ref p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateRef(int index, Ref p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateRowId(String p0, RowId p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateRowId(int index, RowId p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateSQLXML(String p0, SQLXML p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateSQLXML(int index, SQLXML p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateShort(String p0, short p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateShort(int index, short p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateString(String p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateString(int index, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateTime(String p0, Time p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateTime(int index, Time p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateTimestamp(String p0, Timestamp p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public void updateTimestamp(int index, Timestamp p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub result set is forward-only and read-only");
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return false;
    }
}
