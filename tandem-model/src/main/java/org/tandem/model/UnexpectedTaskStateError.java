package org.tandem.model;

import java.util.Map;

/** A compare-and-swap save found another task state. Wire class {@code nova.exception.UnexpectedTaskStateError}. */
public class UnexpectedTaskStateError extends ModelException {
    public UnexpectedTaskStateError(Object expected, Object actual) {
        this(String.format("Unexpected task state: expecting %s but the actual state is %s", expected, actual), Map.of("expected", String.valueOf(expected), "actual", String.valueOf(actual)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public UnexpectedTaskStateError(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 500;
    }
}
