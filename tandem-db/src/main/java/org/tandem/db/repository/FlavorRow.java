package org.tandem.db.repository;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code instance_types} (a flavor) with its live extra specs. {@code id} is the
 * database id (what instances' {@code instance_type_id} holds); {@code flavorid} is the API id.
 */
public record FlavorRow(long id, String flavorid, String name, int memoryMb, int vcpus, Integer rootGb,
        Integer ephemeralGb, int swap, Double rxtxFactor, Integer vcpuWeight, Boolean disabled, Boolean isPublic,
        Instant createdAt, Instant updatedAt, Instant deletedAt, long deleted, Map<String, String> extraSpecs) {

    public FlavorRow {
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }

    public boolean isDeleted() {
        return deleted != 0;
    }

    FlavorRow withExtraSpecs(Map<String, String> specs) {
        return new FlavorRow(id, flavorid, name, memoryMb, vcpus, rootGb, ephemeralGb, swap, rxtxFactor, vcpuWeight,
                disabled, isPublic, createdAt, updatedAt, deletedAt, deleted, specs);
    }
}
