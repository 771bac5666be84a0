package io.github.eddypool.spring.boot.autoconfigure.crac;

import io.github.eddypool.EddyDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnCheckpointRestore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * CRaC checkpoint and restore for the Eddy pools, as Boot does for HikariCP: with
 * {@code org.crac} on the classpath and a {@code DataSource} in the context, registers an
 * {@link EddyCheckpointRestoreLifecycle} that drains the pools before a checkpoint and resumes them
 * after the restore.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(EddyDataSource.class)
@ConditionalOnCheckpointRestore
@ConditionalOnBean(DataSource.class)
public class EddyCheckpointRestoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EddyCheckpointRestoreLifecycle eddyCheckpointRestoreLifecycle(ConfigurableApplicationContext context) {
        return new EddyCheckpointRestoreLifecycle(context);
    }
}
