package io.github.eddypool.internal.proxy;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statements a borrower has open on one connection, so that the pool can close those left
 * open when the connection comes back. One list lives as long as its physical connection and
 * is reused by every borrow, so borrowing allocates nothing for it. Only the borrowing thread
 * touches it.
 */
public final class StatementList {

    private Statement[] items = new Statement[8];
    private int size;

    void add(Statement s) {
        if (size == items.length) {
            Statement[] grown = new Statement[size * 2];
            System.arraycopy(items, 0, grown, 0, size);
            items = grown;
        }
        items[size++] = s;
    }

    /** Removes s; searches from the end since statements are usually closed newest first. */
    void remove(Statement s) {
        for (int i = size - 1; i >= 0; i--) {
            if (items[i] == s) {
                int tail = size - i - 1;
                if (tail > 0) {
                    System.arraycopy(items, i + 1, items, i, tail);
                }
                items[--size] = null;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    /**
     * Closes every statement still open, newest first, and empties the list.
     *
     * @return the first failure, with the others suppressed; null if all closed cleanly
     */
    SQLException closeAll() {
        SQLException failure = null;
        for (int i = size - 1; i >= 0; i--) {
            Statement s = items[i];
            items[i] = null;
            try {
                s.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        size = 0;
        return failure;
    }
}
