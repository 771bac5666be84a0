package io.github.eddypool.testing;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Every abstract method of CallableStatement throwing {@link SQLFeatureNotSupportedException};
 * the scripted driver's classes extend it and override what they support.
 */
@SuppressWarnings("deprecation")
abstract class UnsupportedStatement implements java.sql.CallableStatement {

    SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException(getClass().getSimpleName() + "." + method + " is not supported by the scripted test driver");
    }

    @Override
    public void addBatch() throws SQLException {
        throw unsupported("addBatch");
    }

    @Override
    public void addBatch(String p0) throws SQLException {
        throw unsupported("addBatch");
    }

    @Override
    public void cancel() throws SQLException {
        throw unsupported("cancel");
    }

    @Override
    public void clearBatch() throws SQLException {
        throw unsupported("clearBatch");
    }

    @Override
    public void clearParameters() throws SQLException {
        throw unsupported("clearParameters");
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw unsupported("clearWarnings");
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        throw unsupported("closeOnCompletion");
    }

    @Override
    public void close() throws SQLException {
        throw unsupported("close");
    }

    @Override
    public int[] executeBatch() throws SQLException {
        throw unsupported("executeBatch");
    }

    @Override
    public java.sql.ResultSet executeQuery() throws SQLException {
        throw unsupported("executeQuery");
    }

    @Override
    public java.sql.ResultSet executeQuery(String p0) throws SQLException {
        throw unsupported("executeQuery");
    }

    @Override
    public int executeUpdate() throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public int executeUpdate(String p0, int[] p1) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public int executeUpdate(String p0, String[] p1) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public int executeUpdate(String p0, int p1) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public int executeUpdate(String p0) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public boolean execute() throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public boolean execute(String p0, int[] p1) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public boolean execute(String p0, String[] p1) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public boolean execute(String p0, int p1) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public boolean execute(String p0) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public java.sql.Array getArray(String p0) throws SQLException {
        throw unsupported("getArray");
    }

    @Override
    public java.sql.Array getArray(int p0) throws SQLException {
        throw unsupported("getArray");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String p0) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0, int p1) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public java.sql.Blob getBlob(String p0) throws SQLException {
        throw unsupported("getBlob");
    }

    @Override
    public java.sql.Blob getBlob(int p0) throws SQLException {
        throw unsupported("getBlob");
    }

    @Override
    public boolean getBoolean(String p0) throws SQLException {
        throw unsupported("getBoolean");
    }

    @Override
    public boolean getBoolean(int p0) throws SQLException {
        throw unsupported("getBoolean");
    }

    @Override
    public byte getByte(String p0) throws SQLException {
        throw unsupported("getByte");
    }

    @Override
    public byte getByte(int p0) throws SQLException {
        throw unsupported("getByte");
    }

    @Override
    public byte[] getBytes(String p0) throws SQLException {
        throw unsupported("getBytes");
    }

    @Override
    public byte[] getBytes(int p0) throws SQLException {
        throw unsupported("getBytes");
    }

    @Override
    public java.io.Reader getCharacterStream(String p0) throws SQLException {
        throw unsupported("getCharacterStream");
    }

    @Override
    public java.io.Reader getCharacterStream(int p0) throws SQLException {
        throw unsupported("getCharacterStream");
    }

    @Override
    public java.sql.Clob getClob(String p0) throws SQLException {
        throw unsupported("getClob");
    }

    @Override
    public java.sql.Clob getClob(int p0) throws SQLException {
        throw unsupported("getClob");
    }

    @Override
    public java.sql.Connection getConnection() throws SQLException {
        throw unsupported("getConnection");
    }

    @Override
    public java.sql.Date getDate(String p0, java.util.Calendar p1) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public java.sql.Date getDate(String p0) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public java.sql.Date getDate(int p0, java.util.Calendar p1) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public java.sql.Date getDate(int p0) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public double getDouble(String p0) throws SQLException {
        throw unsupported("getDouble");
    }

    @Override
    public double getDouble(int p0) throws SQLException {
        throw unsupported("getDouble");
    }

    @Override
    public int getFetchDirection() throws SQLException {
        throw unsupported("getFetchDirection");
    }

    @Override
    public int getFetchSize() throws SQLException {
        throw unsupported("getFetchSize");
    }

    @Override
    public float getFloat(String p0) throws SQLException {
        throw unsupported("getFloat");
    }

    @Override
    public float getFloat(int p0) throws SQLException {
        throw unsupported("getFloat");
    }

    @Override
    public java.sql.ResultSet getGeneratedKeys() throws SQLException {
        throw unsupported("getGeneratedKeys");
    }

    @Override
    public int getInt(String p0) throws SQLException {
        throw unsupported("getInt");
    }

    @Override
    public int getInt(int p0) throws SQLException {
        throw unsupported("getInt");
    }

    @Override
    public long getLong(String p0) throws SQLException {
        throw unsupported("getLong");
    }

    @Override
    public long getLong(int p0) throws SQLException {
        throw unsupported("getLong");
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        throw unsupported("getMaxFieldSize");
    }

    @Override
    public int getMaxRows() throws SQLException {
        throw unsupported("getMaxRows");
    }

    @Override
    public java.sql.ResultSetMetaData getMetaData() throws SQLException {
        throw unsupported("getMetaData");
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        throw unsupported("getMoreResults");
    }

    @Override
    public boolean getMoreResults(int p0) throws SQLException {
        throw unsupported("getMoreResults");
    }

    @Override
    public java.io.Reader getNCharacterStream(String p0) throws SQLException {
        throw unsupported("getNCharacterStream");
    }

    @Override
    public java.io.Reader getNCharacterStream(int p0) throws SQLException {
        throw unsupported("getNCharacterStream");
    }

    @Override
    public java.sql.NClob getNClob(String p0) throws SQLException {
        throw unsupported("getNClob");
    }

    @Override
    public java.sql.NClob getNClob(int p0) throws SQLException {
        throw unsupported("getNClob");
    }

    @Override
    public String getNString(String p0) throws SQLException {
        throw unsupported("getNString");
    }

    @Override
    public String getNString(int p0) throws SQLException {
        throw unsupported("getNString");
    }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Object getObject(String p0, java.util.Map<String, Class<?>> p1) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Object getObject(String p0) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public <T> T getObject(int p0, Class<T> p1) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Object getObject(int p0, java.util.Map<String, Class<?>> p1) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Object getObject(int p0) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
        throw unsupported("getParameterMetaData");
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        throw unsupported("getQueryTimeout");
    }

    @Override
    public java.sql.Ref getRef(String p0) throws SQLException {
        throw unsupported("getRef");
    }

    @Override
    public java.sql.Ref getRef(int p0) throws SQLException {
        throw unsupported("getRef");
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        throw unsupported("getResultSetConcurrency");
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        throw unsupported("getResultSetHoldability");
    }

    @Override
    public int getResultSetType() throws SQLException {
        throw unsupported("getResultSetType");
    }

    @Override
    public java.sql.ResultSet getResultSet() throws SQLException {
        throw unsupported("getResultSet");
    }

    @Override
    public java.sql.RowId getRowId(String p0) throws SQLException {
        throw unsupported("getRowId");
    }

    @Override
    public java.sql.RowId getRowId(int p0) throws SQLException {
        throw unsupported("getRowId");
    }

    @Override
    public java.sql.SQLXML getSQLXML(String p0) throws SQLException {
        throw unsupported("getSQLXML");
    }

    @Override
    public java.sql.SQLXML getSQLXML(int p0) throws SQLException {
        throw unsupported("getSQLXML");
    }

    @Override
    public short getShort(String p0) throws SQLException {
        throw unsupported("getShort");
    }

    @Override
    public short getShort(int p0) throws SQLException {
        throw unsupported("getShort");
    }

    @Override
    public String getString(String p0) throws SQLException {
        throw unsupported("getString");
    }

    @Override
    public String getString(int p0) throws SQLException {
        throw unsupported("getString");
    }

    @Override
    public java.sql.Time getTime(String p0, java.util.Calendar p1) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Time getTime(String p0) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Time getTime(int p0, java.util.Calendar p1) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Time getTime(int p0) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String p0, java.util.Calendar p1) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String p0) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0, java.util.Calendar p1) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public java.net.URL getURL(String p0) throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public java.net.URL getURL(int p0) throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public int getUpdateCount() throws SQLException {
        throw unsupported("getUpdateCount");
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws SQLException {
        throw unsupported("getWarnings");
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        throw unsupported("isCloseOnCompletion");
    }

    @Override
    public boolean isClosed() throws SQLException {
        throw unsupported("isClosed");
    }

    @Override
    public boolean isPoolable() throws SQLException {
        throw unsupported("isPoolable");
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) throws SQLException {
        throw unsupported("isWrapperFor");
    }

    @Override
    public void registerOutParameter(String p0, int p1, String p2) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String p0, int p1, int p2) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String p0, int p1) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(int p0, int p1, String p2) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(int p0, int p1, int p2) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(int p0, int p1) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void setArray(int p0, java.sql.Array p1) throws SQLException {
        throw unsupported("setArray");
    }

    @Override
    public void setAsciiStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setAsciiStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setAsciiStream(String p0, java.io.InputStream p1) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setAsciiStream(int p0, java.io.InputStream p1, int p2) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setAsciiStream(int p0, java.io.InputStream p1, long p2) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setAsciiStream(int p0, java.io.InputStream p1) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setBigDecimal(String p0, java.math.BigDecimal p1) throws SQLException {
        throw unsupported("setBigDecimal");
    }

    @Override
    public void setBigDecimal(int p0, java.math.BigDecimal p1) throws SQLException {
        throw unsupported("setBigDecimal");
    }

    @Override
    public void setBinaryStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setBinaryStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setBinaryStream(String p0, java.io.InputStream p1) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setBinaryStream(int p0, java.io.InputStream p1, int p2) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setBinaryStream(int p0, java.io.InputStream p1, long p2) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setBinaryStream(int p0, java.io.InputStream p1) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setBlob(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setBlob(String p0, java.io.InputStream p1) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setBlob(String p0, java.sql.Blob p1) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setBlob(int p0, java.io.InputStream p1, long p2) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setBlob(int p0, java.io.InputStream p1) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setBlob(int p0, java.sql.Blob p1) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setBoolean(String p0, boolean p1) throws SQLException {
        throw unsupported("setBoolean");
    }

    @Override
    public void setBoolean(int p0, boolean p1) throws SQLException {
        throw unsupported("setBoolean");
    }

    @Override
    public void setByte(String p0, byte p1) throws SQLException {
        throw unsupported("setByte");
    }

    @Override
    public void setByte(int p0, byte p1) throws SQLException {
        throw unsupported("setByte");
    }

    @Override
    public void setBytes(String p0, byte[] p1) throws SQLException {
        throw unsupported("setBytes");
    }

    @Override
    public void setBytes(int p0, byte[] p1) throws SQLException {
        throw unsupported("setBytes");
    }

    @Override
    public void setCharacterStream(String p0, java.io.Reader p1, int p2) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setCharacterStream(String p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setCharacterStream(int p0, java.io.Reader p1, int p2) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setCharacterStream(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setCharacterStream(int p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setClob(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setClob(String p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setClob(String p0, java.sql.Clob p1) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setClob(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setClob(int p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setClob(int p0, java.sql.Clob p1) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setCursorName(String p0) throws SQLException {
        throw unsupported("setCursorName");
    }

    @Override
    public void setDate(String p0, java.sql.Date p1, java.util.Calendar p2) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setDate(String p0, java.sql.Date p1) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setDate(int p0, java.sql.Date p1, java.util.Calendar p2) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setDate(int p0, java.sql.Date p1) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setDouble(String p0, double p1) throws SQLException {
        throw unsupported("setDouble");
    }

    @Override
    public void setDouble(int p0, double p1) throws SQLException {
        throw unsupported("setDouble");
    }

    @Override
    public void setEscapeProcessing(boolean p0) throws SQLException {
        throw unsupported("setEscapeProcessing");
    }

    @Override
    public void setFetchDirection(int p0) throws SQLException {
        throw unsupported("setFetchDirection");
    }

    @Override
    public void setFetchSize(int p0) throws SQLException {
        throw unsupported("setFetchSize");
    }

    @Override
    public void setFloat(String p0, float p1) throws SQLException {
        throw unsupported("setFloat");
    }

    @Override
    public void setFloat(int p0, float p1) throws SQLException {
        throw unsupported("setFloat");
    }

    @Override
    public void setInt(String p0, int p1) throws SQLException {
        throw unsupported("setInt");
    }

    @Override
    public void setInt(int p0, int p1) throws SQLException {
        throw unsupported("setInt");
    }

    @Override
    public void setLong(String p0, long p1) throws SQLException {
        throw unsupported("setLong");
    }

    @Override
    public void setLong(int p0, long p1) throws SQLException {
        throw unsupported("setLong");
    }

    @Override
    public void setMaxFieldSize(int p0) throws SQLException {
        throw unsupported("setMaxFieldSize");
    }

    @Override
    public void setMaxRows(int p0) throws SQLException {
        throw unsupported("setMaxRows");
    }

    @Override
    public void setNCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setNCharacterStream(String p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setNCharacterStream(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setNCharacterStream(int p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setNClob(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setNClob(String p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setNClob(String p0, java.sql.NClob p1) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setNClob(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setNClob(int p0, java.io.Reader p1) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setNClob(int p0, java.sql.NClob p1) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setNString(String p0, String p1) throws SQLException {
        throw unsupported("setNString");
    }

    @Override
    public void setNString(int p0, String p1) throws SQLException {
        throw unsupported("setNString");
    }

    @Override
    public void setNull(String p0, int p1, String p2) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public void setNull(String p0, int p1) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public void setNull(int p0, int p1, String p2) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public void setNull(int p0, int p1) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public void setObject(String p0, Object p1, int p2, int p3) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(String p0, Object p1, int p2) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(String p0, Object p1) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(int p0, Object p1, int p2, int p3) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(int p0, Object p1, int p2) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(int p0, Object p1) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setPoolable(boolean p0) throws SQLException {
        throw unsupported("setPoolable");
    }

    @Override
    public void setQueryTimeout(int p0) throws SQLException {
        throw unsupported("setQueryTimeout");
    }

    @Override
    public void setRef(int p0, java.sql.Ref p1) throws SQLException {
        throw unsupported("setRef");
    }

    @Override
    public void setRowId(String p0, java.sql.RowId p1) throws SQLException {
        throw unsupported("setRowId");
    }

    @Override
    public void setRowId(int p0, java.sql.RowId p1) throws SQLException {
        throw unsupported("setRowId");
    }

    @Override
    public void setSQLXML(String p0, java.sql.SQLXML p1) throws SQLException {
        throw unsupported("setSQLXML");
    }

    @Override
    public void setSQLXML(int p0, java.sql.SQLXML p1) throws SQLException {
        throw unsupported("setSQLXML");
    }

    @Override
    public void setShort(String p0, short p1) throws SQLException {
        throw unsupported("setShort");
    }

    @Override
    public void setShort(int p0, short p1) throws SQLException {
        throw unsupported("setShort");
    }

    @Override
    public void setString(String p0, String p1) throws SQLException {
        throw unsupported("setString");
    }

    @Override
    public void setString(int p0, String p1) throws SQLException {
        throw unsupported("setString");
    }

    @Override
    public void setTime(String p0, java.sql.Time p1, java.util.Calendar p2) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTime(String p0, java.sql.Time p1) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTime(int p0, java.sql.Time p1, java.util.Calendar p2) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTime(int p0, java.sql.Time p1) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTimestamp(String p0, java.sql.Timestamp p1, java.util.Calendar p2) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setTimestamp(String p0, java.sql.Timestamp p1) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setTimestamp(int p0, java.sql.Timestamp p1, java.util.Calendar p2) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setTimestamp(int p0, java.sql.Timestamp p1) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setURL(String p0, java.net.URL p1) throws SQLException {
        throw unsupported("setURL");
    }

    @Override
    public void setURL(int p0, java.net.URL p1) throws SQLException {
        throw unsupported("setURL");
    }

    @Override
    public void setUnicodeStream(int p0, java.io.InputStream p1, int p2) throws SQLException {
        throw unsupported("setUnicodeStream");
    }

    @Override
    public <T> T unwrap(Class<T> p0) throws SQLException {
        throw unsupported("unwrap");
    }

    @Override
    public boolean wasNull() throws SQLException {
        throw unsupported("wasNull");
    }
}
