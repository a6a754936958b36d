package org.tandem.db.repository;

import java.time.Instant;

/** One row of {@code migrations}: a resize, cold or live migration of an instance between hosts. */
public record MigrationRow(long id, String sourceCompute, String destCompute, String destHost, String sourceNode,
        String destNode, String status, String instanceUuid, Integer oldInstanceTypeId, Integer newInstanceTypeId,
        String migrationType, Instant createdAt, Instant updatedAt, Instant deletedAt, long deleted) {
}
