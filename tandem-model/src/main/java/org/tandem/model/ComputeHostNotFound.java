package org.tandem.model;

import java.util.Map;

/** A missing compute node. Wire class {@code nova.exception.ComputeHostNotFound}. */
public class ComputeHostNotFound extends ModelException {
    public ComputeHostNotFound(Object host) {
        this(String.format("Compute host %s could not be found.", host), Map.of("host", String.valueOf(host)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public ComputeHostNotFound(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 404;
    }
}
