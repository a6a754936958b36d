package org.tandem.db.repository;

import java.time.Instant;

/** One row of {@code compute_nodes}: a hypervisor's capacity and usage as its resource tracker reports it. */
public record ComputeNodeRow(long id, Integer serviceId, String host, String hypervisorHostname, int vcpus,
        int memoryMb, int localGb, int vcpusUsed, int memoryMbUsed, int localGbUsed, String hypervisorType,
        Integer hypervisorVersion, String cpuInfo, Integer diskAvailableLeast, Integer freeRamMb, Integer freeDiskGb,
        Integer currentWorkload, Integer runningVms, String hostIp, String supportedInstances, String pciStats,
        String metrics, String extraResources, String stats, String numaTopology, Instant createdAt,
        Instant updatedAt, Instant deletedAt, long deleted) {

    public boolean isDeleted() {
        return deleted != 0;
    }
}
