package org.tandem.model;

import java.util.Map;

/** A remotable object method failed or does not exist. Wire class {@code nova.exception.ObjectActionError}. */
public class ObjectActionError extends ModelException {
    public ObjectActionError(Object action, Object reason) {
        this(String.format("Object action %s failed because: %s", action, reason), Map.of("action", String.valueOf(action), "reason", String.valueOf(reason)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public ObjectActionError(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 500;
    }
}
