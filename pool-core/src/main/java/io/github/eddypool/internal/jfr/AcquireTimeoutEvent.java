package io.github.eddypool.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A borrower got no connection within connection-timeout, or was shed by max-waiting. */
@Name("io.github.eddypool.AcquireTimeout")
@Label("Acquire Timeout")
@Category("Eddy")
@Description("A borrower got no connection within connection-timeout, or was shed by max-waiting")
@StackTrace(true)
final class AcquireTimeoutEvent extends PoolEvent {

    @Label("Waited")
    @Description("How long the borrower waited before giving up")
    @Timespan(Timespan.NANOSECONDS)
    long waited;

    @Label("Cause")
    @Description("The cause category: holders_in_statements, holders_idle, leak_suspected, demand_above_max_size, cannot_open_connections, suspended, shed")
    String cause;

    @Label("Explanation")
    @Description("The exception message: counts, cause and the longest holders (no secrets)")
    String explanation;
}
