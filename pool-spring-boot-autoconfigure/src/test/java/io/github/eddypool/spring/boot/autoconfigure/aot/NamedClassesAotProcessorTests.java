package io.github.eddypool.spring.boot.autoconfigure.aot;

import io.github.eddypool.FatalErrorOverride;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class NamedClassesAotProcessorTests {

    @Test
    void isRegisteredInAotFactories() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(BeanFactoryInitializationAotProcessor.class))
                .anyMatch(NamedClassesAotProcessor.class::isInstance);
    }

    @Test
    void theFatalErrorOverrideCanBeInstantiatedInANativeImage() throws Exception {
        RuntimeHints hints = contribute(new MockEnvironment()
                .withProperty("eddy.pool.fatal-error-override-class-name", " " + NothingIsFatal.class.getName() + " "));
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(NothingIsFatal.class.getConstructor()))
                .accepts(hints);
    }

    @Test
    void relaxedNamesAreRead() throws Exception {
        RuntimeHints hints = contribute(new MockEnvironment()
                .withProperty("eddy.pool.fatalErrorOverrideClassName", NothingIsFatal.class.getName()));
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(NothingIsFatal.class.getConstructor()))
                .accepts(hints);
    }

    @Test
    void theVendorDataSourceCanBeInstantiatedAndConfiguredInANativeImage() throws Exception {
        for (String property : new String[] {"eddy.pool.data-source-class-name", "spring.datasource.hikari.data-source-class-name"}) {
            RuntimeHints hints = contribute(new MockEnvironment().withProperty(property, JdbcDataSource.class.getName()));
            assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(JdbcDataSource.class.getConstructor()))
                    .as(property).accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(JdbcDataSource.class.getMethod("setURL", String.class)))
                    .as(property).accepts(hints);
        }
    }

    @Test
    void nothingToContributeWithoutTheSettings() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", new MockEnvironment());
        assertThat(new NamedClassesAotProcessor().processAheadOfTime(beanFactory)).isNull();
        assertThat(new NamedClassesAotProcessor().processAheadOfTime(new DefaultListableBeanFactory())).isNull();
    }

    private static RuntimeHints contribute(MockEnvironment environment) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", environment);
        BeanFactoryInitializationAotContribution contribution = new NamedClassesAotProcessor().processAheadOfTime(beanFactory);
        assertThat(contribution).isNotNull();
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(NamedClassesAotProcessorTests.class)), new InMemoryGeneratedFiles());
        contribution.applyTo(generation, null);
        return generation.getRuntimeHints();
    }

    /** Named by the setting in these tests. */
    public static final class NothingIsFatal implements FatalErrorOverride {
        @Override
        public Verdict judge(SQLException e) {
            return Verdict.NOT_FATAL;
        }
    }
}
