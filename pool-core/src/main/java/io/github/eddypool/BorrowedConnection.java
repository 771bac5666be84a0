package io.github.eddypool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A connection that is lent out right now, as shown by {@link EddyDataSource#borrowedConnections()}
 * and the actuator endpoint.
 *
 * @param connectionId   the pool's id of the physical connection
 * @param borrowedAt     when it was lent
 * @param heldFor        how long it has been held so far
 * @param threadName     the name of the borrowing thread
 * @param borrowerStack  the borrower's stack at {@code getConnection()}; empty unless
 *                       {@code leak-detection-threshold} is set
 * @param leakSuspected  held longer than {@code leak-detection-threshold}
 */
public record BorrowedConnection(
        long connectionId,
        Instant borrowedAt,
        Duration heldFor,
        String threadName,
        List<StackTraceElement> borrowerStack,
        boolean leakSuspected) {

    public BorrowedConnection {
        borrowerStack = List.copyOf(borrowerStack);
    }
}
