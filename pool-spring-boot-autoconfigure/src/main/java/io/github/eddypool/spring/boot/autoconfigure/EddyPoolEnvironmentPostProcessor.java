package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyDataSource;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes Eddy the pool that Spring Boot's own {@code DataSourceAutoConfiguration} builds, by
 * giving {@code spring.datasource.type} the default {@code io.github.eddypool.EddyDataSource}.
 *
 * <p>Why a default property rather than a DataSource bean of Eddy's own: everything in Boot that
 * treats "the auto-configured DataSource" specially recognises it by Boot's factory method: test
 * slices ({@code @JdbcTest}, {@code @DataJpaTest}) import only Boot's auto-configuration,
 * {@code @AutoConfigureTestDatabase} replaces only what Boot's {@code DataSourceConfiguration}
 * created, DevTools shuts down only such an in-memory database, and Boot's own conditions (an
 * application DataSource, JNDI, XA, an excluded {@code DataSourceAutoConfiguration}, lazy
 * connection fetch, {@code JdbcConnectionDetails}) then apply to Eddy exactly as to HikariCP.
 *
 * <p>The default is the weakest property source, so an application that sets
 * {@code spring.datasource.type} (to HikariCP, say) gets what it asked for; nothing is added
 * with {@code eddy.pool.enabled=false}. It also lets {@code eddy.pool.jdbc-url} alone name the
 * database, as {@code spring.datasource.url} would.
 */
public class EddyPoolEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source holding the defaults, as shown by {@code /actuator/env}. */
    public static final String PROPERTY_SOURCE_NAME = "eddyPoolDefaults";

    static final String TYPE = "spring.datasource.type";
    private static final String EDDY_CLASS = "io.github.eddypool.EddyDataSource";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        applyDefaults(environment, application.getClassLoader());
    }

    /**
     * Adds the defaults to {@code environment}; for tests that build a context without a
     * SpringApplication.
     *
     * @param classLoader the application's, where Eddy must be found for the defaults to apply
     */
    public static void applyDefaults(ConfigurableEnvironment environment, ClassLoader classLoader) {
        if (!ClassUtils.isPresent(EDDY_CLASS, classLoader)
                || !environment.getProperty("eddy.pool.enabled", Boolean.class, true)
                || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(TYPE, EddyDataSource.class.getName());
        String eddyUrl = environment.getProperty("eddy.pool.jdbc-url");
        if (StringUtils.hasText(eddyUrl) && eddyUrl.startsWith("jdbc:")) {
            // Boot resolves the URL (and from it the driver) before Eddy's settings are applied.
            // A URL that is not a JDBC one is left to Eddy, whose error names eddy.pool.jdbc-url.
            defaults.put("spring.datasource.url", "${eddy.pool.jdbc-url}");
        }
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
    }

    /** After the application's configuration files are loaded, so that their settings are seen. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
