package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.Credentials;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.FatalErrorOverride;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Configures and starts the {@link EddyDataSource} that Spring Boot's
 * {@code DataSourceConfiguration} built (see {@link EddyPoolEnvironmentPostProcessor}): applies
 * {@code eddy.pool.*}, the {@code spring.datasource.hikari.*} names
 * ({@link HikariPropertiesMigration}), the application's {@link JdbcConnectionDetails}, its
 * {@link FatalErrorOverride} bean and the {@link EddyConfigCustomizer} beans, then starts the pool so that a database that cannot be
 * reached fails start-up (within {@code initialization-fail-timeout}) rather than the first request.
 *
 * <p>Pools the application builds itself are left as they are, as Boot leaves a HikariDataSource
 * bean of the application's alone.
 */
class EddyDataSourceBeanPostProcessor implements BeanPostProcessor, PriorityOrdered, BeanFactoryAware {

    /** The classes whose factory methods make Boot's auto-configured DataSource. */
    static final String BOOT_DATA_SOURCE_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceConfiguration$";

    /** Boot's switch for JMX; when on, the pool registers its MXBean too. */
    static final String SPRING_JMX_ENABLED = "spring.jmx.enabled";

    private final ObjectProvider<EddyPoolProperties> properties;
    private final ObjectProvider<DataSourceProperties> dataSourceProperties;
    private final ObjectProvider<JdbcConnectionDetails> connectionDetails;
    private final ObjectProvider<EddyConfigCustomizer> customizers;
    private final ObjectProvider<FatalErrorOverride> fatalErrorOverrides;
    private final ConfigurableEnvironment environment;
    private ConfigurableListableBeanFactory beanFactory;

    EddyDataSourceBeanPostProcessor(ObjectProvider<EddyPoolProperties> properties,
                                    ObjectProvider<DataSourceProperties> dataSourceProperties,
                                    ObjectProvider<JdbcConnectionDetails> connectionDetails,
                                    ObjectProvider<EddyConfigCustomizer> customizers,
                                    ObjectProvider<FatalErrorOverride> fatalErrorOverrides,
                                    ConfigurableEnvironment environment) {
        this.properties = properties;
        this.dataSourceProperties = dataSourceProperties;
        this.connectionDetails = connectionDetails;
        this.customizers = customizers;
        this.fatalErrorOverrides = fatalErrorOverrides;
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableListableBeanFactory listable ? listable : null;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof EddyDataSource pool && isBuiltByBoot(beanName)) {
            EddyPoolProperties eddy = properties.getObject();
            HikariPropertiesMigration.apply(environment, eddy);
            boolean registerMbeans = eddy.isRegisterMbeans()
                    || environment.getProperty(SPRING_JMX_ENABLED, Boolean.class, false);
            EddyConfigFactory factory = new EddyConfigFactory(eddy, dataSourceProperties.getObject(),
                    connectionDetails.getIfAvailable());
            if (eddy.getCredentialsSupplier() != null) {
                factory.withCredentialsSupplier(credentialsSupplier(eddy.getCredentialsSupplier()));
            }
            factory.withFatalErrorOverride(fatalErrorOverride());
            pool.configure(settings -> factory.apply(settings, registerMbeans, customizers.orderedStream().toList()));
            pool.start();
        }
        return bean;
    }

    /**
     * The application's {@link FatalErrorOverride} bean, or null: one bean, or the {@code @Primary}
     * one of several; several and none primary is an error rather than a guess.
     */
    private FatalErrorOverride fatalErrorOverride() {
        FatalErrorOverride unique = fatalErrorOverrides.getIfUnique();
        if (unique != null) {
            return unique;
        }
        String[] names = beanFactory == null ? new String[0] : beanFactory.getBeanNamesForType(FatalErrorOverride.class);
        if (names.length > 1) {
            throw new EddyConfigException("fatal-error-override", "there are " + names.length + " FatalErrorOverride beans ("
                    + String.join(", ", names) + ") and none is @Primary",
                    "Mark the one the pool should ask @Primary, or keep only one");
        }
        return null;
    }

    /** The bean eddy.pool.credentials-supplier names; a clear error when it is missing or of another type. */
    @SuppressWarnings("unchecked")
    private Supplier<Credentials> credentialsSupplier(String beanName) {
        if (beanFactory == null || !beanFactory.containsBean(beanName)) {
            throw new EddyConfigException("credentials-supplier", "names a bean '" + beanName + "' that does not exist",
                    "Define a Supplier<io.github.eddypool.Credentials> bean with that name, or remove eddy.pool.credentials-supplier");
        }
        Object bean = beanFactory.getBean(beanName);
        if (!(bean instanceof Supplier<?> supplier)) {
            throw new EddyConfigException("credentials-supplier", "names bean '" + beanName + "' of type "
                    + bean.getClass().getName() + ", not a Supplier<Credentials>",
                    "Name a Supplier<io.github.eddypool.Credentials> bean");
        }
        return () -> {
            Object answer = supplier.get();
            if (answer != null && !(answer instanceof Credentials)) {
                throw new IllegalStateException("Bean '" + beanName + "' (eddy.pool.credentials-supplier) returned a "
                        + answer.getClass().getName() + ", not io.github.eddypool.Credentials");
            }
            return (Credentials) answer;
        };
    }

    private boolean isBuiltByBoot(String beanName) {
        if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
            return false;
        }
        BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
        String factoryClass = definition.getFactoryBeanName();
        if (definition instanceof RootBeanDefinition root) {
            Method factoryMethod = root.getResolvedFactoryMethod();
            if (factoryMethod != null) {
                factoryClass = factoryMethod.getDeclaringClass().getName();
            }
        }
        return factoryClass != null && factoryClass.startsWith(BOOT_DATA_SOURCE_CONFIGURATION);
    }

    /** Like Boot's connection-details post-processors: after properties binding, before wrapping proxies. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 3;
    }
}
