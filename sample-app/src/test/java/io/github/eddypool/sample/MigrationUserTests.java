package io.github.eddypool.sample;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import io.github.eddypool.testing.DatabaseServers.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8: migrations run as a separate database user, while the app's Eddy pool connects as
 * the application user. Flyway ({@code spring.flyway.user}), Liquibase
 * ({@code spring.liquibase.user}) and {@code spring.sql.init.username} each build their own
 * DataSource with {@code DataSourceBuilder.derivedFrom(pool)}: the pool's URL and driver, the
 * migration user's credentials.
 * <p>
 * On the local PostgreSQL (skipped loudly when unreachable; a failure under {@code CI=true}).
 * Each test gets a schema of its own, owned by the migration user; the application user may only
 * use it (no CREATE), so the tables can only have been made by the migration user. The roles are
 * created idempotently and kept; the schemas are dropped.
 */
@ExtendWith(PostgresReachable.class)
class MigrationUserTests {

    static final String MIGRATOR = "eddy_migrator";
    static final String MIGRATOR_PASSWORD = "eddy-migrator-pw";
    static final String APP_USER = "eddy_app";
    static final String APP_PASSWORD = "eddy-app-pw";

    String schema;

    @BeforeEach
    void rolesAndSchema() throws Exception {
        schema = "eddy_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = Server.POSTGRES.connect(); Statement s = c.createStatement()) {
            for (String[] role : new String[][] {{MIGRATOR, MIGRATOR_PASSWORD}, {APP_USER, APP_PASSWORD}}) {
                s.execute("DO $$ BEGIN CREATE ROLE " + role[0] + " LOGIN PASSWORD '" + role[1] + "'; "
                        + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
                s.execute("ALTER ROLE " + role[0] + " LOGIN PASSWORD '" + role[1] + "'");
            }
            s.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + MIGRATOR);
            s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + APP_USER);
            s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + MIGRATOR + " IN SCHEMA " + schema
                    + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + APP_USER);
            s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + MIGRATOR + " IN SCHEMA " + schema
                    + " GRANT USAGE, SELECT ON SEQUENCES TO " + APP_USER);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = Server.POSTGRES.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void flywayMigratesAsItsOwnUser() throws Exception {
        try (ConfigurableApplicationContext app = start(
                "--spring.flyway.enabled=true",
                "--spring.flyway.user=" + MIGRATOR,
                "--spring.flyway.password=" + MIGRATOR_PASSWORD,
                "--spring.flyway.locations=classpath:db/migration-user/flyway",
                "--spring.flyway.default-schema=" + schema,
                "--spring.flyway.schemas=" + schema,
                "--spring.sql.init.mode=never")) {
            assertMigratedAsMigratorAndServedAsApp(app, "flyway", List.of("flyway_schema_history", "migration_audit", "users"));
            assertThat(query("SELECT DISTINCT installed_by FROM " + schema + ".flyway_schema_history")).containsExactly(MIGRATOR);
        }
    }

    @Test
    void liquibaseMigratesAsItsOwnUser() throws Exception {
        try (ConfigurableApplicationContext app = start(
                "--spring.liquibase.enabled=true",
                "--spring.liquibase.user=" + MIGRATOR,
                "--spring.liquibase.password=" + MIGRATOR_PASSWORD,
                "--spring.liquibase.change-log=classpath:db/migration-user/liquibase/changelog.sql",
                "--spring.liquibase.default-schema=" + schema,
                "--spring.sql.init.mode=never")) {
            assertMigratedAsMigratorAndServedAsApp(app, "liquibase",
                    List.of("databasechangelog", "databasechangeloglock", "migration_audit", "users"));
            assertThat(query("SELECT COUNT(*) FROM " + schema + ".databasechangelog")).containsExactly("2");
        }
    }

    @Test
    void sqlInitRunsItsScriptsAsItsOwnUser() throws Exception {
        try (ConfigurableApplicationContext app = start(
                "--spring.sql.init.mode=always",
                "--spring.sql.init.username=" + MIGRATOR,
                "--spring.sql.init.password=" + MIGRATOR_PASSWORD,
                "--spring.sql.init.schema-locations=classpath:db/migration-user/init/schema.sql",
                "--spring.sql.init.data-locations=classpath:data.sql")) {
            // The sample's own data.sql ran too (as the migration user, through the same derived DataSource).
            assertThat(app.getBean(UserRepository.class).count()).isEqualTo(5);
            assertMigratedAsMigratorAndServedAsApp(app, "sql-init", List.of("migration_audit", "users"));
        }
    }

    private void assertMigratedAsMigratorAndServedAsApp(ConfigurableApplicationContext app, String tool, List<String> tables)
            throws Exception {
        // The migration ran as the migration user: it recorded current_user, and owns what it created.
        assertThat(query("SELECT tool || ':' || ran_as FROM " + schema + ".migration_audit")).containsExactly(tool + ":" + MIGRATOR);
        assertThat(query("SELECT tablename || ':' || tableowner FROM pg_tables WHERE schemaname = '" + schema + "' ORDER BY tablename"))
                .containsExactlyElementsOf(tables.stream().map(t -> t + ":" + MIGRATOR).toList());

        // The application's DataSource is the Eddy pool, connected as the application user.
        DataSource dataSource = app.getBean(DataSource.class);
        assertThat(dataSource).isInstanceOf(EddyDataSource.class);
        EddyPool pool = dataSource.unwrap(EddyPool.class);
        assertThat(pool.getPoolName()).isEqualTo("sample");
        assertThat(pool.config().username()).isEqualTo(APP_USER);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(APP_USER);
        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo(schema);
        // ... and the app works on the migrated schema through it.
        UserRepository users = app.getBean(UserRepository.class);
        assertThat(users.findById(1)).get().extracting(User::name).isEqualTo("Ada Lovelace");
        User created = users.create(new NewUser("Migrated " + tool, tool + "@example.com"));
        assertThat(users.findById(created.id())).contains(created);
        // The application user could not have made the tables: it may not create in the schema.
        assertThat(jdbc.queryForObject("SELECT has_schema_privilege(current_user, '" + schema + "', 'CREATE')", Boolean.class))
                .isFalse();
    }

    /** The sample app on PostgreSQL as the application user, in the test's schema, with {@code args} added. */
    private ConfigurableApplicationContext start(String... args) {
        String url = Server.POSTGRES.url();
        List<String> all = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + APP_USER,
                "--spring.datasource.password=" + APP_PASSWORD,
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off",
                "--eddy.pool.min-size=1", "--eddy.pool.max-size=2"));
        all.addAll(List.of(args));
        return SpringApplication.run(SampleApplication.class, all.toArray(String[]::new));
    }

    /** The first column of each row, as text, through a direct connection as the server's admin user. */
    private static List<String> query(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = Server.POSTGRES.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
