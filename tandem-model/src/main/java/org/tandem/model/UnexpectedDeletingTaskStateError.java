package org.tandem.model;

import java.util.Map;

/** A save found the instance being deleted. Wire class {@code nova.exception.UnexpectedDeletingTaskStateError}. */
public class UnexpectedDeletingTaskStateError extends UnexpectedTaskStateError {
    public UnexpectedDeletingTaskStateError(Object expected, Object actual) {
        this(String.format("Unexpected task state: expecting %s but the actual state is %s", expected, actual), Map.of("expected", String.valueOf(expected), "actual", String.valueOf(actual)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public UnexpectedDeletingTaskStateError(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 500;
    }
}
