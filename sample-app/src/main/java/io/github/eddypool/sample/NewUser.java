package io.github.eddypool.sample;

/** The body of {@code POST /users}. */
public record NewUser(String name, String email) {
}
