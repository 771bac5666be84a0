package io.github.eddypool;

/**
 * An invalid pool setting. {@link #property()} names the setting in its property form
 * ({@code max-size}), so that Spring Boot can report it as {@code eddy.pool.max-size};
 * the message says what is wrong and what to change. It never carries a password.
 */
public class EddyConfigException extends IllegalArgumentException {

    private final String property;
    private final String problem;
    private final String action;

    public EddyConfigException(String property, String problem, String action) {
        super(property + ": " + problem + ". " + action);
        this.property = property;
        this.problem = problem;
        this.action = action;
    }

    /** What is wrong, e.g. {@code must be at least 1, was 0}. */
    public String problem() {
        return problem;
    }

    /** The setting that is wrong, in kebab case, e.g. {@code max-size}. */
    public String property() {
        return property;
    }

    /** What to change. */
    public String action() {
        return action;
    }
}
