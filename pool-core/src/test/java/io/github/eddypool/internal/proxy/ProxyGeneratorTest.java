package io.github.eddypool.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the checked-in {@code Generated*} proxies equal to {@link ProxyGenerator}'s output, and
 * checks the generator: every JDBC method is delegated exactly once, either by the hand-written
 * base class or by the generated class, never by both.
 */
class ProxyGeneratorTest {

    /** Each JDBC interface and the compiled class that implements it for the pool. */
    private static final Map<Class<?>, Class<?>> IMPLEMENTATIONS = Map.of(
            Connection.class, GeneratedConnection.class,
            Statement.class, GeneratedStatement.class,
            PreparedStatement.class, GeneratedPreparedStatement.class,
            CallableStatement.class, GeneratedCallableStatement.class,
            ResultSet.class, GeneratedResultSet.class,
            DatabaseMetaData.class, GeneratedDatabaseMetaData.class);

    /** Run by {@code ./mvnw -B -pl pool-core test -Pregenerate-proxies} (see pool-core's pom). */
    @Test
    @EnabledIfSystemProperty(named = "eddy.regenerateProxies", matches = "true")
    void regenerate() throws IOException {
        ProxyGenerator.main(new String[] {ProxyGenerator.SOURCE_DIR.toString()});
    }

    @Test
    @DisabledIfSystemProperty(named = "eddy.regenerateProxies", matches = "true")
    void checkedInProxiesAreTheGeneratorsOutput(@TempDir Path tmp) throws IOException {
        ProxyGenerator.main(new String[] {tmp.toString()});
        Path checkedIn = ProxyGenerator.SOURCE_DIR;
        assertThat(checkedIn).as("run from pool-core's directory").isDirectory();

        List<String> problems = new ArrayList<>();
        try (Stream<Path> generated = Files.list(tmp)) {
            for (Path file : generated.sorted().toList()) {
                String problem = firstDifference(checkedIn.resolve(file.getFileName()), file);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        try (Stream<Path> existing = Files.list(checkedIn)) {
            existing.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("Generated") && !Files.exists(tmp.resolve(n)))
                    .forEach(n -> problems.add(checkedIn.resolve(n) + ": not written by the generator (stale?)"));
        }
        if (!problems.isEmpty()) {
            fail("The checked-in proxies are not the generator's output; regenerate them with\n  "
                    + ProxyGenerator.COMMAND + "\n" + String.join("\n", problems));
        }
    }

    /** "file:line: ..." for the first line where the two files differ, or null if equal. */
    private static String firstDifference(Path checkedIn, Path generated) throws IOException {
        if (!Files.exists(checkedIn)) {
            return checkedIn + ": missing (the generator writes it)";
        }
        List<String> expected = Files.readAllLines(generated);
        List<String> actual = Files.readAllLines(checkedIn);
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "<end of file>";
            String a = i < actual.size() ? actual.get(i) : "<end of file>";
            if (!e.equals(a)) {
                return checkedIn + ":" + (i + 1) + ": checked in [" + a + "], generator writes [" + e + "]";
            }
        }
        return Files.readString(checkedIn).equals(Files.readString(generated)) ? null
                : checkedIn + ": differs from the generator's output in line endings";
    }

    @Test
    void firstDifferenceNamesTheFileAndLine(@TempDir Path tmp) throws IOException {
        Path a = Files.writeString(tmp.resolve("A.java"), "one\ntwo\nthree\n");
        Path b = Files.writeString(tmp.resolve("B.java"), "one\ntwo\nfour\n");
        assertThat(firstDifference(a, b)).isEqualTo(a + ":3: checked in [three], generator writes [four]");
        assertThat(firstDifference(a, a)).isNull();
        assertThat(firstDifference(tmp.resolve("C.java"), a)).endsWith("C.java: missing (the generator writes it)");
    }

