package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyDataSource;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Finds the Eddy pools among an application's {@code DataSource} beans, looking through
 * wrappers and proxies (e.g. a tracing proxy around the pool).
 */
public final class EddyDataSources {

    private EddyDataSources() {
    }

    /**
     * The Eddy pools behind {@code dataSources}, each once, by pool name, in bean order.
     *
     * @param dataSources DataSource beans, by bean name
     */
    public static Map<String, EddyDataSource> byPoolName(Map<String, ? extends DataSource> dataSources) {
        Map<String, EddyDataSource> pools = new LinkedHashMap<>();
        Set<EddyDataSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (DataSource candidate : dataSources.values()) {
            EddyDataSource pool = unwrap(candidate);
            if (pool != null && seen.add(pool)) {
                pools.put(pool.getPoolName(), pool);
            }
        }
        return pools;
    }

    /** The Eddy pool behind {@code dataSource}, or null when it is not one. */
    public static EddyDataSource unwrap(DataSource dataSource) {
        if (dataSource instanceof EddyDataSource eddy) {
            return eddy;
        }
        return DataSourceUnwrapper.unwrap(dataSource, EddyDataSource.class);
    }
}
