package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.await;
import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.FatalErrorOverride.Verdict;
import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedConnection;
import io.github.eddypool.testing.ScriptedDriver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The application's {@link FatalErrorOverride} decides before Eddy's rules whether an exception
 * ends a connection's session: each verdict, an override that fails, and setting it by class name
 * (HikariCP's exceptionOverrideClassName), with the exact errors for a class that does not fit.
 * Every test runs the same failure without the override too, so it shows the override changed
 * the outcome.
 */
@Timeout(30)
class FatalErrorOverrideTest {

    /** A class-08 SQLState with a vendor code: Eddy's rules call it fatal. */
    private static final String LINK_STATE = "08S01";
    private static final int TRANSIENT_HICCUP_CODE = 4242;
    /** A vendor code Eddy does not know: Eddy's rules call it harmless. */
    private static final int VENDOR_SESSION_LOST_CODE = 99_999;

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    @Test
    void notFatalKeepsAConnectionEddysRulesWouldDiscard() throws Exception {
        FatalErrorOverride hiccupIsHarmless = e -> e.getErrorCode() == TRANSIENT_HICCUP_CODE ? Verdict.NOT_FATAL : Verdict.DEFAULT;

        Outcome without = failOnce("override-none", null, new SQLException("link hiccup", LINK_STATE, TRANSIENT_HICCUP_CODE));
        assertThat(without.discarded).as("Eddy's rules: class 08 ends the session").isTrue();

        Outcome with = failOnce("override-notfatal", hiccupIsHarmless,
                new SQLException("link hiccup", LINK_STATE, TRANSIENT_HICCUP_CODE));
        assertThat(with.discarded).as("the override kept it").isFalse();
        assertThat(with.pool.stats().closedTotal()).isZero();
    }

    @Test
    void fatalDiscardsAConnectionEddysRulesWouldKeep() throws Exception {
        List<SQLException> judged = new CopyOnWriteArrayList<>();
        FatalErrorOverride vendorCodeIsFatal = e -> {
            judged.add(e);
            return e.getErrorCode() == VENDOR_SESSION_LOST_CODE ? Verdict.FATAL : Verdict.DEFAULT;
        };

        Outcome without = failOnce("override-none2", null, new SQLException("session lost", "HY000", VENDOR_SESSION_LOST_CODE));
        assertThat(without.discarded).as("Eddy's rules: an unknown vendor code is harmless").isFalse();

        SQLException thrown = new SQLException("session lost", "HY000", VENDOR_SESSION_LOST_CODE);
        Outcome with = failOnce("override-fatal", vendorCodeIsFatal, thrown);
        assertThat(with.discarded).as("the override ended it").isTrue();
        assertThat(with.pool.stats().closedByReason().get(CloseReason.BROKEN)).isEqualTo(1);
        assertThat((Throwable) with.borrowerSaw).as("the borrower gets the driver's exception itself").isSameAs(thrown);
        assertThat(judged).as("judged once, as the driver threw it").containsExactly(thrown);
    }

    @Test
    void defaultAndNullLeaveTheDecisionToEddysRules() throws Exception {
        Outcome fatal = failOnce("override-default", e -> Verdict.DEFAULT, new SQLException("lost", LINK_STATE));
        Outcome harmless = failOnce("override-null", e -> null, new SQLException("syntax", "42601"));
        assertThat(fatal.discarded).isTrue();
        assertThat(harmless.discarded).isFalse();
    }

    @Test
    void anOverrideThatThrowsLeavesTheDecisionToEddysRulesAndTheBorrowerGetsTheDriversException() throws Exception {
        IllegalStateException bug = new IllegalStateException("bug in the override");
        SQLException thrown = new SQLException("lost", LINK_STATE);
        Outcome outcome = failOnce("override-throws", e -> {
            throw bug;
        }, thrown);
        assertThat((Throwable) outcome.borrowerSaw).isSameAs(thrown);
        assertThat(thrown.getSuppressed()).containsExactly(bug);
        assertThat(outcome.discarded).as("Eddy's rules decided: class 08 is fatal").isTrue();
    }

    @Test
    void byClassNameTheOverrideIsInstantiatedAndShown() throws Exception {
        DriverScript db = ScriptedDriver.newScript("override-byname");
        EddyConfig config = baseConfig(db).minSize(1).maxSize(1).fatalErrorOverrideClassName(VendorCodeIsFatal.class.getName()).build();
        assertThat(config.fatalErrorOverride()).isInstanceOf(VendorCodeIsFatal.class);
        assertThat(config.describe()).containsEntry("fatal-error-override-class-name", VendorCodeIsFatal.class.getName());
        assertThat(config.toBuilder().build().fatalErrorOverride()).as("a derived copy keeps it").isSameAs(config.fatalErrorOverride());

        EddyDataSource bean = res.track(new EddyDataSource());
        bean.setPoolName("override-bean");
        bean.setJdbcUrl(db.url());
        bean.setMinSize(1);
        bean.setMaxSize(1);
        bean.setFatalErrorOverrideClassName(VendorCodeIsFatal.class.getName());
        ScriptedConnection phys;
        try (Connection c = bean.getConnection()) {
            phys = physical(c);
            phys.failNextStatement(new SQLException("session lost", "HY000", VENDOR_SESSION_LOST_CODE));
            assertThatThrownBy(() -> execute(c)).isInstanceOf(SQLException.class);
        }
        await("discarded on return", phys::isPhysicallyClosed);
    }

    @Test
    void aClassThatDoesNotFitIsRefusedSayingWhatToChange() {
        assertRefused("com.example.NoSuchOverride", "fatal-error-override-class-name: class com.example.NoSuchOverride is not on the"
                + " classpath. Add the jar holding it to the classpath, or fix the class name (a binary name, e.g."
                + " com.example.MyOverride$Inner for a nested class)");
        assertRefused("java.lang.String", "fatal-error-override-class-name: class java.lang.String does not implement"
                + " io.github.eddypool.FatalErrorOverride. Implement io.github.eddypool.FatalErrorOverride (a HikariCP"
                + " SQLExceptionOverride does not fit: port its adjudicate method to judge, returning FATAL for MUST_EVICT,"
                + " NOT_FATAL for DO_NOT_EVICT and DEFAULT for CONTINUE_EVICT)");
        assertRefused(NeedsArguments.class.getName(), "fatal-error-override-class-name: class " + NeedsArguments.class.getName()
                + " has no public no-argument constructor. Add one, or hand in an instance with fatalErrorOverride(...)"
                + " (in Spring Boot, from an EddyConfigCustomizer bean)");
        assertRefused(FailsToStart.class.getName(), "fatal-error-override-class-name: class " + FailsToStart.class.getName()
                + " could not be instantiated (IllegalStateException: no rules file). Make its public no-argument"
                + " constructor succeed; an abstract class or an interface cannot be instantiated");
        assertThatThrownBy(() -> EddyConfig.builder().jdbcUrl("jdbc:x:y").fatalErrorOverride(e -> Verdict.DEFAULT)
                .fatalErrorOverrideClassName(VendorCodeIsFatal.class.getName()).build())
                .isInstanceOf(EddyConfigException.class)
                .hasMessageStartingWith("fatal-error-override-class-name: is set together with a fatal-error-override instance")
                .hasMessageEndingWith("Set the override either by class name or as an object, not both");
    }

    private static void assertRefused(String className, String message) {
        assertThatThrownBy(() -> EddyConfig.builder().jdbcUrl("jdbc:x:y").fatalErrorOverrideClassName(className).build())
                .isInstanceOf(EddyConfigException.class)
                .hasMessage(message);
    }

    /** A pool of one connection whose next statement throws {@code failure}; returned, then borrowed again. */
    private Outcome failOnce(String name, FatalErrorOverride override, SQLException failure) throws Exception {
        DriverScript db = ScriptedDriver.newScript(name);
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).fatalErrorOverride(override));
        ScriptedConnection first;
        SQLException seen;
        try (Connection c = pool.getConnection()) {
            first = physical(c);
            first.failNextStatement(failure);
            seen = catchSql(() -> execute(c));
        }
        try (Connection c = pool.getConnection()) {
            ScriptedConnection next = physical(c);
            execute(c);
            return new Outcome(pool, next != first, seen);
        }
    }

    private record Outcome(EddyDataSource pool, boolean discarded, SQLException borrowerSaw) {
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static SQLException catchSql(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("the statement did not fail");
    }

    private static void execute(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    /** Named by class in the tests above. */
    public static final class VendorCodeIsFatal implements FatalErrorOverride {
        @Override
        public Verdict judge(SQLException e) {
            return e.getErrorCode() == VENDOR_SESSION_LOST_CODE ? Verdict.FATAL : Verdict.DEFAULT;
        }
    }

    public static final class NeedsArguments implements FatalErrorOverride {
        public NeedsArguments(String rules) {
        }

        @Override
        public Verdict judge(SQLException e) {
            return Verdict.DEFAULT;
        }
    }

    public static final class FailsToStart implements FatalErrorOverride {
        public FailsToStart() {
            throw new IllegalStateException("no rules file");
        }

        @Override
        public Verdict judge(SQLException e) {
            return Verdict.DEFAULT;
        }
    }
}
