package io.github.eddypool.spring.boot.autoconfigure.health;

import io.github.eddypool.SafeText;

/**
 * Exception text safe to show in a health report. Pool and driver messages are not meant to
 * carry the password, but a driver may echo a URL back; so the configured password is blanked
 * out of any message shown ({@link SafeText#scrub(String, String)}), as a last line of defence.
 */
final class SafeMessages {

    private SafeMessages() {
    }

    static String describe(Throwable error, String password) {
        String message = error.getMessage();
        return SafeText.scrub(error.getClass().getSimpleName() + (message == null ? "" : ": " + message), password);
    }
}
