package org.tandem.model;

import java.util.Map;

/** A missing instance. Wire class {@code nova.exception.InstanceNotFound}. */
public class InstanceNotFound extends ModelException {
    public InstanceNotFound(Object instanceId) {
        this(String.format("Instance %s could not be found.", instanceId), Map.of("instance_id", String.valueOf(instanceId)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public InstanceNotFound(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 404;
    }
}
