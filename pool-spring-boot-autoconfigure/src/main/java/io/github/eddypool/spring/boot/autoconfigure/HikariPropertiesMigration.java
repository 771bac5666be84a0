package io.github.eddypool.spring.boot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads an application's {@code spring.datasource.hikari.*} settings as the matching
 * {@code eddy.pool.*} ones, so that an application tuned for HikariCP keeps its tuning when it
 * switches pools by changing a dependency; and says so, once, at start-up, like Boot's
 * properties migrator. An {@code eddy.pool} setting wins over its HikariCP name. A HikariCP
 * setting Eddy has no equivalent for fails start-up naming it: ignoring it would change what the
 * application asked for without a word.
 */
final class HikariPropertiesMigration {

    static final String PREFIX = "spring.datasource.hikari";
    private static final ConfigurationPropertyName HIKARI = ConfigurationPropertyName.of(PREFIX);
    private static final Log logger = LogFactory.getLog(HikariPropertiesMigration.class);

    /** HikariCP's property name (kebab case) to Eddy's, where their meaning is the same. */
    private static final Map<String, String> RENAMED = new LinkedHashMap<>();
    /** HikariCP settings that need no equivalent, and why. */
    private static final Map<String, String> NOT_NEEDED = Map.of(
            "allow-pool-suspension", "Eddy pools can always be suspended",
            "isolate-internal-queries", "Eddy runs its connection tests outside any transaction");
    /** HikariCP settings whose Eddy counterpart needs the application's code ported: how. */
    private static final Map<String, String> PORT = Map.of(
            "exception-override-class-name", "implement io.github.eddypool.FatalErrorOverride (FATAL, NOT_FATAL and DEFAULT"
                    + " for MUST_EVICT, DO_NOT_EVICT and CONTINUE_EVICT) and name it in eddy.pool.fatal-error-override-class-name");

    static {
        for (String same : new String[] {"pool-name", "jdbc-url", "username", "password", "driver-class-name",
                "data-source-class-name", "data-source-properties", "connection-timeout", "idle-timeout", "max-lifetime", "keepalive-time",
                "validation-timeout", "connection-test-query", "leak-detection-threshold", "connection-init-sql",
                "auto-commit", "transaction-isolation", "read-only", "catalog", "schema",
                "initialization-fail-timeout", "register-mbeans"}) {
            RENAMED.put(same, same);
        }
        RENAMED.put("data-source-j-n-d-i", "data-source-jndi-name");
        RENAMED.put("minimum-idle", "min-size");
        RENAMED.put("maximum-pool-size", "max-size");
    }

    private HikariPropertiesMigration() {
    }

    /**
     * Binds the {@code spring.datasource.hikari.*} settings that have an Eddy name and no
     * {@code eddy.pool} value of their own onto {@code target}, and logs one WARN naming them.
     *
     * @throws IllegalStateException naming the HikariCP settings Eddy cannot honour
     */
    static void apply(ConfigurableEnvironment environment, EddyPoolProperties target) {
        Map<String, Set<ConfigurationProperty>> byKey = hikariSettings(environment);
        if (byKey.isEmpty()) {
            return;
        }
        Binder binder = Binder.get(environment);
        Map<String, Object> migrated = new LinkedHashMap<>();
        Set<String> renamed = new LinkedHashSet<>();
        Set<String> shadowed = new LinkedHashSet<>();
        Set<String> notNeeded = new LinkedHashSet<>();
        Set<String> unsupported = new LinkedHashSet<>();
        for (Map.Entry<String, Set<ConfigurationProperty>> setting : byKey.entrySet()) {
            String hikariKey = setting.getKey();
            String eddyKey = RENAMED.get(hikariKey);
            if (eddyKey == null) {
                (NOT_NEEDED.containsKey(hikariKey) ? notNeeded : unsupported).add(hikariKey);
                continue;
            }
            if (binder.bind("eddy.pool." + eddyKey, Bindable.of(Object.class)).isBound()) {
                shadowed.add(PREFIX + "." + hikariKey + " (eddy.pool." + eddyKey + " is set)");
                continue;
            }
            renamed.add(PREFIX + "." + hikariKey + " -> eddy.pool." + eddyKey);
            for (ConfigurationProperty property : setting.getValue()) {
                ConfigurationPropertyName name = property.getName();
                StringBuilder key = new StringBuilder("eddy.pool.").append(eddyKey);
                for (int i = HIKARI.getNumberOfElements() + 1; i < name.getNumberOfElements(); i++) {
                    key.append('.').append(name.getElement(i, Form.ORIGINAL));
                }
                Object value = property.getValue();
                // Sources come strongest first: keep the first value of each key.
                migrated.putIfAbsent(key.toString(), value instanceof String text ? environment.resolvePlaceholders(text) : value);
            }
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalStateException("Eddy has no equivalent of the HikariCP setting(s) "
                    + String.join(", ", unsupported.stream()
                            .map(k -> PREFIX + "." + k + (PORT.containsKey(k) ? " (" + PORT.get(k) + ")" : "")).toList())
                    + ". Remove them, or use the Eddy settings documented under eddy.pool.* that cover what they did"
                    + " (e.g. a vendor DataSource or credentials supplier through an EddyConfigCustomizer bean)");
        }
        new Binder(new MapConfigurationPropertySource(migrated)).bind("eddy.pool", Bindable.ofInstance(target));
        StringBuilder message = new StringBuilder("The Eddy pool read HikariCP settings under their Eddy names; rename them:");
        renamed.forEach(r -> message.append("\n\t").append(r));
        shadowed.forEach(s -> message.append("\n\tignored ").append(s));
        notNeeded.forEach(n -> message.append("\n\tignored ").append(PREFIX).append('.').append(n)
                .append(": ").append(NOT_NEEDED.get(n)));
        logger.warn(message);
    }

    /** Every spring.datasource.hikari.* property, grouped by its HikariCP setting (kebab case). */
    private static Map<String, Set<ConfigurationProperty>> hikariSettings(ConfigurableEnvironment environment) {
        Map<String, String> kebabByUniform = new LinkedHashMap<>();
        RENAMED.keySet().forEach(k -> kebabByUniform.put(uniform(k), k));
        NOT_NEEDED.keySet().forEach(k -> kebabByUniform.put(uniform(k), k));
        PORT.keySet().forEach(k -> kebabByUniform.put(uniform(k), k));
        Map<String, Set<ConfigurationProperty>> byKey = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(HIKARI::isAncestorOf).forEach(name -> {
                String element = name.getElement(HIKARI.getNumberOfElements(), Form.UNIFORM);
                String key = kebabByUniform.getOrDefault(element,
                        name.getElement(HIKARI.getNumberOfElements(), Form.DASHED));
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property != null) {
                    byKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(property);
                }
            });
        }
        return byKey;
    }

    private static String uniform(String kebab) {
        return kebab.replace("-", "");
    }
}
