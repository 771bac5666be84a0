package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolStats;
import org.springframework.boot.jdbc.metadata.AbstractDataSourcePoolMetadata;

/**
 * Eddy's counts as Boot's {@link org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata},
 * read by Boot's {@code jdbc.connections.*} meters and its {@code db} health indicator.
 */
public class EddyDataSourcePoolMetadata extends AbstractDataSourcePoolMetadata<EddyDataSource> {

    public EddyDataSourcePoolMetadata(EddyDataSource dataSource) {
        super(dataSource);
    }

    @Override
    public Integer getActive() {
        return stats().active();
    }

    @Override
    public Integer getIdle() {
        return stats().idle();
    }

    @Override
    public Integer getMax() {
        return stats().max();
    }

    @Override
    public Integer getMin() {
        return stats().min();
    }

    @Override
    public String getValidationQuery() {
        return getDataSource().config().connectionTestQuery();
    }

    @Override
    public Boolean getDefaultAutoCommit() {
        return getDataSource().config().autoCommit();
    }

    // min and max come from stats(), not config(): resize() changes them at run time.
    private PoolStats stats() {
        return getDataSource().stats();
    }
}
