package org.tandem.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tandem.db.Database;
import org.tandem.db.repository.ComputeNodeRepository;
import org.tandem.db.repository.ComputeNodeRow;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;

/**
 * Host states from the database (compute_nodes joined with their nova-compute service) plus the
 * scheduler's own recent claims: resources of instances sent to a host count as used until the
 * host reports usage that includes them (its compute node is updated after the claim) or the
 * claim's time to live passes.
 */
public final class HostManager {
    private record Claim(Instant at, Request request) {
    }

    private final ComputeNodeRepository nodes;
    private final ServiceRepository services;
    private final Clock clock;
    private final Duration serviceDownTime;
    private final Duration claimTtl;
    private final Map<String, List<Claim>> claims = new HashMap<>();

    public HostManager(Database db, Duration serviceDownTime, Duration claimTtl) {
        this.nodes = new ComputeNodeRepository(db);
        this.services = new ServiceRepository(db);
        this.clock = db.clock();
        this.serviceDownTime = serviceDownTime;
        this.claimTtl = claimTtl;
    }

    /** Current states of every compute host that has a compute node. */
    public synchronized List<HostState> hostStates() {
        Instant now = clock.instant();
        Map<String, ServiceRow> computes = new HashMap<>();
        for (ServiceRow s : services.list(ListQuery.where("binary", "nova-compute"))) {
            computes.put(s.host(), s);
        }
        List<HostState> out = new ArrayList<>();
        for (ComputeNodeRow n : nodes.list(ListQuery.all())) {
            ServiceRow s = computes.get(n.host());
            Instant reported = n.updatedAt() != null ? n.updatedAt() : n.createdAt();
            List<Claim> live = claims.getOrDefault(n.host(), new ArrayList<>());
            live.removeIf(c -> c.at.plus(claimTtl).isBefore(now) || (reported != null && reported.isAfter(c.at)));
            HostState h = new HostState(n.host(), n.hypervisorHostname(), n.memoryMb(), n.vcpus(), n.localGb(),
                    n.memoryMbUsed(), n.vcpusUsed(), n.localGbUsed(), s != null && s.isUp(now, serviceDownTime),
                    s == null || s.isDisabled());
            live.forEach(c -> h.consume(c.request));
            claims.put(n.host(), live);
            out.add(h);
        }
        return out;
    }

    /** Records that an instance needing {@code request} was sent to {@code host}. */
    public synchronized void claim(String host, Request request) {
        claims.computeIfAbsent(host, k -> new ArrayList<>()).add(new Claim(clock.instant(), request));
    }
}
