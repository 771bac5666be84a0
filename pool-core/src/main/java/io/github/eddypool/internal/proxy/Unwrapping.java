package io.github.eddypool.internal.proxy;

import java.sql.SQLException;
import java.sql.Wrapper;

/** {@link Wrapper} for the pool's handles: the handle itself, the physical object, or what it wraps. */
final class Unwrapping {

    private Unwrapping() {
    }

    static <T> T unwrap(Wrapper handle, Wrapper physical, Class<T> iface, String what) throws SQLException {
        if (iface.isInstance(handle)) {
            return iface.cast(handle);
        }
        if (iface.isInstance(physical)) {
            return iface.cast(physical);
        }
        if (physical.isWrapperFor(iface)) {
            return physical.unwrap(iface);
        }
        throw new SQLException("This pooled " + what + " wraps a " + physical.getClass().getName()
                + ", which is not a " + iface.getName() + " and does not wrap one; check the type passed to unwrap()");
    }

    static boolean isWrapperFor(Wrapper handle, Wrapper physical, Class<?> iface) throws SQLException {
        return iface.isInstance(handle) || iface.isInstance(physical) || physical.isWrapperFor(iface);
    }
}
