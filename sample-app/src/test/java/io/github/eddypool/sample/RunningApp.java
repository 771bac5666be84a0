package io.github.eddypool.sample;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample application started with {@link SpringApplication} (not the test framework's
 * cached context), on the {@code postgres} profile, so a test controls and observes its whole
 * life: start-up, requests, shutdown.
 */
final class RunningApp implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final AppHttp http;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.http = new AppHttp(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Starts the sample app on PostgreSQL through {@code proxy}, with {@code args} added. */
    static RunningApp start(FaultProxy proxy, String... args) {
        return new RunningApp(SpringApplication.run(SampleApplication.class, arguments(proxy, args)));
    }

    static String[] arguments(FaultProxy proxy, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + urlVia(proxy),
                "--server.port=0",
                "--spring.main.banner-mode=off"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The sample's PostgreSQL URL (schema eddy_sample) pointed at the proxy. */
    static String urlVia(FaultProxy proxy) {
        String url = Server.POSTGRES.urlVia(proxy);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=eddy_sample";
    }

    /** Creates the sample's schema, table and rows directly (for a test that starts without the database). */
    static void prepareSchema() throws Exception {
        try (Connection c = Server.POSTGRES.connect()) {
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS eddy_sample");
            c.createStatement().execute("SET search_path TO eddy_sample");
            ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
                    new ClassPathResource("schema.sql"), new ClassPathResource("data.sql"));
            populator.populate(c);
        }
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }
}
