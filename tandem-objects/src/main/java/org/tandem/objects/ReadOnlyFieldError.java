package org.tandem.objects;

/** A read-only field that already holds a value was given a different one. */
public final class ReadOnlyFieldError extends ObjectException {
    public ReadOnlyFieldError(String field) {
        super("Cannot modify readonly field " + field);
    }
}
