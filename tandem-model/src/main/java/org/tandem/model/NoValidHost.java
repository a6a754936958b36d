package org.tandem.model;

import java.util.Map;

/** The scheduler found no host for a request. Wire class {@code nova.exception.NoValidHost}. */
public class NoValidHost extends ModelException {
    public NoValidHost(Object reason) {
        this(String.format("No valid host was found. %s", reason), Map.of("reason", String.valueOf(reason)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public NoValidHost(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 500;
    }
}
