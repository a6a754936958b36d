package org.tandem.objects;

/**
 * A primitive (or its JSON) is structurally wrong: a missing key, a value of the wrong JSON type,
 * an unparseable version, nesting or a string over the configured limits, a non-string key.
 * The message names the path of the offending element.
 */
public final class MalformedPrimitiveException extends ObjectException {
    public MalformedPrimitiveException(String message) {
        super(message);
    }

    public MalformedPrimitiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
