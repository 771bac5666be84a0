package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;

/**
 * Lets Boot's own JDBC integrations ({@code jdbc.connections.*} meters, the {@code db} health
 * indicator) see Eddy pools, whether Eddy's auto-configuration or the application created them.
 */
@AutoConfiguration(after = {EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
@ConditionalOnClass({EddyDataSource.class, DataSourcePoolMetadataProvider.class})
public class EddyPoolMetadataAutoConfiguration {

    @Bean
    DataSourcePoolMetadataProvider eddyDataSourcePoolMetadataProvider() {
        return dataSource -> {
            EddyDataSource pool = EddyDataSources.unwrap(dataSource);
            return pool != null ? new EddyDataSourcePoolMetadata(pool) : null;
        };
    }
}
