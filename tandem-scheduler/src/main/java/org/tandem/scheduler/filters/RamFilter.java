package org.tandem.scheduler.filters;

import java.util.Map;
import org.tandem.scheduler.HostState;
import org.tandem.scheduler.Request;

/** Keeps hosts with enough RAM under {@code ram_allocation_ratio}; sets {@code limits.memory_mb}. */
public final class RamFilter implements HostFilter {
    private final double ratio;

    public RamFilter(double ratio) {
        this.ratio = ratio;
    }

    @Override
    public String name() {
        return "RamFilter";
    }

    @Override
    public boolean passes(HostState host, Request request, Map<String, Object> filterProperties, Map<String, Object> limits) {
        double limit = host.totalRamMb() * ratio;
        if (limit - host.usedRamMb() < request.memoryMb()) {
            return false;
        }
        limits.put("memory_mb", limit);
        return true;
    }
}
