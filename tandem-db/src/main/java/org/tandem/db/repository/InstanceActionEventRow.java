package org.tandem.db.repository;

import java.time.Instant;

/** One row of {@code instance_actions_events}: a step of an action, with its result ("Success"/"Error"). */
public record InstanceActionEventRow(long id, String event, Integer actionId, Instant startTime, Instant finishTime,
        String result, String traceback, String host, String details, Instant createdAt, Instant updatedAt,
        Instant deletedAt, long deleted) {
}
