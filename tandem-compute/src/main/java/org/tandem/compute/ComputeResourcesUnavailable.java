package org.tandem.compute;

import java.util.Map;
import org.tandem.model.ModelException;

/** A claim that does not fit this host (Nova's {@code ComputeResourcesUnavailable}); triggers a reschedule. */
public final class ComputeResourcesUnavailable extends ModelException {
    public ComputeResourcesUnavailable(String reason) {
        super("Insufficient compute resources: " + reason + ".", Map.of("reason", reason));
    }
}
