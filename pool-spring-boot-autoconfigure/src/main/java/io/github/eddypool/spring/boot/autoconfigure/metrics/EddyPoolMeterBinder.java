package io.github.eddypool.spring.boot.autoconfigure.metrics;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.micrometer.EddyPoolMetrics;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Binds an {@link EddyPoolMetrics} for every Eddy pool of the application. Boot binds
 * {@code MeterBinder} beans to its registry once all singletons exist, so every pool, whoever
 * defined it, is found here; the pools are looked up then rather than injected, so that this
 * bean does not force them to be created early.
 */
public class EddyPoolMeterBinder implements MeterBinder, DisposableBean {

    private final ListableBeanFactory beanFactory;
    private final List<EddyPoolMetrics> bound = new CopyOnWriteArrayList<>();

    private final boolean openTelemetryNames;

    public EddyPoolMeterBinder(ListableBeanFactory beanFactory) {
        this(beanFactory, false);
    }

    /** @param openTelemetryNames whether to publish the OpenTelemetry semantic-convention names too */
    public EddyPoolMeterBinder(ListableBeanFactory beanFactory, boolean openTelemetryNames) {
        this.beanFactory = beanFactory;
        this.openTelemetryNames = openTelemetryNames;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EddyDataSource pool : EddyDataSources.in(beanFactory).values()) {
            EddyPoolMetrics metrics = new EddyPoolMetrics(pool).openTelemetryNames(openTelemetryNames);
            metrics.bindTo(registry);
            bound.add(metrics);
        }
    }

    /** Stops feeding the meters when the context closes (the pools close then too). */
    @Override
    public void destroy() {
        bound.forEach(EddyPoolMetrics::close);
        bound.clear();
    }
}