    @Test
    void everyJdbcMethodIsImplementedByTheBaseClassOrGenerated() throws NoSuchMethodException {
        assertThat(ProxyGenerator.SPECS).extracting(ProxyGenerator.Spec::iface)
                .containsExactlyInAnyOrderElementsOf(IMPLEMENTATIONS.keySet());
        for (ProxyGenerator.Spec spec : ProxyGenerator.SPECS) {
            Set<String> generated = generatedSignatures(spec);
            Set<String> byBase = ProxyGenerator.declaredByBase(spec.base());
            Class<?> impl = IMPLEMENTATIONS.get(spec.iface());
            assertThat(impl.getSimpleName()).isEqualTo(spec.name());
            for (Method m : spec.iface().getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                String sig = ProxyGenerator.signature(m);
                // The generator's view: the class or one of its generated superclasses writes it,
                // unless the base class declares it.
                boolean generatedInChain = false;
                for (ProxyGenerator.Spec s = spec; s != null; s = superSpec(s)) {
                    generatedInChain |= generatedSignatures(s).contains(sig);
                }
                assertThat(generatedInChain || byBase.contains(sig))
                        .as("%s: %s is neither generated nor declared by %s", spec.name(), sig, spec.base().getSimpleName())
                        .isTrue();
                // The compiled class: the method is a class's, not an interface default left in place.
                Method implemented = impl.getMethod(m.getName(), m.getParameterTypes());
                assertThat(implemented.getDeclaringClass().isInterface())
                        .as("%s.%s falls through to the interface's default method", impl.getSimpleName(), sig)
                        .isFalse();
            }
            assertThat(generated).as("%s generates only %s methods", spec.name(), spec.iface().getSimpleName())
                    .allMatch(sig -> Stream.of(spec.iface().getMethods()).map(ProxyGenerator::signature)
                            .anyMatch(sig::equals));
        }
    }

    @Test
    void noBaseClassMethodIsGenerated() {
        for (ProxyGenerator.Spec spec : ProxyGenerator.SPECS) {
            Set<String> byBase = ProxyGenerator.declaredByBase(spec.base());
            assertThat(byBase).as("%s declares methods", spec.base().getSimpleName()).isNotEmpty();
            assertThat(generatedSignatures(spec)).as("%s generates a method %s declares", spec.name(),
                    spec.base().getSimpleName()).doesNotContainAnyElementsOf(byBase);
            // and in the compiled classes, down the generated chain
            Class<?> impl = IMPLEMENTATIONS.get(spec.iface());
            for (Class<?> c = impl; c != spec.base(); c = c.getSuperclass()) {
                Set<String> declared = Stream.of(c.getDeclaredMethods()).filter(m -> !m.isSynthetic())
                        .map(ProxyGenerator::signature).collect(Collectors.toSet());
                assertThat(declared).as("%s overrides a method of %s", c.getSimpleName(), spec.base().getSimpleName())
                        .doesNotContainAnyElementsOf(byBase);
            }
        }
    }

    @Test
    void whatTheBaseClassDeclaresIsFoundByReflectionNotListed() {
        // ProxyStatement's own methods, final or not, are left out of the statements...
        assertThat(ProxyGenerator.declaredByBase(ProxyStatement.class))
                .contains("close()", "isClosed()", "getConnection()", "unwrap(java.lang.Class)",
                        "isWrapperFor(java.lang.Class)");
        assertThat(ProxyGenerator.declaredByBase(ProxyConnection.class))
                .contains("createStatement(int,int,int)", "prepareStatement(java.lang.String,int)",
                        "setNetworkTimeout(java.util.concurrent.Executor,int)", "getMetaData()");
        // ...and a base class of any interface decides what is generated, overridable or not.
        ProxyGenerator.Spec spec = new ProxyGenerator.Spec("GeneratedSavepoint", SavepointBase.class, "SavepointBase",
                Savepoint.class, false, "delegate", "Savepoint delegate", "delegate", List.of(), false, false, false, true,
                "delegate");
        assertThat(ProxyGenerator.methods(spec)).extracting(Method::getName).containsExactly("getSavepointName");
        assertThat(ProxyGenerator.generate(spec))
                .contains("public String getSavepointName() throws SQLException {")
                .contains("return delegate.getSavepointName();")
                .doesNotContain("getSavepointId");
    }

