package io.github.eddypool.spring.boot.autoconfigure.health;

/**
 * Exception text safe to show in a health report. Pool and driver messages are not meant to
 * carry the password, but a driver may echo a URL back; so the configured password is blanked
 * out of any message shown, as a last line of defence.
 */
final class SafeMessages {

    private static final String MASK = "******";

    private SafeMessages() {
    }

    static String describe(Throwable error, String password) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return mask(text, password);
    }

    static String mask(String text, String password) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, MASK);
    }
}
