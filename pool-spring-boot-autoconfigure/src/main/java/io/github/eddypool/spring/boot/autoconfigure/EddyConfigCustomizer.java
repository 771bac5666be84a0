package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyConfig;

/**
 * A bean that adjusts the pool's configuration after the {@code eddy.pool.*} properties were
 * applied and before it is validated, for what properties cannot express: a credentials
 * supplier, a {@link io.github.eddypool.PoolListener}, a computed size. Applied in
 * {@link org.springframework.core.Ordered} order.
 */
@FunctionalInterface
public interface EddyConfigCustomizer {

    void customize(EddyConfig.Builder builder);
}
