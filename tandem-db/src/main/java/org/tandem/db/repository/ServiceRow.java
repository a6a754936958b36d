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

    /**
     * Whether the service counts as up at {@code now} (facts §7.6): never when forced down; otherwise
     * its last heartbeat ({@code last_seen_up}, else {@code updated_at}, else {@code created_at})
     * is at most {@code serviceDownTime} away from {@code now}.
     */
    public boolean isUp(Instant now, java.time.Duration serviceDownTime) {
        if (forcedDown) {
            return false;
        }
        Instant heartbeat = lastSeenUp != null ? lastSeenUp : updatedAt != null ? updatedAt : createdAt;
        if (heartbeat == null) {
            return false;
        }
        return java.time.Duration.between(heartbeat, now).abs().compareTo(serviceDownTime) <= 0;
    }

    public boolean isDisabled() {
        return Boolean.TRUE.equals(disabled);
    }
}
