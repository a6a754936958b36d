package org.tandem.identity;

import java.time.Duration;

/**
 * A login was refused. {@link #status()} is what the HTTP API answers: 401 for a wrong user,
 * password or scope (the message never tells which), 429 when too many attempts failed
 * ({@link #retryAfter()}), 400 for a malformed request.
 */
public final class AuthenticationException extends RuntimeException {
    private final int status;
    private final Duration retryAfter;

    public AuthenticationException(int status, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** For 429: how long the client should wait. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
