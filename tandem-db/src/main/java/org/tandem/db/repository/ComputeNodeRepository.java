package org.tandem.db.repository;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;

/** {@code compute_nodes}: one row per hypervisor (host + hypervisor_hostname), written by the resource tracker. */
public final class ComputeNodeRepository {
    public static final String NOT_FOUND = "ComputeNode";

    private final Table<ComputeNodeRow> nodes;

    public ComputeNodeRepository(Database db) {
        this.nodes = new Table<>(db.jdbc(), "compute_nodes", ComputeNodeRow.class, "id");
    }

    /**
     * Creates a node. {@code values} should hold host, hypervisor_hostname and the capacity
     * columns (vcpus, memory_mb, local_gb; the *_used columns default to 0).
     *
     * @throws org.tandem.db.DuplicateEntryException if a live node has this host and hypervisor_hostname
     */
    public ComputeNodeRow create(Map<String, ?> values) {
        return get(nodes.insert(nodes.checkValues(values, Set.of())));
    }

    public ComputeNodeRow get(long id) {
        return one(nodes.select("id = ? AND deleted = 0", id), "id", id);
    }

    public ComputeNodeRow getByHostAndNode(String host, String hypervisorHostname) {
        return one(nodes.select("host = ? AND hypervisor_hostname = ? AND deleted = 0", host, hypervisorHostname),
                "host/node", host + "/" + hypervisorHostname);
    }

    public List<ComputeNodeRow> listByHost(String host) {
        return nodes.list(ListQuery.where("host", host));
    }

    /** Filtered, paged list (marker: id). */
    public List<ComputeNodeRow> list(ListQuery query) {
        return nodes.list(query);
    }

    public ComputeNodeRow update(long id, Map<String, ?> values) {
        if (nodes.update(nodes.checkValues(values, Set.of()), "id = ? AND deleted = 0", id) == 0) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
        return get(id);
    }

    /**
     * Updates usage columns (vcpus_used, memory_mb_used, local_gb_used, free_ram_mb, free_disk_gb,
     * running_vms, current_workload, ...) of the node a host reports.
     */
    public ComputeNodeRow updateByHostAndNode(String host, String hypervisorHostname, Map<String, ?> values) {
        int n = nodes.update(nodes.checkValues(values, Set.of("host", "hypervisor_hostname")),
                "host = ? AND hypervisor_hostname = ? AND deleted = 0", host, hypervisorHostname);
        if (n == 0) {
            throw new NotFoundException(NOT_FOUND, "host/node", host + "/" + hypervisorHostname);
        }
        return getByHostAndNode(host, hypervisorHostname);
    }

    public void softDelete(long id) {
        if (nodes.softDelete("id = ?", id) == 0) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
    }

    private static ComputeNodeRow one(List<ComputeNodeRow> rows, String keyName, Object key) {
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, keyName, key);
        }
        return rows.get(0);
    }
}
