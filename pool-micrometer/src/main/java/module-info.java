/**
 * Micrometer meters for Eddy pools. Micrometer is an automatic module ({@code micrometer.core});
 * its types appear in this module's API, so both are required transitively.
 */
module io.github.eddypool.micrometer {
    requires transitive io.github.eddypool;
    requires transitive micrometer.core;

    exports io.github.eddypool.micrometer;
}
