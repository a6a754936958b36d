package org.tandem.model;

import java.util.Map;

/** An action refused in the instance's current state. Wire class {@code nova.exception.InstanceInvalidState}. */
public class InstanceInvalidState extends ModelException {
    public InstanceInvalidState(Object instanceUuid, Object attr, Object state, Object method) {
        this(String.format("Instance %s in %s %s. Cannot %s while the instance is in this state.", instanceUuid, attr, state, method), Map.of("instance_uuid", String.valueOf(instanceUuid), "attr", String.valueOf(attr), "state", String.valueOf(state), "method", String.valueOf(method)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public InstanceInvalidState(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 409;
    }
}
