package org.tandem.launcher;

/** A process cannot start as configured; the message says what is wrong and what to do. */
public final class LaunchException extends RuntimeException {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
