package io.github.eddypool.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test (class) needs the PgBouncer of {@link DatabaseServers} (transaction mode, in front of
 * the PostgreSQL): when it is not running and {@code EDDY_PGBOUNCER_URL} is not set, it is
 * started with {@code .ci/pgbouncer/start}; when it is still unreachable the test is skipped with
 * a loud banner on System.err, or fails when env {@code CI=true}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DatabaseServerExtension.class)
public @interface RequiresPgBouncer {
}
