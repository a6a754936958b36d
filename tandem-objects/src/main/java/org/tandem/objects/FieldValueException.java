package org.tandem.objects;

/**
 * A value cannot be coerced to its field's type (for example "A string is required in field x,
 * not a List"), or None/null was given for a field that is neither nullable nor defaulted.
 */
public final class FieldValueException extends ObjectException {
    public FieldValueException(String message) {
        super(message);
    }

    public FieldValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
