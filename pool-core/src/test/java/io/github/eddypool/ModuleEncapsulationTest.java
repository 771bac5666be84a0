package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built pool-core classes, loaded as a module (as an application on the module path would
 * load the jar): only the API package is exported, and code in another module (this test's, the
 * unnamed module) can neither call an internal class nor force it open by reflection. The tests
 * themselves run on the class path, where the descriptor is ignored; this is the check that it
 * exists and says what it should.
 */
class ModuleEncapsulationTest {

    private static final String MODULE = "io.github.eddypool";

    @Test
    void onlyTheApiPackageIsExportedAndInternalsCannotBeReachedFromAnotherModule() throws Exception {
        ModuleFinder finder = ModuleFinder.of(locationOf(EddyDataSource.class), locationOf(org.slf4j.Logger.class));
        Configuration resolved = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(resolved, ClassLoader.getPlatformClassLoader());
        Module eddy = layer.findModule(MODULE).orElseThrow();
        ModuleDescriptor descriptor = eddy.getDescriptor();

        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.github.eddypool");
        assertThat(descriptor.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
        assertThat(eddy.getPackages()).contains("io.github.eddypool.internal.pool", "io.github.eddypool.internal.proxy",
                "io.github.eddypool.internal.jmx");

        ClassLoader loader = layer.findLoader(MODULE);
        // The API works from outside the module...
        Class<?> safeText = loader.loadClass("io.github.eddypool.SafeText");
        assertThat(safeText.getModule()).isSameAs(eddy);
        assertThat(safeText.getMethod("maskUrl", String.class).invoke(null, "jdbc:x://app:pw@db/x"))
                .isEqualTo("jdbc:x://app:******@db/x");
        // ...a public method of a public internal class does not, and cannot be forced open.
        Class<?> registration = loader.loadClass("io.github.eddypool.internal.jmx.PoolMBeanRegistration");
        Method internal = registration.getMethod("objectName", String.class);
        assertThat(eddy.isExported("io.github.eddypool.internal.jmx")).isFalse();
        assertThatThrownBy(() -> internal.invoke(null, "x")).isInstanceOf(IllegalAccessException.class)
                .hasMessageContaining("does not export io.github.eddypool.internal.jmx");
        assertThatThrownBy(() -> internal.setAccessible(true)).isInstanceOf(InaccessibleObjectException.class);
    }

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
