package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedConnection;
import io.github.eddypool.testing.ScriptedDriver;
import io.github.eddypool.testing.ScriptedResultSet;
import io.github.eddypool.testing.ScriptedStatement;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every object the pool hands out leads back only to pool handles: {@code getConnection()} and
 * {@code getStatement()} return the handles, never the driver's objects, on every JDBC path that
 * returns a connection, statement or result set. Only an explicit {@code unwrap} to a vendor
 * type reaches the driver. (The same against pgjdbc: {@code HandlesLeadOnlyToHandlesPostgresTest}.)
 */
@Timeout(30)
class HandlesLeadOnlyToHandlesTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    /** The methods of DatabaseMetaData that return a ResultSet, by name and parameters. */
    static List<Method> metadataQueries() {
        return Arrays.stream(DatabaseMetaData.class.getMethods())
                .filter(m -> m.getReturnType() == ResultSet.class && !Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparing(Method::getName).thenComparing(m -> m.getParameterCount()))
                .toList();
    }

    /** Calls a metadata query with null, 0 or false for every argument. */
    static ResultSet call(DatabaseMetaData md, Method query) throws SQLException {
        Object[] args = Arrays.stream(query.getParameterTypes())
                .map(t -> t == int.class ? (Object) 0 : t == boolean.class ? (Object) false : null)
                .toArray();
        try {
            return (ResultSet) query.invoke(md, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new AssertionError(query.getName() + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Checks that rs and its statement are the pool's handles for this borrow. */
    static void assertLeadsBackTo(Connection handle, Statement statementHandle, ResultSet rs, String what)
            throws SQLException {
        assertThat(rs).as(what).isNotNull();
        Statement s = rs.getStatement();
        assertThat(s).as(what + ": getStatement() is the statement handle").isSameAs(statementHandle);
        assertThat(s.getConnection()).as(what + ": getStatement().getConnection() is the connection handle")
                .isSameAs(handle);
    }

    private EddyDataSource pool(DriverScript db) {
        return res.open(baseConfig(db).minSize(1).maxSize(1));
    }

    @Test
    void statementsLeadBackToTheConnectionHandle() throws SQLException {
        EddyDataSource pool = pool(ScriptedDriver.newScript("handles-statements"));
        try (Connection c = pool.getConnection()) {
            List<Statement> statements = List.of(c.createStatement(), c.createStatement(1003, 1007),
                    c.createStatement(1003, 1007, 1), c.prepareStatement("select 1"),
                    c.prepareStatement("insert", Statement.RETURN_GENERATED_KEYS), c.prepareCall("select 1"),
                    c.prepareCall("select 1", 1003, 1007));
            for (Statement s : statements) {
                assertThat(s).isNotInstanceOf(ScriptedStatement.class);
                assertThat(s.getConnection()).as("%s.getConnection()", s).isSameAs(c);
            }
        }
    }

    @Test
    void resultSetsOfEveryKindOfStatementLeadBackToTheirStatementHandle() throws SQLException {
        EddyDataSource pool = pool(ScriptedDriver.newScript("handles-result-sets"));
        try (Connection c = pool.getConnection()) {
            Statement s = c.createStatement();
            assertLeadsBackTo(c, s, s.executeQuery("select 1"), "Statement.executeQuery");
            assertThat(s.execute("select 1")).isTrue();
            assertLeadsBackTo(c, s, s.getResultSet(), "Statement.getResultSet");
            s.executeUpdate("insert", Statement.RETURN_GENERATED_KEYS);
            assertLeadsBackTo(c, s, s.getGeneratedKeys(), "Statement.getGeneratedKeys");

            PreparedStatement ps = c.prepareStatement("select 1");
            assertLeadsBackTo(c, ps, ps.executeQuery(), "PreparedStatement.executeQuery");
            assertThat(ps.execute()).isTrue();
            assertLeadsBackTo(c, ps, ps.getResultSet(), "PreparedStatement.getResultSet");
            PreparedStatement keys = c.prepareStatement("insert", Statement.RETURN_GENERATED_KEYS);
            keys.executeUpdate();
            assertLeadsBackTo(c, keys, keys.getGeneratedKeys(), "PreparedStatement.getGeneratedKeys");

            CallableStatement cs = c.prepareCall("select 1");
            assertLeadsBackTo(c, cs, cs.executeQuery(), "CallableStatement.executeQuery");
            assertThat(cs.execute()).isTrue();
            assertLeadsBackTo(c, cs, cs.getResultSet(), "CallableStatement.getResultSet");
            assertLeadsBackTo(c, cs, cs.getGeneratedKeys(), "CallableStatement.getGeneratedKeys");
        }
    }

    @Test
    void metadataLeadsBackToTheConnectionHandle() throws SQLException {
        EddyDataSource pool = pool(ScriptedDriver.newScript("handles-metadata"));
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            assertThat(c.getMetaData().getConnection()).isSameAs(c);
        }
    }

    @Test
    void metadataOfAClosedHandleFailsRatherThanReachTheNextBorrowersSession() throws SQLException {
        EddyDataSource pool = pool(ScriptedDriver.newScript("handles-metadata-closed"));
        Connection c = pool.getConnection();
        DatabaseMetaData md = c.getMetaData();
        c.close();
        for (Method query : metadataQueries()) {
            assertThatExceptionOfType(SQLException.class).as("DatabaseMetaData.%s after close", query.getName())
                    .isThrownBy(() -> call(md, query))
                    .withMessageContaining("closed and returned to the pool")
                    .satisfies(e -> assertThat(e.getSQLState()).isEqualTo("08003"));
        }
        assertThat(md.getConnection()).isSameAs(c);
    }

    @Test
    void everyMetadataResultSetLeadsBackToTheConnectionHandle() throws SQLException {
        DriverScript db = ScriptedDriver.newScript("handles-metadata-result-sets");
        EddyDataSource pool = pool(db);
        List<Method> queries = metadataQueries();
        assertThat(queries).as("DatabaseMetaData's result-set methods").hasSizeGreaterThan(20);
        try (Connection c = pool.getConnection()) {
            ScriptedConnection physical = physical(c);
            DatabaseMetaData md = c.getMetaData();
            for (Method query : queries) {
                String what = "DatabaseMetaData." + query.getName() + Arrays.toString(query.getParameterTypes());
                ResultSet rs = call(md, query);
                assertThat(rs).as(what).isNotInstanceOf(ScriptedResultSet.class);
                Statement s = rs.getStatement();
                assertThat(s).as(what + ".getStatement()").isNotNull().isNotInstanceOf(ScriptedStatement.class);
                assertThat(rs.getStatement()).as(what + ": the same statement handle each time").isSameAs(s);
                assertThat(s.getConnection()).as(what + ".getStatement().getConnection()").isSameAs(c);
                // the vendor object only by asking for it
                assertThat(s.unwrap(ScriptedStatement.class)).isInstanceOf(ScriptedStatement.class);
                assertThat(rs.unwrap(ScriptedResultSet.class)).isInstanceOf(ScriptedResultSet.class);
                assertThat(rs.next()).as(what + " reads through the handle").isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                rs.close();
            }
            assertThat(physical.isPhysicallyClosed()).isFalse();
        }
    }

    @Test
    void aMetadataResultSetWithoutADriverStatementHasNone() throws SQLException {
        DriverScript db = ScriptedDriver.newScript("handles-metadata-no-statement").metadataResultSetsWithoutStatement();
        EddyDataSource pool = pool(db);
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            for (Method query : metadataQueries()) {
                ResultSet rs = call(md, query);
                assertThat(rs).as(query.getName()).isNotInstanceOf(ScriptedResultSet.class);
                assertThat(rs.getStatement()).as(query.getName() + ".getStatement()").isNull();
                rs.close();
            }
        }
    }

    @Test
    void metadataQueriesAreNotExecutions() throws SQLException {
        DriverScript db = ScriptedDriver.newScript("handles-metadata-not-executions");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).maxQueries(2).resetSql("RESET MARKER"));
        ScriptedConnection first;
        try (Connection c = pool.getConnection()) {
            first = physical(c);
            DatabaseMetaData md = c.getMetaData();
            for (Method query : metadataQueries()) {
                call(md, query).close();
            }
        }
        // neither max-queries (2) nor the reset-sql, due after an execution, saw the metadata queries
        assertThat(first.executedSql()).doesNotContain("RESET MARKER");
        assertThat(pool.stats().closedByReason().get(CloseReason.MAX_QUERIES)).isZero();
        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).as("the connection was not retired").isSameAs(first);
            // a statement run through a metadata result set's statement is an execution, like any other
            Statement s = c.getMetaData().getTables(null, null, null, null).getStatement();
            s.executeQuery("select 1").close();
        }
        assertThat(first.executedSql()).containsExactly("select 1", "RESET MARKER");
    }

    @Test
    void aMetadataStatementIsClosedWithTheBorrowLikeAnyOther() throws SQLException {
        DriverScript db = ScriptedDriver.newScript("handles-metadata-statement-closed");
        EddyDataSource pool = pool(db);
        Statement s;
        ResultSet unasked;
        ScriptedStatement driverStatement;
        Connection c = pool.getConnection();
        ScriptedConnection physical = physical(c);
        DatabaseMetaData md = c.getMetaData();
        s = md.getTables(null, null, null, null).getStatement();
        driverStatement = s.unwrap(ScriptedStatement.class);
        unasked = md.getColumns(null, null, null, null);
        c.close();

        assertThat(s.isClosed()).isTrue();
        assertThat(driverStatement.isClosedQuietly()).as("the driver's statement closed with the borrow").isTrue();
        assertThatThrownBy(() -> s.executeQuery("select 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(unasked::getStatement).isInstanceOf(SQLException.class)
                .hasMessageContaining("returned to the pool");
        assertThat(physical.isPhysicallyClosed()).isFalse();
    }

    @Test
    void closingWhatGetConnectionReturnsReturnsTheHandleNotThePhysicalConnection() throws SQLException {
        DriverScript db = ScriptedDriver.newScript("handles-close-through-metadata");
        EddyDataSource pool = pool(db);
        Connection c = pool.getConnection();
        ScriptedConnection physical = physical(c);
        c.getMetaData().getTables(null, null, null, null).getStatement().getConnection().close();
        assertThat(c.isClosed()).as("the borrower's handle is closed").isTrue();
        assertThat(physical.isPhysicallyClosed()).as("the pooled connection lives on").isFalse();
        try (Connection again = pool.getConnection()) {
            assertThat(physical(again)).isSameAs(physical);
        }
        assertThat(db.opened()).isEqualTo(1);
    }

    @Test
    void unwrapReachesTheDriverOnlyWhenAskedForAVendorType() throws SQLException {
        EddyDataSource pool = pool(ScriptedDriver.newScript("handles-unwrap"));
        try (Connection c = pool.getConnection()) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select 1");
            DatabaseMetaData md = c.getMetaData();
            ResultSet mrs = md.getTables(null, null, null, null);
            Map<Object, Class<?>> jdbcTypes = new LinkedHashMap<>();
            jdbcTypes.put(c, Connection.class);
            jdbcTypes.put(s, Statement.class);
            jdbcTypes.put(rs, ResultSet.class);
            jdbcTypes.put(md, DatabaseMetaData.class);
            jdbcTypes.put(mrs, ResultSet.class);
            jdbcTypes.put(mrs.getStatement(), Statement.class);
            for (Map.Entry<Object, Class<?>> e : jdbcTypes.entrySet()) {
                java.sql.Wrapper handle = (java.sql.Wrapper) e.getKey();
                assertThat(handle.unwrap(e.getValue())).as("%s.unwrap(%s) is the handle itself", handle,
                        e.getValue().getSimpleName()).isSameAs(handle);
                assertThat(handle.isWrapperFor(e.getValue())).isTrue();
                assertThatThrownBy(() -> handle.unwrap(Runnable.class)).isInstanceOf(SQLException.class);
                assertThat(handle.isWrapperFor(Runnable.class)).isFalse();
            }
            assertThat(c.unwrap(ScriptedConnection.class)).isInstanceOf(ScriptedConnection.class);
            assertThat(s.unwrap(ScriptedStatement.class)).isInstanceOf(ScriptedStatement.class);
            assertThat(rs.unwrap(ScriptedResultSet.class)).isInstanceOf(ScriptedResultSet.class);
            assertThat(mrs.unwrap(ScriptedResultSet.class)).isInstanceOf(ScriptedResultSet.class);
            assertThat(mrs.getStatement().unwrap(ScriptedStatement.class)).isInstanceOf(ScriptedStatement.class);
            assertThat(md.isWrapperFor(ScriptedConnection.class)).isFalse();
        }
    }
}
