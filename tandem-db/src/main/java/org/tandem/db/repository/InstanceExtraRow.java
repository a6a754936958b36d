package org.tandem.db.repository;

import java.time.Instant;

/** One row of {@code instance_extra} as of juno (kilo adds {@code flavor}). JSON columns are text. */
public record InstanceExtraRow(long id, String instanceUuid, String numaTopology, String pciRequests,
        Instant createdAt, Instant updatedAt, Instant deletedAt, long deleted) {
}
