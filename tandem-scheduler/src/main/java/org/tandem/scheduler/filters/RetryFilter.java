package org.tandem.scheduler.filters;

import java.util.List;
import java.util.Map;
import org.tandem.scheduler.HostState;
import org.tandem.scheduler.Request;

/** Drops hosts already tried for this request ({@code retry.hosts}) and hosts in {@code ignore_hosts}. */
public final class RetryFilter implements HostFilter {
    @Override
    public String name() {
        return "RetryFilter";
    }

    @Override
    public boolean passes(HostState host, Request request, Map<String, Object> filterProperties, Map<String, Object> limits) {
        if (filterProperties.get("ignore_hosts") instanceof List<?> ignore && ignore.contains(host.host())) {
            return false;
        }
        if (filterProperties.get("retry") instanceof Map<?, ?> retry && retry.get("hosts") instanceof List<?> tried) {
            for (Object t : tried) {
                if (t instanceof List<?> pair && !pair.isEmpty() && host.host().equals(pair.get(0))) {
                    return false;
                }
            }
        }
        return true;
    }
}
