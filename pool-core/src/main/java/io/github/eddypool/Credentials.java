package io.github.eddypool;

import java.util.function.Supplier;

/**
 * A user name and password for new physical connections. Give the pool a
 * {@code Supplier<Credentials>} ({@link EddyConfig.Builder#credentialsSupplier(Supplier)})
 * to have rotated passwords picked up by every connection opened after the rotation.
 * {@link #toString()} never shows the password.
 *
 * @param username the user name, or null for the driver's default
 * @param password the password, or null for none
 */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + (password == null ? "<none>" : SafeText.MASK) + "]";
    }
}
