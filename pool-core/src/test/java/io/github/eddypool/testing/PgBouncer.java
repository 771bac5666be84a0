package io.github.eddypool.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' PgBouncer: {@code .ci/pgbouncer/pgbouncer.ini} (transaction mode on 127.0.0.1:6432,
 * in front of the local PostgreSQL), started by {@code .ci/pgbouncer/start}, and its admin
 * console ({@code SHOW POOLS}, {@code KILL}, {@code SHUTDOWN}, ...).
 */
public final class PgBouncer {

    private PgBouncer() {
    }

    /** Runs {@code .ci/pgbouncer/start}; null when PgBouncer answers afterwards, else why not. */
    public static String start() {
        Path script = startScript();
        if (script == null) {
            return ".ci/pgbouncer/start not found above " + Path.of("").toAbsolutePath();
        }
        try {
            Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return script + " did not finish within 30 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : script + " exited with " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return "could not run " + script + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while starting PgBouncer";
        }
    }

    /**
     * Runs a command on the admin console, e.g. {@code KILL test}, {@code SHOW POOLS}, and returns
     * its rows, columns split. Through psql: the console speaks only the simple query protocol and
     * refuses pgjdbc's extra_float_digits.
     */
    public static List<List<String>> admin(String command) throws IOException, InterruptedException {
        DatabaseServers.Server bouncer = DatabaseServers.Server.PGBOUNCER;
        ProcessBuilder pb = new ProcessBuilder("psql", "-h", bouncer.host(), "-p", Integer.toString(bouncer.port()),
                "-U", bouncer.user(), "-d", "pgbouncer", "-X", "-A", "-t", "-F", "\t", "-c", command);
        pb.environment().put("PGPASSWORD", bouncer.password());
        pb.environment().put("PGCONNECT_TIMEOUT", "15");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("psql did not finish: " + command);
        }
        // SHUTDOWN ends the console's connection before it answers.
        if (p.exitValue() != 0 && !command.trim().equalsIgnoreCase("SHUTDOWN")) {
            throw new IOException("PgBouncer admin command '" + command + "' failed: " + out.trim());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(List.of(line.split("\t", -1)));
            }
        }
        return rows;
    }

    private static Path startScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(".ci/pgbouncer/start");
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        return null;
    }
}
