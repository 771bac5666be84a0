package io.github.eddypool.spring.boot.autoconfigure;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@link EddyPoolEnvironmentPostProcessor} does in a SpringApplication, for contexts built by
 * an {@code ApplicationContextRunner} (which runs no environment post-processors).
 */
public final class EddyDefaults {

    public static final ApplicationContextInitializer<ConfigurableApplicationContext> INITIALIZER =
            context -> EddyPoolEnvironmentPostProcessor.applyDefaults(context.getEnvironment(), context.getClassLoader());

    private EddyDefaults() {
    }
}
