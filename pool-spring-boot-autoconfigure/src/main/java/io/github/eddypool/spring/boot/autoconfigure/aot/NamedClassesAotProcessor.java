package io.github.eddypool.spring.boot.autoconfigure.aot;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In a GraalVM native image, lets the pool instantiate the classes that settings name: the
 * {@code FatalErrorOverride} of {@code eddy.pool.fatal-error-override-class-name} (its public
 * no-argument constructor), and the vendor DataSource of {@code eddy.pool.data-source-class-name}
 * (its constructor and the public setters the data-source properties are set through). Native
 * code reflects only on classes registered at build time. The names are read from the environment
 * the AOT processing runs with, so the image must be built with the settings it runs with (as for
 * every property AOT fixes, such as profiles).
 */
class NamedClassesAotProcessor implements BeanFactoryInitializationAotProcessor {

    static final String FATAL_ERROR_OVERRIDE = "eddy.pool.fatal-error-override-class-name";
    static final String DATA_SOURCE = "eddy.pool.data-source-class-name";
    static final String HIKARI_DATA_SOURCE = "spring.datasource.hikari.data-source-class-name";

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        ConfigurableEnvironment environment = beanFactory.getBeanProvider(ConfigurableEnvironment.class).getIfAvailable();
        if (environment == null) {
            return null;
        }
        Binder binder = Binder.get(environment);
        Map<String, MemberCategory[]> named = new LinkedHashMap<>();
        String override = binder.bind(FATAL_ERROR_OVERRIDE, String.class).map(String::strip).orElse("");
        if (!override.isEmpty()) {
            named.put(override, new MemberCategory[] {MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS});
        }
        // spring.datasource.hikari.* is read under the eddy.pool names at start-up (HikariPropertiesMigration)
        String dataSource = binder.bind(DATA_SOURCE, String.class)
                .orElseGet(() -> binder.bind(HIKARI_DATA_SOURCE, String.class).orElse("")).strip();
        if (!dataSource.isEmpty()) {
            named.put(dataSource, new MemberCategory[] {MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS});
        }
        if (named.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            named.forEach((className, members) -> reflection.registerType(TypeReference.of(className), members));
        };
    }
}
