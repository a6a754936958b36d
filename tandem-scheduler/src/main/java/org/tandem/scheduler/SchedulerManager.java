package org.tandem.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.model.NoValidHost;
import org.tandem.rpc.ExpectedException;
import org.tandem.rpc.RequestContext;
import org.tandem.scheduler.filters.HostFilter;

/**
 * The scheduler endpoint (juno's 3.0): {@code select_destinations(request_spec, filter_properties)}
 * runs the filters over every host, weighs the survivors, picks one host per instance (claiming
 * its resources in memory before the next pick) and returns {@code [{host, nodename, limits}]}.
 */
public final class SchedulerManager {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerManager.class);

    private final HostManager hosts;
    private final List<HostFilter> filters;

    public SchedulerManager(HostManager hosts, List<HostFilter> filters) {
        this.hosts = hosts;
        this.filters = List.copyOf(filters);
    }

    public List<Map<String, Object>> selectDestinations(RequestContext ctx, Map<String, Object> requestSpec,
            Map<String, Object> filterProperties) {
        try {
            return select(requestSpec, filterProperties == null ? Map.of() : filterProperties);
        } catch (NoValidHost e) {
            throw new ExpectedException(e);
        }
    }

    private synchronized List<Map<String, Object>> select(Map<String, Object> spec, Map<String, Object> fp) {
        if (!(spec.get("instance_type") instanceof Map<?, ?> flavor)) {
            throw new IllegalArgumentException("request_spec has no instance_type dict: " + spec.keySet());
        }
        Request request = Request.from(flavor);
        int count = spec.get("num_instances") instanceof Number n ? n.intValue() : 1;
        List<Map<String, Object>> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<HostState> candidates = new ArrayList<>(hosts.hostStates());
            // hosts chosen earlier in this request already carry their claim (HostManager.claim)
            Map<String, Map<String, Object>> limits = new LinkedHashMap<>();
            candidates.forEach(h -> limits.put(h.host(), new LinkedHashMap<>()));
            String eliminatedBy = null;
            int before = candidates.size();
            for (HostFilter f : filters) {
                List<HostState> kept = new ArrayList<>();
                for (HostState h : candidates) {
                    if (f.passes(h, request, fp, limits.get(h.host()))) {
                        kept.add(h);
                    }
                }
                LOG.debug("Filter {} returned {} host(s)", f.name(), kept.size());
                if (kept.isEmpty() && !candidates.isEmpty()) {
                    eliminatedBy = f.name();
                }
                candidates = kept;
                if (candidates.isEmpty()) {
                    break;
                }
            }
            if (candidates.isEmpty()) {
                String reason = before == 0 ? "There are no compute hosts."
                        : "There are not enough hosts available: filter " + eliminatedBy + " eliminated the last of "
                        + before + " host(s) for a request of " + request.memoryMb() + " MB RAM, " + request.vcpus()
                        + " vCPU(s), " + request.diskGb() + " GB disk.";
                LOG.info("No valid host for instance {} of {}: {}", i + 1, count, reason);
                throw new NoValidHost(reason);
            }
            candidates.sort(RamWeigher.MOST_FREE_RAM_FIRST);
            HostState best = candidates.get(0);
            hosts.claim(best.host(), request);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("host", best.host());
            d.put("nodename", best.node());
            d.put("limits", limits.get(best.host()));
            chosen.add(d);
            LOG.info("Selected {} for instance {} of {} (weighed {} host(s))", best, i + 1, count, candidates.size());
        }
        return chosen;
    }
}
