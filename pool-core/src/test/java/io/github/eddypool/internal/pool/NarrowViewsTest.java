package io.github.eddypool.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No internal class holds or is handed the whole {@link Pool}: each collaborator gets the narrow
 * view it needs (the handles a {@code Lender}, the grower {@code Bounds}, the housekeeper
 * {@code Upkeep}, the MXBean the public {@code EddyPool}), so none can call more of the pool than
 * its job needs, and Pool has no import circle with the handles or the JMX class.
 */
class NarrowViewsTest {

    @Test
    void noInternalClassTakesOrKeepsThePool() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : internalClasses()) {
            if (type == Pool.class) {
                continue;
            }
            for (Field f : type.getDeclaredFields()) {
                if (f.getType() == Pool.class) {
                    offenders.add(type.getName() + "." + f.getName());
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (List.of(c.getParameterTypes()).contains(Pool.class)) {
                    offenders.add(type.getName() + " constructor");
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (List.of(m.getParameterTypes()).contains(Pool.class) || m.getReturnType() == Pool.class) {
                    offenders.add(type.getName() + "." + m.getName());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static List<Class<?>> internalClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path internal = classes.resolve("io/github/eddypool/internal");
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(internal)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                types.add(Class.forName(name.substring(0, name.length() - ".class".length()), false,
                        Pool.class.getClassLoader()));
            }
        }
        assertThat(types).as("internal classes found").hasSizeGreaterThan(20);
        return types;
    }
}
