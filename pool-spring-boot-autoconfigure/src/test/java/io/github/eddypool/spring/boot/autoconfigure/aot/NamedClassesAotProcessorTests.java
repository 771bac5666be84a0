package io.github.eddypool.spring.boot.autoconfigure.aot;

import io.github.eddypool.FatalErrorOverride;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FatalErrorOverrideAotProcessorTests {

    @Test
    void isRegisteredInAotFactories() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(BeanFactoryInitializationAotProcessor.class))
                .anyMatch(FatalErrorOverrideAotProcessor.class::isInstance);
    }

    @Test
    void theNamedClassCanBeInstantiatedInANativeImage() throws Exception {
        DefaultGenerationContext generation = contribute(new MockEnvironment()
                .withProperty("eddy.pool.fatal-error-override-class-name", " " + NothingIsFatal.class.getName() + " "));
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(NothingIsFatal.class.getConstructor()))
                .accepts(generation.getRuntimeHints());
    }

    @Test
    void relaxedNamesAreRead() throws Exception {
        DefaultGenerationContext generation = contribute(new MockEnvironment()
                .withProperty("eddy.pool.fatalErrorOverrideClassName", NothingIsFatal.class.getName()));
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(NothingIsFatal.class.getConstructor()))
                .accepts(generation.getRuntimeHints());
    }

    @Test
    void nothingToContributeWithoutTheSetting() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", new MockEnvironment());
        assertThat(new FatalErrorOverrideAotProcessor().processAheadOfTime(beanFactory)).isNull();
        assertThat(new FatalErrorOverrideAotProcessor().processAheadOfTime(new DefaultListableBeanFactory())).isNull();
    }

    private static DefaultGenerationContext contribute(MockEnvironment environment) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", environment);
        BeanFactoryInitializationAotContribution contribution = new FatalErrorOverrideAotProcessor().processAheadOfTime(beanFactory);
        assertThat(contribution).isNotNull();
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(FatalErrorOverrideAotProcessorTests.class)), new InMemoryGeneratedFiles());
        contribution.applyTo(generation, null);
        return generation;
    }

    /** Named by the setting in these tests. */
    public static final class NothingIsFatal implements FatalErrorOverride {
        @Override
        public Verdict judge(SQLException e) {
            return Verdict.NOT_FATAL;
        }
    }
}
