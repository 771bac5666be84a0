/**
 * Eddy, a JDBC connection pool. Only the API package is exported: everything under
 * {@code io.github.eddypool.internal} can change in any release, and on the module path no other
 * module can reach it, not even by reflection. On the class path this descriptor is ignored and
 * the jar works as before.
 */
module io.github.eddypool {
    requires transitive java.sql;
    requires java.management;
    // data-source-jndi-name: a DataSource an application server binds.
    requires java.naming;
    requires org.slf4j;
    // The pool's Flight Recorder events (io.github.eddypool.internal.jfr).
    requires jdk.jfr;

    exports io.github.eddypool;
}
