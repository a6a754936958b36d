package org.tandem.scheduler;

/**
 * What the scheduler knows of one compute host: totals and usage from its compute node (plus
 * in-memory claims), and whether its service is up and enabled.
 */
public final class HostState {
    final String host;
    final String node;
    final long totalRamMb;
    final long totalVcpus;
    final long totalDiskGb;
    long usedRamMb;
    long usedVcpus;
    long usedDiskGb;
    final boolean serviceUp;
    final boolean serviceDisabled;

    HostState(String host, String node, long totalRamMb, long totalVcpus, long totalDiskGb, long usedRamMb,
            long usedVcpus, long usedDiskGb, boolean serviceUp, boolean serviceDisabled) {
        this.host = host;
        this.node = node;
        this.totalRamMb = totalRamMb;
        this.totalVcpus = totalVcpus;
        this.totalDiskGb = totalDiskGb;
        this.usedRamMb = usedRamMb;
        this.usedVcpus = usedVcpus;
        this.usedDiskGb = usedDiskGb;
        this.serviceUp = serviceUp;
        this.serviceDisabled = serviceDisabled;
    }

    public String host() {
        return host;
    }

    public String node() {
        return node;
    }

    public long totalRamMb() {
        return totalRamMb;
    }

    public long totalVcpus() {
        return totalVcpus;
    }

    public long totalDiskGb() {
        return totalDiskGb;
    }

    public long usedRamMb() {
        return usedRamMb;
    }

    public long usedVcpus() {
        return usedVcpus;
    }

    public long usedDiskGb() {
        return usedDiskGb;
    }

    public long freeRamMb() {
        return totalRamMb - usedRamMb;
    }

    public boolean serviceUp() {
        return serviceUp;
    }

    public boolean serviceDisabled() {
        return serviceDisabled;
    }

    void consume(Request r) {
        usedRamMb += r.memoryMb();
        usedVcpus += r.vcpus();
        usedDiskGb += r.diskGb();
    }

    @Override
    public String toString() {
        return host + "(" + node + ") ram " + usedRamMb + "/" + totalRamMb + " MB, vcpus " + usedVcpus + "/" + totalVcpus
                + ", disk " + usedDiskGb + "/" + totalDiskGb + " GB" + (serviceUp ? "" : ", down")
                + (serviceDisabled ? ", disabled" : "");
    }
}
