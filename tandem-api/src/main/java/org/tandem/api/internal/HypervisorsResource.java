package org.tandem.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.api.ApiException;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;
import org.tandem.db.repository.ComputeNodeRepository;
import org.tandem.db.repository.ComputeNodeRow;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;

/** {@code /os-hypervisors} (list, detail, show, statistics); microversions 2.2..2.11 change nothing here. */
final class HypervisorsResource {
    private final Database db;
    private final ComputeNodeRepository nodes;
    private final ServiceRepository services;
    private final Duration downTime;

    HypervisorsResource(Database db, Duration downTime) {
        this.db = db;
        this.nodes = new ComputeNodeRepository(db);
        this.services = new ServiceRepository(db);
        this.downTime = downTime;
    }

    void register(Router router) {
        router.add("GET", "/os-hypervisors", "os_compute_api:os-hypervisors:list", r -> list(r, false))
                .add("GET", "/os-hypervisors/detail", "os_compute_api:os-hypervisors:list-detail", r -> list(r, true))
                .add("GET", "/os-hypervisors/statistics", "os_compute_api:os-hypervisors:statistics", this::statistics)
                .add("GET", "/os-hypervisors/{id}", "os_compute_api:os-hypervisors:show", this::show)
                .add("GET", "/os-hypervisors/{id}/uptime", "os_compute_api:os-hypervisors:uptime", r -> {
                    show(r);
                    throw new ApiException(501, "Virt driver does not implement uptime function.");
                })
                // Tandem has no host aggregates; clients that list them (openstack hypervisor show) get none
                .add("GET", "/os-aggregates", "os_compute_api:os-aggregates:index",
                        r -> ApiResponse.ok(Map.of("aggregates", List.of())));
    }

    private ServiceRow serviceOf(ComputeNodeRow n) {
        try {
            if (n.serviceId() != null) {
                return services.get(n.serviceId());
            }
            return services.getByHostAndBinary(n.host(), ServicesResource.COMPUTE_BINARY);
        } catch (NotFoundException e) {
            return null;
        }
    }

    private ApiResponse list(ApiRequest r, boolean detail) {
        Instant now = db.clock().instant();
        List<Object> out = nodes.list(ListQuery.all()).stream().map(n -> (Object) view(n, detail, now)).toList();
        return ApiResponse.ok(Map.of("hypervisors", out));
    }

    private ApiResponse show(ApiRequest r) {
        String raw = r.param("id");
        ComputeNodeRow n;
        try {
            n = nodes.get(Long.parseLong(raw.trim()));
        } catch (NumberFormatException | NotFoundException e) {
            throw ApiException.notFound("Hypervisor with ID '" + raw + "' could not be found.");
        }
        return ApiResponse.ok(Map.of("hypervisor", view(n, true, db.clock().instant())));
    }

    private Map<String, Object> view(ComputeNodeRow n, boolean detail, Instant now) {
        ServiceRow s = serviceOf(n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("hypervisor_hostname", n.hypervisorHostname());
        m.put("state", s != null && s.isUp(now, downTime) ? "up" : "down");
        m.put("status", s != null && s.isDisabled() ? "disabled" : "enabled");
        if (detail) {
            m.put("vcpus", n.vcpus());
            m.put("memory_mb", n.memoryMb());
            m.put("local_gb", n.localGb());
            m.put("vcpus_used", n.vcpusUsed());
            m.put("memory_mb_used", n.memoryMbUsed());
            m.put("local_gb_used", n.localGbUsed());
            m.put("hypervisor_type", n.hypervisorType());
            m.put("hypervisor_version", n.hypervisorVersion());
            m.put("free_ram_mb", n.freeRamMb());
            m.put("free_disk_gb", n.freeDiskGb());
            m.put("current_workload", n.currentWorkload());
            m.put("running_vms", n.runningVms());
            m.put("cpu_info", n.cpuInfo());
            m.put("disk_available_least", n.diskAvailableLeast());
            m.put("host_ip", n.hostIp());
            Map<String, Object> svc = new LinkedHashMap<>();
            svc.put("host", s != null ? s.host() : n.host());
            svc.put("id", s != null ? s.id() : n.serviceId());
            svc.put("disabled_reason", s != null ? s.disabledReason() : null);
            m.put("service", svc);
        }
        return m;
    }

    private ApiResponse statistics(ApiRequest r) {
        long count = 0;
        long[] sums = new long[12];
        for (ComputeNodeRow n : nodes.list(ListQuery.all())) {
            count++;
            sums[0] += n.vcpus();
            sums[1] += n.memoryMb();
            sums[2] += n.localGb();
            sums[3] += n.vcpusUsed();
            sums[4] += n.memoryMbUsed();
            sums[5] += n.localGbUsed();
            sums[6] += n.freeRamMb() == null ? n.memoryMb() - n.memoryMbUsed() : n.freeRamMb();
            sums[7] += n.freeDiskGb() == null ? n.localGb() - n.localGbUsed() : n.freeDiskGb();
            sums[8] += n.currentWorkload() == null ? 0 : n.currentWorkload();
            sums[9] += n.runningVms() == null ? 0 : n.runningVms();
            sums[10] += n.diskAvailableLeast() == null ? 0 : n.diskAvailableLeast();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("vcpus", sums[0]);
        m.put("memory_mb", sums[1]);
        m.put("local_gb", sums[2]);
        m.put("vcpus_used", sums[3]);
        m.put("memory_mb_used", sums[4]);
        m.put("local_gb_used", sums[5]);
        m.put("free_ram_mb", sums[6]);
        m.put("free_disk_gb", sums[7]);
        m.put("current_workload", sums[8]);
        m.put("running_vms", sums[9]);
        m.put("disk_available_least", sums[10]);
        return ApiResponse.ok(Map.of("hypervisor_statistics", m));
    }
}
