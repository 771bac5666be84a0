package io.github.eddypool.spring.boot.autoconfigure.aot;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPoolMXBean;
import io.github.eddypool.spring.boot.autoconfigure.EddyPoolProperties;
import io.github.eddypool.spring.boot.autoconfigure.dashboard.EddyPoolHistory;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

import java.sql.Connection;

/**
 * What Eddy needs at run time in a GraalVM native image, beyond what Spring's AOT processing
 * finds by itself:
 * <ul>
 * <li>{@link EddyDataSource} as a JavaBean: its public constructor, setters and getters, called
 * reflectively by Boot's {@code DataSourceBuilder} ({@code spring.datasource.type},
 * {@code DataSourceBuilder.create().type(EddyDataSource.class)}, {@code derivedFrom}) and by
 * property binding ({@code @ConfigurationProperties} on an {@code EddyDataSource} bean);</li>
 * <li>the binding of {@code eddy.pool.*} onto {@link EddyPoolProperties} and onto the pool;</li>
 * <li>the JDK proxy for {@link Connection} that a closed connection handle delegates to;</li>
 * <li>the {@link EddyPoolMXBean} interface, introspected and invoked by JMX when
 * {@code register-mbeans} is on;</li>
 * <li>the fields the pool reaches through {@code VarHandle}s;</li>
 * <li>the dashboard page's HTML, read from the classpath when {@code eddy.dashboard.enabled};</li>
 * <li>the endpoint's history samples, serialized to JSON.</li>
 * </ul>
 * JDBC drivers named by {@code driver-class-name} are the driver's business: they ship their own
 * native-image metadata.
 */
public class EddyRuntimeHints implements RuntimeHintsRegistrar {

    /** Classes of pool-core whose fields are accessed through a VarHandle, with those fields. */
    static final String[][] VAR_HANDLE_FIELDS = {
            {"io.github.eddypool.internal.pool.PaddedState", "state"},
            {"io.github.eddypool.internal.pool.ConnectionBag", "waiting"},
            {"io.github.eddypool.internal.pool.ConnectionBag$Waiter", "handoff"},
            {"io.github.eddypool.internal.proxy.ProxyConnection", "closed"},
    };

    static final String DASHBOARD_PAGE = "io/github/eddypool/spring/boot/autoconfigure/dashboard/dashboard.html";

    static final String MBEAN_REGISTRATION = "io.github.eddypool.internal.jmx.PoolMBeanRegistration";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection().registerType(EddyDataSource.class, type -> type.withMembers(
                MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS));
        BindableRuntimeHintsRegistrar.forTypes(EddyPoolProperties.class, EddyDataSource.class).registerHints(hints, classLoader);

        hints.proxies().registerJdkProxy(Connection.class);

        hints.reflection().registerType(EddyPoolMXBean.class, type -> type.withMembers(MemberCategory.INVOKE_PUBLIC_METHODS));
        hints.reflection().registerType(TypeReference.of(MBEAN_REGISTRATION),
                type -> type.withMembers(MemberCategory.INVOKE_PUBLIC_METHODS));

        hints.resources().registerPattern(DASHBOARD_PAGE);
        hints.reflection().registerType(EddyPoolHistory.Sample.class, type -> type.withMembers(
                MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS));

        for (String[] field : VAR_HANDLE_FIELDS) {
            hints.reflection().registerType(TypeReference.of(field[0]), type -> type.withField(field[1]));
        }
    }
}