    @Test
    void valuesThatLeadToTheConnectionGetHandlesAndMetadataChecksItsHandleIsOpen() {
        Map<String, String> sources = ProxyGenerator.sources(ProxyGenerator.SPECS);
        assertThat(sources.get("GeneratedResultSet.java"))
                .contains("return handOut(delegate.getObject(p1));", "return handOut(delegate.getArray(p1));",
                        "delegate.updateObject(p1, DriverValues.plain(p2));", "delegate.updateArray(p1, DriverValues.plain(p2));")
                .contains("return delegate.getInt(p1);");
        assertThat(sources.get("GeneratedPreparedStatement.java"))
                .contains("prepared.setObject(p1, DriverValues.plain(p2));", "prepared.setArray(p1, DriverValues.plain(p2));")
                .contains("prepared.setInt(p1, p2);");
        assertThat(sources.get("GeneratedCallableStatement.java"))
                .contains("return handOut(callable.getObject(p1));", "callable.setObject(p1, DriverValues.plain(p2));");
        assertThat(sources.get("GeneratedConnection.java")).contains("return handOut(delegate.createArrayOf(p1, p2));");
        assertThat(sources.get("GeneratedDatabaseMetaData.java"))
                .contains("return wrap(live().getTables(p1, p2, p3, p4));", "return live().getURL();")
                .contains("return delegate.getDriverMajorVersion();") // cannot throw: no session involved
                .doesNotContain("delegate.getURL", "delegate.getTables");
    }

    /** A base class whose override is not final: the generator must still leave it alone. */
    abstract static class SavepointBase implements Savepoint {
        protected final Savepoint delegate;

        SavepointBase(Savepoint delegate) {
            this.delegate = delegate;
        }

        @Override
        public int getSavepointId() {
            return -1;
        }
    }

    @Test
    void statementsCountExecutionsStatementsAndMetadataWrapResultSets() {
        String statement = source("GeneratedStatement");
        assertThat(statement).contains("markExecuted();\n            return wrap(delegate.executeQuery(p1));")
                .contains("markExecuted();\n            return delegate.executeUpdate(p1);")
                .contains("return wrap(delegate.getGeneratedKeys());")
                .contains("return wrap(delegate.getResultSet());");
        assertThat(source("GeneratedPreparedStatement")).contains("markExecuted();\n            return wrap(prepared.executeQuery());");
        assertThat(source("GeneratedConnection")).doesNotContain("markExecuted").doesNotContain(" wrap(");
        // metadata result sets are wrapped (no way to the driver's statement) but are not executions
        String metadata = source("GeneratedDatabaseMetaData");
        assertThat(metadata).doesNotContain("markExecuted")
                .contains("return wrap(live().getTables(p1, p2, p3, p4));")
                .contains("return wrap(live().getColumns(p1, p2, p3, p4));")
                .doesNotContain("return live().getTables(");
        assertThat(source("GeneratedResultSet")).doesNotContain("markExecuted").doesNotContain(" wrap(");
    }

    private static String source(String name) {
        return ProxyGenerator.generate(ProxyGenerator.SPECS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow());
    }

    private static Set<String> generatedSignatures(ProxyGenerator.Spec spec) {
        return ProxyGenerator.methods(spec).stream().map(ProxyGenerator::signature).collect(Collectors.toSet());
    }

    private static ProxyGenerator.Spec superSpec(ProxyGenerator.Spec spec) {
        return ProxyGenerator.SPECS.stream().filter(s -> s.name().equals(spec.superClass())).findFirst().orElse(null);
    }
}
