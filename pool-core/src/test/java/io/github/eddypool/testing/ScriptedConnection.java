package io.github.eddypool.testing;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A physical connection of the {@link ScriptedDriver}: keeps its session state in memory and
 * records what was done to it, for tests to assert what the pool did. The JDBC getters
 * ({@code getAutoCommit()} ...) behave like a driver's (they throw when closed); the
 * {@code state...()} and counting methods never throw and are meant for tests.
 */
public final class ScriptedConnection extends UnsupportedConnection {

    private static final int SQL_LOG_CAP = 10_000;

    private final DriverScript script;
    private final long id;
    private final String user;
    private final Object lock = new Object();   // guards waits for hangs
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final List<String> executedSql = new ArrayList<>();
    private final Set<ScriptedStatement> openStatements = ConcurrentHashMap.newKeySet();
    private final LongAdder statementsCreated = new LongAdder();

    private volatile boolean closed;
    private volatile boolean aborted;
    private volatile String brokenState;
    private volatile DriverScript.Execution execution;
    private long releaseGeneration;             // guarded by lock

    private volatile boolean autoCommit = true;
    private volatile int isolation;
    private volatile boolean readOnly;
    private volatile String catalog = "test";
    private volatile String schema = "public";
    private volatile int networkTimeout;
    private volatile int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private volatile SQLWarning warnings;
    private volatile boolean inTransaction;
    private final Properties clientInfo = new Properties();
    private volatile Map<String, Class<?>> typeMap = new HashMap<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final LongAdder validations = new LongAdder();

    ScriptedConnection(DriverScript script, long id, DriverScript.Validity validity, DriverScript.Execution execution,
                       int isolation, String user) {
        this.script = script;
        this.id = id;
        this.validityMode = validity;
        this.execution = execution;
        this.isolation = isolation;
        this.user = user;
    }

    private volatile DriverScript.Validity validityMode;
    private volatile SQLException nextStatementFailure;

    // ================================================================== test controls

    /** Every later call (but close/isClosed/abort) throws an SQLException with this SQLState; isValid returns false. */
    public void markBroken(String sqlState) {
        this.brokenState = sqlState;
        release();
    }

    /** The next statement run on this connection throws this exception, once; the connection stays usable. */
    public void failNextStatement(SQLException failure) {
        this.nextStatementFailure = failure;
    }

    public void setValidity(DriverScript.Validity validity) {
        this.validityMode = validity;
    }

    public void setExecution(DriverScript.Execution execution) {
        this.execution = execution;
    }

    /** Ends every hang (isValid or statement) currently blocking on this connection. */
    public void release() {
        synchronized (lock) {
            releaseGeneration++;
            lock.notifyAll();
        }
    }

    /** Adds a warning to the connection's chain, as a server notice would. */
    public void addWarning(String message) {
        SQLWarning w = new SQLWarning(message, "01000");
        synchronized (lock) {
            if (warnings == null) {
                warnings = w;
            } else {
                warnings.setNextWarning(w);
            }
        }
    }

    // ================================================================== observations

    public long id() {
        return id;
    }

    public DriverScript script() {
        return script;
    }

    /** The user name the connection was opened with. */
    public String user() {
        return user;
    }

    public boolean isPhysicallyClosed() {
        return closed;
    }

    public boolean wasAborted() {
        return aborted;
    }

    public boolean isBroken() {
        return brokenState != null;
    }

    public boolean stateAutoCommit() {
        return autoCommit;
    }

    public int stateIsolation() {
        return isolation;
    }

    public boolean stateReadOnly() {
        return readOnly;
    }

    public String stateCatalog() {
        return catalog;
    }

    public String stateSchema() {
        return schema;
    }

    public int stateNetworkTimeout() {
        return networkTimeout;
    }

    public boolean stateHasWarnings() {
        return warnings != null;
    }

    /** Whether work was done since the last commit/rollback with auto-commit off. */
    public boolean stateInTransaction() {
        return inTransaction;
    }

