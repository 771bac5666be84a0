package io.github.eddypool.sample;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8: {@code @DataJpaTest} with {@code replace = NONE} runs Hibernate and Spring Data JPA
 * on the application's Eddy pool. The entity ({@link JpaUser}) and repository live in the test
 * sources; Hibernate validates the mapping against the {@code users} table the sample's
 * {@code schema.sql} creates.
 * <p>
 * A database of its own (see {@link JdbcSliceOnEddyTests#URL} why).
 * <p>
 * {@code src/test/resources/config/application.properties} excludes the JPA auto-configurations
 * for the sample's other tests (the app has no JPA); this test clears that exclusion.
 */
@DataJpaTest(properties = {"spring.autoconfigure.exclude=", "spring.jpa.hibernate.ddl-auto=validate",
        "spring.datasource.url=jdbc:h2:mem:sample-jpa-slice;DB_CLOSE_DELAY=-1"})
@AutoConfigureTestDatabase(replace = Replace.NONE)
class DataJpaSliceTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Autowired
    JpaUserRepository users;

    @Autowired
    TestEntityManager entityManager;

    @Test
    void jpaRunsOnTheEddyPool() throws Exception {
        assertThat(dataSource).isInstanceOf(EddyDataSource.class);
        EddyPool pool = dataSource.unwrap(EddyPool.class);
        assertThat(pool.getPoolName()).isEqualTo("sample");
        assertThat(pool.config().maxSize()).isEqualTo(8);
        try (java.sql.Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:h2:mem:sample-jpa-slice");
        }
        // Hibernate's connections come from that pool.
        assertThat(((EntityManagerFactoryInfo) entityManagerFactory).getDataSource()).isSameAs(dataSource);

        assertThat(users.findByEmail("ada@example.com")).get().extracting(JpaUser::getName).isEqualTo("Ada Lovelace");
        JpaUser saved = users.saveAndFlush(new JpaUser("Jpa Slice", "jpa-slice@example.com"));
        assertThat(saved.getId()).isNotNull();
        entityManager.clear();
        assertThat(entityManager.find(JpaUser.class, saved.getId()).getEmail()).isEqualTo("jpa-slice@example.com");
        // The slice's transaction (rolled back after the test) holds a connection of the Eddy pool.
        assertThat(pool.stats().active()).isGreaterThanOrEqualTo(1);
    }
}
