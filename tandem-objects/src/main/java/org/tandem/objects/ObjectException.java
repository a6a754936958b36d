package org.tandem.objects;

/** Base of every error raised by the versioned-object model; catch this to handle them all. */
public class ObjectException extends RuntimeException {
    public ObjectException(String message) {
        super(message);
    }

    public ObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
