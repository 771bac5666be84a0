package io.github.eddypool.internal.jfr;

import io.github.eddypool.PoolStats;

import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/** What every Eddy event carries: the pool and its counts at the moment of the event. */
abstract class PoolEvent extends Event {

    @Label("Pool")
    @Description("The pool's name")
    String poolName;

    @Label("Active")
    @Description("Connections lent out when the event happened")
    int active;

    @Label("Idle")
    @Description("Connections idle in the pool when the event happened")
    int idle;

    @Label("Pending")
    @Description("Threads waiting for a connection when the event happened")
    int pending;

    @Label("Max Size")
    @Description("The pool's max-size when the event happened")
    int maxSize;

    final void counts(String pool, PoolStats s) {
        poolName = pool;
        active = s.active();
        idle = s.idle();
        pending = s.pending();
        maxSize = s.max();
    }
}