    public long commits() {
        return commits.sum();
    }

    public long rollbacks() {
        return rollbacks.sum();
    }

    /** isValid calls so far. */
    public long validations() {
        return validations.sum();
    }

    /** How often the JDBC method of this name was called on the connection. */
    public long calls(String method) {
        LongAdder a = calls.get(method);
        return a == null ? 0 : a.sum();
    }

    /** SQL executed on the connection's statements, in order (first 10,000). */
    public List<String> executedSql() {
        synchronized (executedSql) {
            return List.copyOf(executedSql);
        }
    }

    public int openStatementCount() {
        return openStatements.size();
    }

    public long statementsCreated() {
        return statementsCreated.sum();
    }

    public int openResultSetCount() {
        int n = 0;
        for (ScriptedStatement s : openStatements) {
            n += s.openResultSetCount();
        }
        return n;
    }

    @Override
    public String toString() {
        return "ScriptedConnection[" + script.name() + "#" + id + (closed ? ", closed" : "")
                + (brokenState != null ? ", broken " + brokenState : "") + "]";
    }

    // ================================================================== internals

    private void count(String method) {
        calls.computeIfAbsent(method, k -> new LongAdder()).increment();
    }

    void checkOpen(String method) throws SQLException {
        count(method);
        if (closed) {
            throw new SQLException("scripted connection " + id + " is closed", "08003");
        }
        String broken = brokenState;
        if (broken != null) {
            throw new SQLException("scripted connection " + id + " is broken (" + broken + ")", broken);
        }
    }

    /** Runs one statement: records it, applies delay/hang, tracks the transaction. */
    void execute(String sql, int queryTimeoutSeconds) throws SQLException {
        checkOpen("execute");
        SQLException failure = nextStatementFailure;
        if (failure != null) {
            nextStatementFailure = null;
            throw failure;
        }
        synchronized (executedSql) {
            if (executedSql.size() < SQL_LOG_CAP) {
                executedSql.add(sql);
            }
        }
        DriverScript.sleep(script.statementDelay());
        if (execution == DriverScript.Execution.HANG) {
            long limitMs = Long.MAX_VALUE;
            String state = null;
            if (queryTimeoutSeconds > 0) {
                limitMs = queryTimeoutSeconds * 1000L;
                state = "57014";
            }
            int nt = networkTimeout;
            if (nt > 0 && nt < limitMs) {
                limitMs = nt;
                state = "08006";
            }
            if (!awaitRelease(limitMs)) {
                if ("08006".equals(state)) {
                    brokenState = "08006";
                    throw new SQLException("scripted read timed out after " + limitMs + "ms", "08006");
                }
                throw new SQLTimeoutException("scripted statement cancelled after " + limitMs + "ms", "57014");
            }
            checkOpen("execute");
        }
        if (!autoCommit) {
            inTransaction = true;
        }
    }

    /** Waits until released, closed or aborted (true), or for {@code limitMs} (false). */
    private boolean awaitRelease(long limitMs) throws SQLException {
        long deadline = limitMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        synchronized (lock) {
            long generation = releaseGeneration;
            try {
                while (generation == releaseGeneration && !closed && brokenState == null) {
                    if (deadline == Long.MAX_VALUE) {
                        lock.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("scripted driver interrupted", "08006", e);
            }
        }
        return true;
    }

    /** A metadata query's result set, on a statement of its own that closes with it. */
    ResultSet metadataResultSet() {
        return register(new ScriptedStatement(this, null)).metadataResultSet(script.metadataStatements());
    }

    void statementClosed(ScriptedStatement s) {
        openStatements.remove(s);
    }

    private <T extends ScriptedStatement> T register(T s) {
        openStatements.add(s);
        statementsCreated.increment();
        return s;
    }

    private void physicallyClose() {
        if (!closed) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                lock.notifyAll();
            }
            for (ScriptedStatement s : List.copyOf(openStatements)) {
                s.closeQuietly();
            }
            script.connectionClosed();
        }
    }

