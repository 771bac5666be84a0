package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Finds the Eddy pools among an application's {@code DataSource} beans, whatever their declared
 * type, looking through JDBC wrappers (datasource-proxy, P6Spy: they unwrap to the
 * {@link EddyPool} interface), Spring's {@code DelegatingDataSource}s and AOP proxies.
 */
public final class EddyDataSources {

    private EddyDataSources() {
    }

    /**
     * The Eddy pools of every singleton {@code DataSource} bean already created or creatable,
     * default candidates or not, by pool name. Looked up when called, so that pools the
     * application adds later are found too.
     */
    public static Map<String, EddyDataSource> in(ListableBeanFactory beanFactory) {
        return byPoolName(beanFactory.getBeansOfType(DataSource.class, false, false));
    }

    /**
     * The Eddy pools behind {@code dataSources}, each once, by pool name, in bean order. An
     * unnamed pool that has not started yet is started, to learn its name.
     *
     * @param dataSources DataSource beans, by bean name
     */
    public static Map<String, EddyDataSource> byPoolName(Map<String, ? extends DataSource> dataSources) {
        Map<String, EddyDataSource> pools = new LinkedHashMap<>();
        Set<EddyDataSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (DataSource candidate : dataSources.values()) {
            EddyDataSource pool = unwrap(candidate);
            if (pool != null && seen.add(pool)) {
                // A pool built unnamed and not used yet gets its name when it starts: start it.
                String name = pool.getPoolName();
                pools.put(name != null ? name : pool.config().poolName(), pool);
            }
        }
        return pools;
    }

    /** The Eddy pool behind {@code dataSource}, or null when it is not one. */
    public static EddyDataSource unwrap(DataSource dataSource) {
        return DataSourceUnwrapper.unwrap(dataSource, EddyPool.class, EddyDataSource.class);
    }
}
