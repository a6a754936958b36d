package org.tandem.api;

import java.util.Map;
import java.util.Objects;

/**
 * A validated server-create request. The API has checked the body against its schema, resolved
 * {@code flavorRef} (an id or a URL ending in the id) to {@link #flavorId()} and checked that
 * {@code 1 <= minCount <= maxCount}; it has not reserved anything.
 *
 * @param name display name (1-255 printable characters)
 * @param imageRef image id as given, may be empty (boot from volume is not served)
 * @param flavorId the API flavor id ({@code instance_types.flavorid}) of a live flavor at validation time
 * @param minCount how many instances must be created at least
 * @param maxCount how many instances to create at most
 * @param metadata user metadata (keys 1-255, values 0-255 characters)
 * @param availabilityZone requested zone, or null
 */
public record CreateServersRequest(String name, String imageRef, String flavorId, int minCount, int maxCount,
        Map<String, String> metadata, String availabilityZone) {
    public CreateServersRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flavorId, "flavorId");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (minCount < 1 || maxCount < minCount) {
            throw new IllegalArgumentException("need 1 <= minCount <= maxCount, got " + minCount + ".." + maxCount);
        }
    }
}
