package org.tandem.db.repository;

import java.time.Instant;

/**
 * One row of {@code services}. {@code lastSeenUp} is set by every heartbeat; {@code version} is
 * the service version (NULL read as 0 by the minimum-version query).
 */
public record ServiceRow(long id, String host, String binary, String topic, int reportCount, Boolean disabled,
        String disabledReason, Instant lastSeenUp, boolean forcedDown, Integer version, Instant createdAt,
        Instant updatedAt, Instant deletedAt, long deleted) {

    public boolean isDeleted() {
        return deleted != 0;
    }

    public boolean isDisabled() {
        return Boolean.TRUE.equals(disabled);
    }
}
