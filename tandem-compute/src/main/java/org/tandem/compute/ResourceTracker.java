package org.tandem.compute;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.model.ComputeHostNotFound;
import org.tandem.model.ComputeNode;
import org.tandem.model.Flavor;
import org.tandem.model.Service;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.RequestContext;

/**
 * Tracks this host's vCPU, RAM and disk use as claims keyed by instance uuid, refuses claims over
 * the scheduler's limits (or the physical size without limits), and reports usage to its
 * {@code compute_nodes} row through the conductor on every change and periodically.
 */
public final class ResourceTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceTracker.class);

    /** Resources held by one instance on this host. */
    public record Usage(long memoryMb, long vcpus, long diskGb) {
        static Usage of(Flavor f) {
            return new Usage(f.memoryMb(), f.vcpus(), f.diskGb());
        }
    }

    private final String host;
    private final FakeDriverSpec spec;
    private final ObjectOps ops;
    private final Map<String, Usage> claims = new LinkedHashMap<>();
    private ComputeNode node;

    public ResourceTracker(String host, FakeDriverSpec spec, ObjectOps ops) {
        this.host = host;
        this.spec = spec;
        this.ops = ops;
    }

    /** Finds or creates this host's compute node (through the conductor) and seeds claims from its instances. */
    public synchronized void start(RequestContext ctx, Service service, Map<String, Usage> existing) {
        claims.putAll(existing);
        try {
            node = ops.computeNodeGetByServiceId(ctx, service.get(Service.ID));
        } catch (ComputeHostNotFound e) {
            ComputeNode n = new ComputeNode();
            n.set(ComputeNode.SERVICE_ID, service.get(Service.ID));
            n.set(ComputeNode.VCPUS, (long) spec.vcpus());
            n.set(ComputeNode.MEMORY_MB, (long) spec.memoryMb());
            n.set(ComputeNode.LOCAL_GB, (long) spec.localGb());
            n.set(ComputeNode.VCPUS_USED, 0L);
            n.set(ComputeNode.MEMORY_MB_USED, 0L);
            n.set(ComputeNode.LOCAL_GB_USED, 0L);
            n.set(ComputeNode.HYPERVISOR_TYPE, "fake");
            n.set(ComputeNode.HYPERVISOR_VERSION, 1000L);
            n.set(ComputeNode.HYPERVISOR_HOSTNAME, host);
            // a JSON object as real drivers report it: python-openstackclient parses it (hypervisor show)
            n.set(ComputeNode.CPU_INFO, "{\"arch\": \"x86_64\", \"model\": \"fake\", \"vendor\": \"Tandem\", "
                    + "\"topology\": {\"sockets\": 1, \"cores\": " + spec.vcpus() + ", \"threads\": 1}, \"features\": []}");
            node = ops.computeNodeCreate(ctx, n);
            LOG.info("Compute node record created for {}:{} ({} vcpus, {} MB, {} GB)", host, host, spec.vcpus(),
                    spec.memoryMb(), spec.localGb());
        }
        report(ctx);
    }

    /**
     * Claims {@code flavor} for {@code uuid} and reports the new usage.
     *
     * @param limits the scheduler's limits ({@code memory_mb}, {@code vcpu}, {@code disk_gb}); null or empty = physical size
     * @throws ComputeResourcesUnavailable when it does not fit
     */
    public synchronized void claim(RequestContext ctx, String uuid, Flavor flavor, Map<String, Object> limits) {
        Usage u = Usage.of(flavor);
        Usage used = used();
        check("memory", used.memoryMb + u.memoryMb, limit(limits, "memory_mb", spec.memoryMb()), "MB");
        check("vcpu", used.vcpus + u.vcpus, limit(limits, "vcpu", Double.MAX_VALUE), "VCPU");
        check("disk", used.diskGb + u.diskGb, limit(limits, "disk_gb", spec.localGb()), "GB");
        claims.put(uuid, u);
        LOG.info("Claim successful on {} for instance {}: {} MB, {} vcpus, {} GB", host, uuid, u.memoryMb, u.vcpus,
                u.diskGb);
        report(ctx);
    }

    /** Releases whatever {@code uuid} holds here and reports. */
    public synchronized void release(RequestContext ctx, String uuid) {
        if (claims.remove(uuid) != null) {
            report(ctx);
        }
    }

    public synchronized Usage used() {
        long m = 0;
        long c = 0;
        long d = 0;
        for (Usage u : claims.values()) {
            m += u.memoryMb;
            c += u.vcpus;
            d += u.diskGb;
        }
        return new Usage(m, c, d);
    }

    public synchronized int instanceCount() {
        return claims.size();
    }

    /** Writes the current usage to the compute node (the periodic update_available_resource). */
    public synchronized void report(RequestContext ctx) {
        if (node == null) {
            return;
        }
        Usage u = used();
        node.set(ComputeNode.VCPUS_USED, u.vcpus);
        node.set(ComputeNode.MEMORY_MB_USED, u.memoryMb);
        node.set(ComputeNode.LOCAL_GB_USED, u.diskGb);
        node.set(ComputeNode.FREE_RAM_MB, spec.memoryMb() - u.memoryMb);
        node.set(ComputeNode.FREE_DISK_GB, spec.localGb() - u.diskGb);
        node.set(ComputeNode.RUNNING_VMS, (long) claims.size());
        node.set(ComputeNode.CURRENT_WORKLOAD, 0L);
        ops.computeNodeSave(ctx, node);
    }

    private static double limit(Map<String, Object> limits, String key, double physical) {
        if (limits != null && limits.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        return physical;
    }

    private void check(String what, long wanted, double limit, String unit) {
        if (wanted > limit) {
            throw new ComputeResourcesUnavailable("Free " + what + " on " + host + " is " + (long) limit + " " + unit
                    + " in total, " + wanted + " " + unit + " would be used");
        }
    }
}
