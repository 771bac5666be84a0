package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.ScriptedDriver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pool-size rule of thumb: {@code cores * 2 + spindles}, divided across application instances. */
class PoolSizingTest {

    @ParameterizedTest(name = "{0} cores, {1} spindles -> {2}")
    @CsvSource({
            "1, 0, 2",
            "4, 0, 8",
            "4, 1, 9",
            "8, 2, 18",
            "32, 0, 64"})
    void maxSizeIsTwiceTheCoresPlusTheSpindles(int cores, int spindles, int expected) {
        assertThat(PoolSizing.recommendedMaxSize(cores, spindles)).isEqualTo(expected);
        assertThat(PoolSizing.recommendedMaxSize(cores, spindles, 1)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} cores, {1} spindles, {2} instances -> {3}")
    @CsvSource({
            "4, 0, 2, 4",    // 8 / 2
            "4, 1, 2, 5",    // 9 / 2, rounded up
            "8, 1, 3, 6",    // 17 / 3, rounded up
            "16, 0, 4, 8",
            "1, 0, 5, 1",    // 2 / 5: never below 1
            "1, 0, 100, 1"})
    void theResultIsSharedAcrossInstancesRoundedUpAndAtLeastOne(int cores, int spindles, int instances, int expected) {
        assertThat(PoolSizing.recommendedMaxSize(cores, spindles, instances)).isEqualTo(expected);
    }

    @Test
    void invalidInputsAreRejectedWithTheNameOfTheInput() {
        assertThatThrownBy(() -> PoolSizing.recommendedMaxSize(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("databaseCores").hasMessageContaining("0");
        assertThatThrownBy(() -> PoolSizing.recommendedMaxSize(-2, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("databaseCores");
        assertThatThrownBy(() -> PoolSizing.recommendedMaxSize(4, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("effectiveSpindles");
        assertThatThrownBy(() -> PoolSizing.recommendedMaxSize(4, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appInstances");
        assertThatThrownBy(() -> PoolSizing.recommendedMaxSize(4, 0, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appInstances");
    }

    @Test
    void builderMaxSizeForDatabaseSetsMaxSizeAndLowersMinSizeToIt() {
        String url = ScriptedDriver.newScript("sizing").url();

        EddyConfig defaults = EddyConfig.builder().jdbcUrl(url).maxSizeForDatabase(4, 2).build();
        assertThat(defaults.maxSize()).isEqualTo(10);
        assertThat(defaults.minSize()).as("default min-size 10 fits").isEqualTo(10);

        EddyConfig small = EddyConfig.builder().jdbcUrl(url).maxSizeForDatabase(2, 0).build();
        assertThat(small.maxSize()).isEqualTo(4);
        assertThat(small.minSize()).as("min-size lowered to the maximum").isEqualTo(4);

        EddyConfig explicitMin = EddyConfig.builder().jdbcUrl(url).minSize(2).maxSizeForDatabase(8, 1).build();
        assertThat(explicitMin.maxSize()).isEqualTo(17);
        assertThat(explicitMin.minSize()).isEqualTo(2);

        assertThatThrownBy(() -> EddyConfig.builder().jdbcUrl(url).maxSizeForDatabase(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
