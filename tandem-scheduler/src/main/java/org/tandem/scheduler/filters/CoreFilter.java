package org.tandem.scheduler.filters;

import java.util.Map;
import org.tandem.scheduler.HostState;
import org.tandem.scheduler.Request;

/** Keeps hosts with enough vCPUs under {@code cpu_allocation_ratio}; sets {@code limits.vcpu}. */
public final class CoreFilter implements HostFilter {
    private final double ratio;

    public CoreFilter(double ratio) {
        this.ratio = ratio;
    }

    @Override
    public String name() {
        return "CoreFilter";
    }

    @Override
    public boolean passes(HostState host, Request request, Map<String, Object> filterProperties, Map<String, Object> limits) {
        if (host.totalVcpus() <= 0) {
            return true;
        }
        double limit = host.totalVcpus() * ratio;
        if (request.vcpus() > host.totalVcpus() || limit - host.usedVcpus() < request.vcpus()) {
            return false;
        }
        limits.put("vcpu", limit);
        return true;
    }
}
