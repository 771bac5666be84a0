/**
 * Eddy, a JDBC connection pool. Only the API package is exported: everything under
 * {@code io.github.eddypool.internal} can change in any release, and on the module path no other
 * module can reach it, not even by reflection. On the class path this descriptor is ignored and
 * the jar works as before.
 */
module io.github.eddypool {
    requires transitive java.sql;
    requires java.management;
    requires org.slf4j;

    exports io.github.eddypool;
}
