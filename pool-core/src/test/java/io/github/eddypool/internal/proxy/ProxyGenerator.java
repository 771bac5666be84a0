package io.github.eddypool.internal.proxy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the plain delegating JDBC proxy classes of pool-core ({@code Generated*.java} in
 * {@code src/main/java/io/github/eddypool/internal/proxy}). Regenerate them, from the repository
 * root, whenever the JDBC interfaces or the hand-written {@code Proxy*} base classes change:
 *
 * <pre>
 *   ./mvnw -B -pl pool-core test -Pregenerate-proxies
 * </pre>
 *
 * <p>(The profile runs {@code ProxyGeneratorTest#regenerate}, which calls {@link #main}.) The rest
 * of {@code ProxyGeneratorTest}, part of the normal test run, fails when the checked-in files
 * differ from what this class writes. It lives in the test sources because it reflects on the
 * compiled base classes: a {@code Generated*} class gets every method of its JDBC interface
 * that its {@code Proxy*} base class (or a superclass of that) does not declare, as a call to
 * the delegate whose SQLException goes through {@code checkException} (to spot fatal errors).
 * Statements count their {@code execute*} calls ({@code countExecutions}); statements and
 * metadata wrap the result sets they return ({@code wrapResultSets}), so that no result set
 * leads to the driver's statement and connection, but metadata queries are not executions.
 * Values that can lead there too (an {@link java.sql.Array}, a refcursor's result set from
 * {@code getObject}) get handles on the way out and are unwrapped on the way back in
 * ({@code wrapValues}, see {@link DriverValues}). Metadata calls go through {@code live()}, which
 * fails once the connection handle is closed (the physical connection may be another
 * borrower's by then).
 *
 * <p>The command compiles the checked-in classes first. If a base-class change leaves a
 * {@code Generated*} class that no longer compiles (it overrides a method the base class made
 * {@code final}, or calls a base constructor that changed), edit that file by hand just enough
 * to compile, then run the command; {@code ProxyGeneratorTest} checks the result.
 */
public final class ProxyGenerator {

    /** The command that regenerates the proxies, for messages. */
    static final String COMMAND = "./mvnw -B -pl pool-core test -Pregenerate-proxies";

    /** Where the generated classes live, relative to pool-core's directory. */
    static final Path SOURCE_DIR = Path.of("src/main/java/io/github/eddypool/internal/proxy");

    /**
     * One generated class.
     *
     * @param name           the class to write
     * @param base           the hand-written {@code Proxy*} base class: what it declares is not generated
     * @param superClass     the class extended: the base class, or a generated class extending it
     * @param iface          the JDBC interface delegated
     * @param declaredOnly   only the methods {@code iface} declares itself (the superclass has the rest)
     * @param delegateField  the field delegated to ({@code delegate} of the base, or one of its own)
     * @param imports        imports besides {@code java.sql.*}
     * @param countExecutions execute* methods count as executions ({@code markExecuted()})
     * @param wrapResultSets returned result sets are wrapped ({@code wrap(...)} of the base class)
     * @param wrapValues     returned arrays and objects go through {@code handOut(...)} of the base
     *                       class, and array and object arguments through {@link DriverValues#plain}
     * @param leaf           the class is final
     * @param receiver       what the calls that may throw SQLException go to: the delegate field,
     *                       or a base-class method that checks something first and returns it
     */
    record Spec(String name, Class<?> base, String superClass, Class<?> iface, boolean declaredOnly,
                String delegateField, String ctorParams, String superArgs, List<String> imports,
                boolean countExecutions, boolean wrapResultSets, boolean wrapValues, boolean leaf, String receiver) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec("GeneratedConnection", ProxyConnection.class, "ProxyConnection", Connection.class, false, "delegate",
                    "Lender pool, PoolEntry entry", "pool, entry",
                    List.of("io.github.eddypool.internal.pool.PoolEntry"),
                    false, false, true, true, "delegate"),
            new Spec("GeneratedStatement", ProxyStatement.class, "ProxyStatement", Statement.class, false, "delegate",
                    "ProxyConnection connection, Statement delegate", "connection, delegate", List.of(),
                    true, true, true, false, "delegate"),
            new Spec("GeneratedPreparedStatement", ProxyStatement.class, "GeneratedStatement", PreparedStatement.class,
                    true, "prepared", "ProxyConnection connection, PreparedStatement delegate", "connection, delegate",
                    List.of(), true, true, true, false, "prepared"),
            new Spec("GeneratedCallableStatement", ProxyStatement.class, "GeneratedPreparedStatement",
                    CallableStatement.class, true, "callable", "ProxyConnection connection, CallableStatement delegate",
                    "connection, delegate", List.of(), true, true, true, true, "callable"),
            new Spec("GeneratedResultSet", ProxyResultSet.class, "ProxyResultSet", ResultSet.class, false, "delegate",
                    "ProxyConnection connection, ProxyStatement statement, ResultSet delegate",
                    "connection, statement, delegate", List.of(), false, false, true, true, "delegate"),
            new Spec("GeneratedDatabaseMetaData", ProxyDatabaseMetaData.class, "ProxyDatabaseMetaData",
                    DatabaseMetaData.class, false, "delegate", "ProxyConnection connection, DatabaseMetaData delegate",
                    "connection, delegate", List.of(), false, true, false, true, "live()"));

    private ProxyGenerator() {
    }

    /** Writes the generated classes into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ProxyGenerator <output directory>; run " + COMMAND);
        }
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, String> file : sources(SPECS).entrySet()) {
            Path path = dir.resolve(file.getKey());
            String old = Files.exists(path) ? Files.readString(path) : null;
            if (!file.getValue().equals(old)) {
                Files.writeString(path, file.getValue());
                System.out.println("ProxyGenerator: wrote " + path);
            }
        }
    }

    /** File name to content, for each spec. */
    static Map<String, String> sources(List<Spec> specs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Spec spec : specs) {
            out.put(spec.name() + ".java", generate(spec));
        }
        return out;
    }

    /**
     * The signatures ({@link #signature}) of every method declared by {@code base} and its
     * superclasses: those the generated subclass must leave alone.
     */
    static Set<String> declaredByBase(Class<?> base) {
        Set<String> out = new HashSet<>();
        for (Class<?> c = base; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge() && !Modifier.isStatic(m.getModifiers())) {
                    out.add(signature(m));
                }
            }
        }
        return out;
    }

    /** Name and erased parameter types, e.g. {@code setObject(int,java.lang.Object)}. */
    static String signature(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",")) + ")";
    }

    /** The interface methods the spec's class gets, sorted by name and parameter types. */
    static List<Method> methods(Spec spec) {
        Method[] all = spec.declaredOnly() ? spec.iface().getDeclaredMethods() : spec.iface().getMethods();
        Set<String> skip = declaredByBase(spec.base());
        Set<String> seen = new HashSet<>();
        List<Method> out = new ArrayList<>();
        for (Method m : all) {
            if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            String sig = signature(m);
            if (!skip.contains(sig) && seen.add(sig)) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return out;
    }

    static String generate(Spec spec) {
        StringBuilder sb = new StringBuilder();
        sb.append("// GENERATED by ProxyGenerator (pool-core/src/test/java); do not edit. Regenerate with:\n");
        sb.append("// ").append(COMMAND).append('\n');
        sb.append("package io.github.eddypool.internal.proxy;\n\n");
        if (!spec.imports().isEmpty()) {
            for (String imp : spec.imports()) {
                sb.append("import ").append(imp).append(";\n");
            }
            sb.append('\n');
        }
        sb.append("import java.sql.*;\n\n");
        String iface = spec.iface().getSimpleName();
        sb.append("/** Plain delegation of {@link ").append(iface).append("} for {@link ").append(spec.superClass())
                .append("}. */\n");
        sb.append("@SuppressWarnings({\"deprecation\", \"removal\"})\n");
        sb.append(spec.leaf() ? "final " : "").append("class ").append(spec.name()).append(" extends ")
                .append(spec.superClass()).append(" implements ").append(iface).append(" {\n\n");
        boolean ownField = !spec.delegateField().equals("delegate");
        if (ownField) {
            sb.append("    private final ").append(iface).append(' ').append(spec.delegateField()).append(";\n\n");
        }
        sb.append("    ").append(spec.name()).append('(').append(spec.ctorParams()).append(") {\n");
        sb.append("        super(").append(spec.superArgs()).append(");\n");
        if (ownField) {
            sb.append("        this.").append(spec.delegateField()).append(" = delegate;\n");
        }
        sb.append("    }\n");
        for (Method m : methods(spec)) {
            sb.append('\n').append(method(spec, m));
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String method(Spec spec, Method m) {
        StringBuilder sb = new StringBuilder("    @Override\n    public ");
        TypeVariable<Method>[] tps = m.getTypeParameters();
        if (tps.length > 0) {
            sb.append('<').append(Arrays.stream(tps).map(TypeVariable::getName).collect(Collectors.joining(", "))).append("> ");
        }
        String ret = type(m.getGenericReturnType());
        sb.append(ret).append(' ').append(m.getName()).append('(');
        Type[] params = m.getGenericParameterTypes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String name = "p" + (i + 1);
            Class<?> raw = m.getParameterTypes()[i];
            names.add(spec.wrapValues() && (raw == Array.class || raw == Object.class) ? "DriverValues.plain(" + name + ")" : name);
            sb.append(type(params[i])).append(' ').append(name);
        }
        sb.append(')');
        Class<?>[] ex = m.getExceptionTypes();
        if (ex.length > 0) {
            sb.append(" throws ").append(Arrays.stream(ex).map(Class::getSimpleName).collect(Collectors.joining(", ")));
        }
        sb.append(" {\n");
        boolean catches = Arrays.asList(ex).contains(SQLException.class);
        // A method that cannot throw SQLException (the driver's version, say) touches no session:
        // it goes straight to the delegate.
        String call = (catches ? spec.receiver() : spec.delegateField()) + "." + m.getName() + "(" + String.join(", ", names) + ")";
        Class<?> returned = m.getReturnType();
        if (spec.wrapResultSets() && returned == ResultSet.class) {
            call = "wrap(" + call + ")";
        } else if (spec.wrapValues() && (returned == Array.class || returned == Object.class)) {
            call = "handOut(" + call + ")";
        }
        String indent = catches ? "            " : "        ";
        StringBuilder body = new StringBuilder();
        if (spec.countExecutions() && m.getName().startsWith("execute")) {
            body.append(indent).append("markExecuted();\n");
        }
        body.append(indent).append(m.getReturnType() == void.class ? "" : "return ").append(call).append(";\n");
        if (catches) {
            sb.append("        try {\n").append(body).append("        } catch (SQLException e) {\n")
                    .append("            throw checkException(e);\n        }\n");
        } else {
            sb.append(body);
        }
        sb.append("    }\n");
        return sb.toString();
    }

    private static String type(Type t) {
        return t.getTypeName()
                .replaceAll("java\\.lang\\.([A-Z]\\w*)", "$1")
                .replaceAll("java\\.sql\\.([A-Z]\\w*)", "$1");
    }
}
