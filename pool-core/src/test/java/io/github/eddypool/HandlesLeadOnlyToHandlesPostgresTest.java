package io.github.eddypool;

import static io.github.eddypool.HandlesLeadOnlyToHandlesTest.assertLeadsBackTo;
import static io.github.eddypool.HandlesLeadOnlyToHandlesTest.call;
import static io.github.eddypool.HandlesLeadOnlyToHandlesTest.metadataQueries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresPostgres;

import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * {@link HandlesLeadOnlyToHandlesTest} against pgjdbc, whose metadata result sets come from
 * statements of its own and whose generated keys come from the statement that ran; whose arrays
 * and refcursors make result sets on the physical connection; and whose metadata would run its
 * queries on whatever session the physical connection serves next.
 */
@RequiresPostgres
@Timeout(60)
class HandlesLeadOnlyToHandlesPostgresTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    private EddyDataSource pool(String name) {
        Server pg = Server.POSTGRES;
        EddyConfig.Builder b = EddyConfig.builder().poolName(name).jdbcUrl(pg.url()).username(pg.user())
                .minSize(1).maxSize(1).connectionTimeout(Duration.ofSeconds(5)).shutdownGracePeriod(Duration.ZERO);
        if (!pg.password().isEmpty()) {
            b.password(pg.password());
        }
        return res.open(b);
    }

    @Test
    void everyMetadataResultSetLeadsBackToTheConnectionHandle() throws SQLException {
        EddyDataSource pool = pool("handles-pg-metadata");
        List<String> answered = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            PGConnection physical = c.unwrap(PGConnection.class);
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            for (Method query : metadataQueries()) {
                ResultSet rs;
                try {
                    rs = call(md, query);
                } catch (SQLException e) {
                    continue; // pgjdbc needs a table name here, or does not support the method
                }
                String what = "DatabaseMetaData." + query.getName();
                answered.add(query.getName());
                Statement s = rs.getStatement();
                if (s != null) {
                    assertThat(s).as(what + ".getStatement()").isNotInstanceOf(PGStatement.class);
                    assertThat(s.getConnection()).as(what + ".getStatement().getConnection()").isSameAs(c);
                    assertThat(s.unwrap(PGStatement.class)).as("the vendor statement only when asked").isNotNull();
                }
                rs.close();
            }
            assertThat(physical.getBackendPID()).isPositive();
        }
        assertThat(answered).as("pgjdbc answered these with nulls and zeros")
                .contains("getTables", "getColumns", "getSchemas", "getCatalogs", "getTypeInfo", "getPrimaryKeys",
                        "getTableTypes", "getProcedures", "getFunctions");
    }

    @Test
    void resultSetsOfEveryKindOfStatementLeadBackToTheirStatementHandle() throws SQLException {
        EddyDataSource pool = pool("handles-pg-statements");
        try (Connection c = pool.getConnection()) {
            Statement s = c.createStatement();
            s.execute("CREATE TEMPORARY TABLE handles_keys (id serial PRIMARY KEY, v int)");
            assertLeadsBackTo(c, s, s.executeQuery("SELECT 1"), "Statement.executeQuery");
            assertThat(s.execute("SELECT 1")).isTrue();
            assertLeadsBackTo(c, s, s.getResultSet(), "Statement.getResultSet");
            s.executeUpdate("INSERT INTO handles_keys (v) VALUES (1)", Statement.RETURN_GENERATED_KEYS);
            assertLeadsBackTo(c, s, s.getGeneratedKeys(), "Statement.getGeneratedKeys");

            PreparedStatement ps = c.prepareStatement("INSERT INTO handles_keys (v) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setInt(1, 2);
            ps.executeUpdate();
            ResultSet keys = ps.getGeneratedKeys();
            assertLeadsBackTo(c, ps, keys, "PreparedStatement.getGeneratedKeys");
            assertThat(keys.next()).isTrue();
            assertThat(keys.getInt(1)).isEqualTo(2);
            PreparedStatement query = c.prepareStatement("SELECT v FROM handles_keys");
            assertLeadsBackTo(c, query, query.executeQuery(), "PreparedStatement.executeQuery");

            CallableStatement cs = c.prepareCall("SELECT 1");
            assertLeadsBackTo(c, cs, cs.executeQuery(), "CallableStatement.executeQuery");
            assertThat(cs.execute()).isTrue();
            assertLeadsBackTo(c, cs, cs.getResultSet(), "CallableStatement.getResultSet");
        }
    }

    @Test
    void theConnectionReachedThroughMetadataIsTheHandle() throws SQLException {
        EddyDataSource pool = pool("handles-pg-close-through-metadata");
        Connection c = pool.getConnection();
        int pid = c.unwrap(PGConnection.class).getBackendPID();
        Connection reached = c.getMetaData().getTables(null, null, "%", null).getStatement().getConnection();
        assertThat(reached).isSameAs(c).isNotInstanceOf(PGConnection.class);
        reached.close();
        assertThat(c.isClosed()).isTrue();
        try (Connection again = pool.getConnection()) {
            assertThat(again.unwrap(PGConnection.class).getBackendPID()).as("the same session, still open").isEqualTo(pid);
        }
    }

    /** The statement behind {@code rs} and its connection are handles, never the driver's. */
    private static void assertHandles(Connection c, ResultSet rs, String what) throws SQLException {
        assertThat(rs).as(what).isNotInstanceOf(org.postgresql.jdbc.PgResultSet.class);
        Statement s = rs.getStatement();
        assertThat(s).as(what + ".getStatement()").isNotNull().isNotInstanceOf(PGStatement.class);
        assertThat(s.getConnection()).as(what + ".getStatement().getConnection()").isSameAs(c);
    }

    @Test
    void anArrayAndItsResultSetsLeadBackToHandlesAndGoBackToTheDriverAsItsOwn() throws SQLException {
        EddyDataSource pool = pool("handles-pg-arrays");
        Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ARRAY[1, 2, 3]");
        rs.next();
        java.sql.Array array = rs.getArray(1);
        assertThat(array).isNotInstanceOf(org.postgresql.jdbc.PgArray.class);
        assertThat(array.toString()).as("the driver's literal").isEqualTo("{1,2,3}");
        assertThat((Object[]) array.getArray()).containsExactly(1, 2, 3);
        assertThat(array.getBaseTypeName()).isEqualTo("int4");
        ResultSet elements = array.getResultSet();
        assertHandles(c, elements, "Array.getResultSet");
        assertThat(elements.next()).isTrue();
        assertThat(elements.getInt(2)).isEqualTo(1);
        assertHandles(c, array.getResultSet(2, 1), "Array.getResultSet(index, count)");
        assertThat(rs.getObject(1)).as("getObject of an array column").isInstanceOf(java.sql.Array.class)
                .isNotInstanceOf(org.postgresql.jdbc.PgArray.class);
        assertThat(rs.getObject(1, java.sql.Array.class)).isNotInstanceOf(org.postgresql.jdbc.PgArray.class);

        // Handed back to the driver, in setArray and setObject, it is the driver's own array again.
        PreparedStatement same = c.prepareStatement("SELECT ?::int[] = ARRAY[1, 2, 3]");
        same.setArray(1, array);
        try (ResultSet r = same.executeQuery()) {
            assertThat(r.next() && r.getBoolean(1)).as("setArray").isTrue();
        }
        same.setObject(1, array);
        try (ResultSet r = same.executeQuery()) {
            assertThat(r.next() && r.getBoolean(1)).as("setObject").isTrue();
        }
        java.sql.Array made = c.createArrayOf("int4", new Integer[] {1, 2, 3});
        assertThat(made).isNotInstanceOf(org.postgresql.jdbc.PgArray.class);
        assertHandles(c, made.getResultSet(), "createArrayOf(...).getResultSet");
        same.setArray(1, made);
        try (ResultSet r = same.executeQuery()) {
            assertThat(r.next() && r.getBoolean(1)).as("setArray of createArrayOf").isTrue();
        }

        c.close();
        assertThatExceptionOfType(SQLException.class).as("an array of a closed handle").isThrownBy(array::getResultSet)
                .withMessageContaining("closed and returned to the pool").withMessageContaining("java.sql.Array")
                .satisfies(e -> assertThat(e.getSQLState()).isEqualTo("08003"));
    }

    @Test
    void aRefcursorReadWithGetObjectLeadsBackToHandles() throws SQLException {
        EddyDataSource pool = pool("handles-pg-refcursor");
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false); // a refcursor lives as long as its transaction
            try (Statement s = c.createStatement()) {
                s.execute("CREATE FUNCTION pg_temp.eddy_cursor() RETURNS refcursor AS $$ DECLARE r refcursor; "
                        + "BEGIN OPEN r FOR SELECT 41 + 1 AS v; RETURN r; END $$ LANGUAGE plpgsql");
            }
            CallableStatement cs = c.prepareCall("{? = call pg_temp.eddy_cursor()}");
            cs.registerOutParameter(1, Types.OTHER);
            cs.execute();
            ResultSet fromCall = (ResultSet) cs.getObject(1);
            assertHandles(c, fromCall, "CallableStatement.getObject (refcursor)");
            assertThat(fromCall.next()).isTrue();
            assertThat(fromCall.getInt(1)).isEqualTo(42);

            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT pg_temp.eddy_cursor()");
            rs.next();
            ResultSet fromColumn = (ResultSet) rs.getObject(1);
            assertHandles(c, fromColumn, "ResultSet.getObject (refcursor)");
            assertThat(fromColumn.next()).isTrue();
            assertThat(fromColumn.getInt(1)).isEqualTo(42);
            c.rollback();
        }
    }

    @Test
    void metadataOfAClosedHandleReachesNoSessionAnyMore() throws SQLException {
        EddyDataSource pool = pool("handles-pg-metadata-after-close");
        Connection c = pool.getConnection();
        DatabaseMetaData md = c.getMetaData();
        assertThat(md.getURL()).startsWith("jdbc:postgresql:");
        c.close();
        for (ThrowingCall call : List.<ThrowingCall>of(md::getURL, () -> md.getTables(null, null, "%", null),
                md::getUserName, md::getSchemas)) {
            assertThatExceptionOfType(SQLException.class).as("a metadata call after close").isThrownBy(call::run)
                    .withMessageContaining("DatabaseMetaData").withMessageContaining("Borrow a new one")
                    .satisfies(e -> assertThat(e.getSQLState()).isEqualTo("08003"));
        }
        assertThat(md.getConnection()).isSameAs(c);
        try (Connection next = pool.getConnection()) {
            assertThat(next.getMetaData().getURL()).as("the next borrower's metadata works").startsWith("jdbc:postgresql:");
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object run() throws SQLException;
    }
}
