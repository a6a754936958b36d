package org.tandem.model;

import java.util.Map;

/** A missing flavor. Wire class {@code nova.exception.FlavorNotFound}. */
public class FlavorNotFound extends ModelException {
    public FlavorNotFound(Object flavorId) {
        this(String.format("Flavor %s could not be found.", flavorId), Map.of("flavor_id", String.valueOf(flavorId)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public FlavorNotFound(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 404;
    }
}
