package org.tandem.db.repository;

import java.time.Instant;

/** One row of {@code instance_faults}: an error recorded against an instance. */
public record InstanceFaultRow(long id, String instanceUuid, int code, String message, String details, String host,
        Instant createdAt, Instant updatedAt, Instant deletedAt, long deleted) {
}
