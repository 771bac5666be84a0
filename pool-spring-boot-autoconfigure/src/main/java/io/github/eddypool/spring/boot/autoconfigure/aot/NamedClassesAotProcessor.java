package io.github.eddypool.spring.boot.autoconfigure.aot;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * In a GraalVM native image, lets the pool instantiate the class named by
 * {@code eddy.pool.fatal-error-override-class-name}: the pool loads it by name and calls its
 * public no-argument constructor, which native code can do only for classes registered at build
 * time. The name is read from the environment the AOT processing runs with, so the image must be
 * built with the setting it runs with (as for every property AOT fixes, such as profiles).
 */
class FatalErrorOverrideAotProcessor implements BeanFactoryInitializationAotProcessor {

    static final String PROPERTY = "eddy.pool.fatal-error-override-class-name";

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        ConfigurableEnvironment environment = beanFactory.getBeanProvider(ConfigurableEnvironment.class).getIfAvailable();
        if (environment == null) {
            return null;
        }
        String className = Binder.get(environment).bind(PROPERTY, String.class).map(String::strip).orElse("");
        if (className.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> generationContext.getRuntimeHints().reflection()
                .registerType(TypeReference.of(className), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
    }
}
