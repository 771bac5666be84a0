package io.github.eddypool.spring.boot.autoconfigure.aot;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPoolMXBean;
import io.github.eddypool.spring.boot.autoconfigure.EddyPoolProperties;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EddyRuntimeHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    EddyRuntimeHintsTests() {
        new EddyRuntimeHints().registerHints(hints, getClass().getClassLoader());
    }

    @Test
    void isRegisteredInAotFactories() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class))
                .anyMatch(EddyRuntimeHints.class::isInstance);
    }

    @Test
    void dataSourceBuilderCanCreateAndConfigureAnEddyDataSource() throws Exception {
        assertThat(RuntimeHintsPredicates.reflection().onType(EddyDataSource.class)
                .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(EddyDataSource.class.getConstructor()))
                .accepts(hints);
        // what Boot's ReflectionDataSourceProperties calls, for create() and derivedFrom()
        for (String property : new String[] {"Url", "JdbcUrl", "Username", "Password", "DriverClassName"}) {
            assertThat(RuntimeHintsPredicates.reflection()
                    .onMethodInvocation(EddyDataSource.class.getMethod("set" + property, String.class)))
                    .as("set" + property).accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection()
                    .onMethodInvocation(EddyDataSource.class.getMethod("get" + property)))
                    .as("get" + property).accepts(hints);
        }
    }

    @Test
    void poolSettingsCanBeBoundOntoThePoolAndTheProperties() throws Exception {
        for (Method setter : new Method[] {
                EddyDataSource.class.getMethod("setMaxSize", int.class),
                EddyDataSource.class.getMethod("setConnectionTimeout", Duration.class),
                EddyDataSource.class.getMethod("setPoolName", String.class),
                EddyDataSource.class.getMethod("setDataSourceProperties", Map.class),
                EddyPoolProperties.class.getMethod("setMaxSize", int.class),
                EddyPoolProperties.class.getMethod("setConnectionTimeout", Duration.class),
                EddyPoolProperties.class.getMethod("setDataSourceProperties", Map.class)}) {
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(setter)).as(setter.toString()).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(EddyPoolProperties.class.getConstructor()))
                .accepts(hints);
    }

    @Test
    void theClosedConnectionProxyCanBeCreated() {
        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Connection.class)).accepts(hints);
    }

    @Test
    void jmxCanIntrospectAndInvokeThePoolMXBean() throws Exception {
        for (Method method : EddyPoolMXBean.class.getMethods()) {
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method)).as(method.toString()).accepts(hints);
        }
        Class<?> registration = Class.forName(EddyRuntimeHints.MBEAN_REGISTRATION);
        assertThat(EddyPoolMXBean.class).isAssignableFrom(registration);
        assertThat(RuntimeHintsPredicates.reflection().onType(registration)
                .withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
    }

    @Test
    void everyVarHandleFieldOfThePoolIsRegisteredAndExists() throws Exception {
        for (String[] entry : EddyRuntimeHints.VAR_HANDLE_FIELDS) {
            Field field = Class.forName(entry[0]).getDeclaredField(entry[1]);
            assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(field)).as(field.toString()).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(EddyRuntimeHints.VAR_HANDLE_FIELDS[0][0])))
                .accepts(hints);
    }

    @Test
    void theDashboardPageIsIncludedAndExists() {
        assertThat(RuntimeHintsPredicates.resource().forResource(EddyRuntimeHints.DASHBOARD_PAGE)).accepts(hints);
        assertThat(getClass().getClassLoader().getResource(EddyRuntimeHints.DASHBOARD_PAGE)).isNotNull();
    }
}
