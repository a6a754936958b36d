package org.tandem.scheduler.filters;

import java.util.Map;
import org.tandem.scheduler.HostState;
import org.tandem.scheduler.Request;

/** Keeps hosts with enough disk (root + ephemeral + swap) under {@code disk_allocation_ratio}; sets {@code limits.disk_gb}. */
public final class DiskFilter implements HostFilter {
    private final double ratio;

    public DiskFilter(double ratio) {
        this.ratio = ratio;
    }

    @Override
    public String name() {
        return "DiskFilter";
    }

    @Override
    public boolean passes(HostState host, Request request, Map<String, Object> filterProperties, Map<String, Object> limits) {
        double limitGb = host.totalDiskGb() * ratio;
        double freeMb = (limitGb - host.usedDiskGb()) * 1024;
        if (freeMb < request.diskGb() * 1024 + request.swapMb()) {
            return false;
        }
        limits.put("disk_gb", limitGb);
        return true;
    }
}
