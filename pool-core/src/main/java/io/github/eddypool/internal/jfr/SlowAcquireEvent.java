package io.github.eddypool.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A borrower waited at least slow-acquire-threshold for its connection. Off unless a recording
 * enables it: under load it comes often, on the borrower's thread, and committing an event from a
 * virtual thread pins its carrier for a moment (27 to 141 us seen by VirtualThreadPinningTest).
 */
@Name("io.github.eddypool.SlowAcquire")
@Label("Slow Acquire")
@Category("Eddy")
@Description("A borrower waited at least slow-acquire-threshold for its connection")
@StackTrace(true)
@Enabled(false)
final class SlowAcquireEvent extends PoolEvent {

    @Label("Waited")
    @Description("How long the borrower waited for its connection")
    @Timespan(Timespan.NANOSECONDS)
    long waited;

    @Label("Threshold")
    @Description("The pool's slow-acquire-threshold")
    @Timespan(Timespan.NANOSECONDS)
    long threshold;
}
