package org.tandem.db.repository;

import java.time.Instant;

/** One row of {@code instance_actions}: a user request on an instance (create, reboot, resize, ...). */
public record InstanceActionRow(long id, String action, String instanceUuid, String requestId, String userId,
        String projectId, Instant startTime, Instant finishTime, String message, Instant createdAt, Instant updatedAt,
        Instant deletedAt, long deleted) {
}
