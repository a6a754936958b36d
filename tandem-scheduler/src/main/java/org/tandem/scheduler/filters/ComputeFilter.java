package org.tandem.scheduler.filters;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.scheduler.HostState;
import org.tandem.scheduler.Request;

/** Keeps hosts whose compute service is up (heartbeat within service_down_time) and enabled. */
public final class ComputeFilter implements HostFilter {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeFilter.class);

    @Override
    public String name() {
        return "ComputeFilter";
    }

    @Override
    public boolean passes(HostState host, Request request, Map<String, Object> filterProperties, Map<String, Object> limits) {
        if (host.serviceDisabled()) {
            LOG.debug("{} is disabled", host.host());
            return false;
        }
        if (!host.serviceUp()) {
            LOG.warn("{} has not been heard from in a while", host.host());
            return false;
        }
        return true;
    }
}
