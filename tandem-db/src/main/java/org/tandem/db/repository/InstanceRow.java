package org.tandem.db.repository;

import java.time.Instant;

/**
 * One row of {@code instances} (Nova's columns; timestamps UTC). {@code deleted} is 0 for a live
 * instance and equals {@code id} once soft-deleted.
 */
public record InstanceRow(long id, String uuid, Integer internalId, String userId, String projectId,
        String imageRef, String kernelId, String ramdiskId, Integer launchIndex, String keyName, String keyData,
        Integer powerState, String vmState, String taskState, Integer memoryMb, Integer vcpus, Integer rootGb,
        Integer ephemeralGb, String hostname, String host, String node, Integer instanceTypeId, String userData,
        String reservationId, Instant scheduledAt, Instant launchedAt, Instant terminatedAt, String displayName,
        String displayDescription, String availabilityZone, Boolean locked, String lockedBy, String osType,
        String launchedOn, String vmMode, String architecture, String rootDeviceName, String defaultEphemeralDevice,
        String defaultSwapDevice, String configDrive, String accessIpV4, String accessIpV6, Boolean autoDiskConfig,
        Integer progress, Boolean shutdownTerminate, Boolean disableTerminate, String cellName,
        String ephemeralKeyUuid, Integer cleaned, Instant createdAt, Instant updatedAt, Instant deletedAt,
        long deleted) {

    public boolean isDeleted() {
        return deleted != 0;
    }
}
