package io.github.eddypool;

import static io.github.eddypool.HandlesLeadOnlyToHandlesTest.assertLeadsBackTo;
import static io.github.eddypool.HandlesLeadOnlyToHandlesTest.call;
import static io.github.eddypool.HandlesLeadOnlyToHandlesTest.metadataQueries;
import static org.assertj.core.api.Assertions.assertThat;

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
 * statements of its own and whose generated keys come from the statement that ran.
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
}
