package org.tandem.model;

import java.util.Map;

/** A missing service record. Wire class {@code nova.exception.ServiceNotFound}. */
public class ServiceNotFound extends ModelException {
    public ServiceNotFound(Object serviceId) {
        this(String.format("Service %s could not be found.", serviceId), Map.of("service_id", String.valueOf(serviceId)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public ServiceNotFound(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 404;
    }
}