    // ================================================================== java.sql.Connection

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen("createStatement");
        return register(new ScriptedStatement(this, null));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen("prepareStatement");
        return register(new ScriptedStatement(this, sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        checkOpen("prepareCall");
        return register(new ScriptedStatement(this, sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen("nativeSQL");
        return sql;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen("setAutoCommit");
        if (autoCommit && !this.autoCommit && inTransaction) {
            commits.increment();   // JDBC: switching auto-commit on commits the transaction
            inTransaction = false;
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen("getAutoCommit");
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen("commit");
        if (autoCommit) {
            throw new SQLException("Cannot commit when autoCommit is enabled.", "25000");
        }
        commits.increment();
        inTransaction = false;
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen("rollback");
        if (autoCommit) {
            throw new SQLException("Cannot rollback when autoCommit is enabled.", "25000");
        }
        rollbacks.increment();
        inTransaction = false;
    }

    @Override
    public void close() throws SQLException {
        count("close");
        physicallyClose();
    }

    @Override
    public boolean isClosed() throws SQLException {
        count("isClosed");
        return closed;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen("getMetaData");
        return new ScriptedMetaData(this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen("setReadOnly");
        if (inTransaction) {
            throw new SQLException("Cannot change transaction read-only property in the middle of a transaction.", "25001");
        }
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen("isReadOnly");
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen("setCatalog");
        this.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen("getCatalog");
        return catalog;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen("setTransactionIsolation");
        switch (level) {
            case TRANSACTION_NONE, TRANSACTION_READ_UNCOMMITTED, TRANSACTION_READ_COMMITTED,
                 TRANSACTION_REPEATABLE_READ, TRANSACTION_SERIALIZABLE -> this.isolation = level;
            default -> throw new SQLException("invalid isolation level " + level, "HY024");
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen("getTransactionIsolation");
        return isolation;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen("getWarnings");
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen("clearWarnings");
        warnings = null;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen("getTypeMap");
        return typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen("setTypeMap");
        this.typeMap = map == null ? new HashMap<>() : map;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen("setHoldability");
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen("getHoldability");
        return holdability;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen("setSavepoint");
        throw unsupported("setSavepoint");
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        count("isValid");
        validations.increment();
        if (timeout < 0) {
            throw new SQLException("isValid timeout must not be negative: " + timeout, "HY000");
        }
        if (closed || brokenState != null) {
            return false;
        }
        DriverScript.Validity mode = validityMode;
        switch (mode) {
            case VALID:
                return true;
            case INVALID:
                return false;
            case HANG: {
                long limit = timeout > 0 ? timeout * 1000L : Long.MAX_VALUE;
                if (networkTimeout > 0) {
                    limit = Math.min(limit, networkTimeout);
                }
                awaitRelease(limit);
                return false;
            }
            default:
                awaitRelease(Long.MAX_VALUE);
                return false;
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        count("setClientInfo");
        synchronized (clientInfo) {
            if (value == null) {
                clientInfo.remove(name);
            } else {
                clientInfo.setProperty(name, value);
            }
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        count("setClientInfo");
        synchronized (clientInfo) {
            clientInfo.clear();
            if (properties != null) {
                clientInfo.putAll(properties);
            }
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen("getClientInfo");
        synchronized (clientInfo) {
            return clientInfo.getProperty(name);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen("getClientInfo");
        synchronized (clientInfo) {
            Properties copy = new Properties();
            copy.putAll(clientInfo);
            return copy;
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen("setSchema");
        this.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen("getSchema");
        return schema;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        count("abort");
        if (executor == null) {
            throw new SQLException("abort: executor is null", "HY000");
        }
        aborted = true;
        physicallyClose();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen("setNetworkTimeout");
        if (milliseconds < 0) {
            throw new SQLException("network timeout must not be negative: " + milliseconds, "HY000");
        }
        this.networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen("getNetworkTimeout");
        return networkTimeout;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("ScriptedConnection is not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
