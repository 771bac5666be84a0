package io.github.eddypool.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A connection was held longer than leak-detection-threshold. */
@Name("io.github.eddypool.LeakSuspected")
@Label("Leak Suspected")
@Category("Eddy")
@Description("A connection was held longer than leak-detection-threshold")
@StackTrace(false)
final class LeakSuspectedEvent extends PoolEvent {

    @Label("Connection Id")
    @Description("The pool's id of the connection, as in connection#id")
    long connectionId;

    @Label("Holder Thread")
    @Description("The name of the thread holding the connection")
    String holderThread;

    @Label("Held For")
    @Description("How long the connection had been held")
    @Timespan(Timespan.NANOSECONDS)
    long heldFor;

    @Label("Threshold")
    @Description("The pool's leak-detection-threshold")
    @Timespan(Timespan.NANOSECONDS)
    long threshold;
}
