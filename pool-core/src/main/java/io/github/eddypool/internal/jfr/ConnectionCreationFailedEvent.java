package io.github.eddypool.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** An attempt to open a physical connection failed. */
@Name("io.github.eddypool.ConnectionCreationFailed")
@Label("Connection Creation Failed")
@Category("Eddy")
@Description("An attempt to open a physical connection failed")
@StackTrace(false)
final class ConnectionCreationFailedEvent extends PoolEvent {

    @Label("Target")
    @Description("Where connections are opened: host:port, or the DataSource class (no secrets)")
    String target;

    @Label("Reason")
    @Description("The driver's message, passwords masked")
    String reason;

    @Label("SQL State")
    String sqlState;

    @Label("Error Code")
    @Description("The vendor's error code")
    int errorCode;
}
