package io.github.eddypool.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import jakarta.servlet.http.HttpServletRequest;

/**
 * When no database connection can be had (the database is down or unreachable, or the pool is
 * exhausted past {@code eddy.pool.connection-timeout}), answers {@code 503 Service Unavailable}
 * with a problem detail and {@code Retry-After}, instead of a bare 500. The pool's own message
 * (pool name, host and port, the driver's reason) goes to the log, not to the client.
 */
@RestControllerAdvice
class DatabaseUnavailableAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableAdvice.class);

    @ExceptionHandler(CannotGetJdbcConnectionException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable(CannotGetJdbcConnectionException e, HttpServletRequest request) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        LOG.warn("{} {} failed: no database connection: {}", request.getMethod(), request.getRequestURI(), cause.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "No database connection is available right now; try again shortly.");
        problem.setTitle("Database unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(problem);
    }
}
