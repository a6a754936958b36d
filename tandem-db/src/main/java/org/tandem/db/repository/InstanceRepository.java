package org.tandem.db.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tandem.db.Database;
import org.tandem.db.Jdbc;
import org.tandem.db.NotFoundException;
import org.tandem.db.UnexpectedStateException;

/**
 * Instances with their system metadata, metadata and extra row. Values are given as column name
 * to value maps (Nova's {@code instance_create(values)} / {@code instance_update(values)});
 * unknown columns or wrongly typed values are rejected with the list of writable columns.
 */
public final class InstanceRepository {
    /** Kind reported by {@link NotFoundException} for a missing instance. */
    public static final String NOT_FOUND = "Instance";

    private final Jdbc jdbc;
    private final Table<InstanceRow> instances;
    private final Table<InstanceExtraRow> extra;
    private volatile Boolean flavorColumn;
    private volatile long flavorColumnCheckedAt;

    public InstanceRepository(Database db) {
        this.jdbc = db.jdbc();
        this.instances = new Table<>(jdbc, "instances", InstanceRow.class, "uuid");
        this.extra = new Table<>(jdbc, "instance_extra", InstanceExtraRow.class, "id");
    }

    /**
     * Creates an instance (a random uuid unless {@code values} has one), its system metadata and
     * metadata, and its {@code instance_extra} row, in one transaction.
     *
     * @throws org.tandem.db.DuplicateEntryException if the uuid exists
     */
    public InstanceRow create(Map<String, ?> values, Map<String, String> systemMetadata, Map<String, String> metadata) {
        Map<String, Object> row = instances.checkValues(values, Set.of());
        row.putIfAbsent("uuid", UUID.randomUUID().toString());
        String uuid = (String) row.get("uuid");
        return jdbc.inTransaction(() -> {
            instances.insert(row);
            extra.insert(Map.of("instance_uuid", uuid));
            writeMeta("instance_system_metadata", uuid, systemMetadata, false);
            writeMeta("instance_metadata", uuid, metadata, false);
            return get(uuid);
        });
    }

    public InstanceRow create(Map<String, ?> values) {
        return create(values, Map.of(), Map.of());
    }

    /** A live instance by uuid. @throws NotFoundException "Instance" */
    public InstanceRow get(String uuid) {
        return get(uuid, ReadDeleted.NO);
    }

    public InstanceRow get(String uuid, ReadDeleted readDeleted) {
        List<InstanceRow> rows = instances.select("uuid = ? AND " + instances.deletedClause(readDeleted), uuid);
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, "uuid", uuid);
        }
        return rows.get(0);
    }

    /**
     * A live instance by uuid, write-locked until the surrounding transaction ends: a save that
     * writes only system_metadata, metadata or {@code instance_extra} takes this lock first, as an
     * update of the instance row does, so it serialises with the flavor data migration
     * ({@link FlavorMigrationRepository#lock}). @throws NotFoundException "Instance"
     */
    public InstanceRow getForUpdate(String uuid) {
        List<InstanceRow> rows = instances.select("uuid = ? AND deleted = 0 FOR UPDATE", uuid);
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, "uuid", uuid);
        }
        return rows.get(0);
    }

    /** A live instance by database id. @throws NotFoundException "Instance" */
    public InstanceRow getById(long id) {
        List<InstanceRow> rows = instances.select("id = ? AND deleted = 0", id);
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
        return rows.get(0);
    }

    /** Filtered, paged list; the marker is an instance uuid. */
    public List<InstanceRow> list(ListQuery query) {
        return instances.list(query);
    }

    /** Live instances on a host (Nova's {@code instance_get_all_by_host}). */
    public List<InstanceRow> listByHost(String host) {
        return instances.list(ListQuery.where("host", host));
    }

    /**
     * Live instances in one of {@code taskStates} that nothing has written since {@code before}
     * ({@code updated_at}, or {@code created_at} for one never updated), oldest first, at most
     * {@code limit}: the candidates of a lost request.
     */
    public List<InstanceRow> listNotUpdatedSince(java.util.Collection<String> taskStates, Instant before, int limit) {
        if (taskStates.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(taskStates);
        params.add(before);
        params.add(limit);
        return instances.select("deleted = 0 AND task_state IN (" + "?, ".repeat(taskStates.size() - 1)
                + "?) AND COALESCE(updated_at, created_at) < ? ORDER BY COALESCE(updated_at, created_at), id LIMIT ?",
                params.toArray());
    }

    /**
     * Takes an instance found by {@link #listNotUpdatedSince} for recovery: stamps its
     * {@code updated_at} if it is still in {@code taskState} and still not written since
     * {@code before}. Of several callers racing for it, exactly one gets true.
     */
    public boolean claimNotUpdatedSince(String uuid, String taskState, Instant before) {
        return instances.update(Map.of(), "uuid = ? AND deleted = 0 AND task_state = ? AND COALESCE(updated_at, "
                + "created_at) < ?", uuid, taskState, before) == 1;
    }

    /** Updates without a state condition. */
    public InstanceRow update(String uuid, Map<String, ?> values) {
        return update(uuid, values, ExpectedState.any());
    }

    /**
     * Updates a live instance if its task/vm state matches {@code expected}, atomically (one
     * conditional UPDATE). Returns the updated row.
     *
     * @throws UnexpectedStateException if the state did not match (nothing written)
     * @throws NotFoundException if there is no live instance with this uuid
     */
    public InstanceRow update(String uuid, Map<String, ?> values, ExpectedState expected) {
        Map<String, Object> set = instances.checkValues(values, Set.of("uuid"));
        StringBuilder where = new StringBuilder("uuid = ? AND deleted = 0");
        List<Object> params = new ArrayList<>();
        params.add(uuid);
        appendStateCondition(where, params, "task_state", expected.taskStates());
        appendStateCondition(where, params, "vm_state", expected.vmStates());
        int n = instances.update(set, where.toString(), params.toArray());
        if (n == 0) {
            InstanceRow current = get(uuid);
            if (expected.taskStates() != null && !expected.taskStates().contains(current.taskState())) {
                throw new UnexpectedStateException(uuid, "task_state", expected.taskStates(), current.taskState());
            }
            if (expected.vmStates() != null && !expected.vmStates().contains(current.vmState())) {
                throw new UnexpectedStateException(uuid, "vm_state", expected.vmStates(), current.vmState());
            }
            // The state changed between the UPDATE and this read: report what the UPDATE saw as a conflict.
            throw new UnexpectedStateException(uuid, expected.taskStates() != null ? "task_state" : "vm_state",
                    expected.taskStates() != null ? expected.taskStates() : expected.vmStates(),
                    expected.taskStates() != null ? current.taskState() : current.vmState());
        }
        return get(uuid);
    }

    private static void appendStateCondition(StringBuilder where, List<Object> params, String column,
            List<String> states) {
        if (states == null) {
            return;
        }
        List<String> values = states.stream().filter(s -> s != null).toList();
        boolean withNull = values.size() != states.size();
        List<String> parts = new ArrayList<>();
        if (!values.isEmpty()) {
            parts.add(column + " IN (" + "?, ".repeat(values.size() - 1) + "?)");
            params.addAll(values);
        }
        if (withNull) {
            parts.add(column + " IS NULL");
        }
        where.append(" AND (").append(parts.isEmpty() ? "1 = 0" : String.join(" OR ", parts)).append(')');
    }

    /**
     * Soft-deletes a live instance and its metadata, system metadata and extra row
     * (deleted = id). Returns the deleted row.
     *
     * @throws NotFoundException if there is no live instance with this uuid
     */
    public InstanceRow softDelete(String uuid) {
        return jdbc.inTransaction(() -> {
            InstanceRow row = get(uuid);
            instances.softDelete("uuid = ?", uuid);
            jdbc.update("UPDATE instance_system_metadata SET deleted = id, deleted_at = ? WHERE instance_uuid = ? "
                    + "AND deleted = 0", jdbc.now(), uuid);
            jdbc.update("UPDATE instance_metadata SET deleted = id, deleted_at = ? WHERE instance_uuid = ? "
                    + "AND deleted = 0", jdbc.now(), uuid);
            extra.softDelete("instance_uuid = ?", uuid);
            return get(row.uuid(), ReadDeleted.ONLY);
        });
    }

    /** Live system metadata of an instance (empty if none). */
    public Map<String, String> systemMetadata(String uuid) {
        return readMeta("instance_system_metadata", uuid);
    }

    /** Replaces the instance's system metadata: keys not in {@code values} are soft-deleted. */
    public void setSystemMetadata(String uuid, Map<String, String> values) {
        get(uuid);
        jdbc.inTransaction(() -> writeMeta("instance_system_metadata", uuid, values, true));
    }

    /** Adds or changes the given system metadata keys, keeping the others. */
    public void mergeSystemMetadata(String uuid, Map<String, String> values) {
        get(uuid);
        jdbc.inTransaction(() -> writeMeta("instance_system_metadata", uuid, values, false));
    }

    /** Live user metadata of an instance (empty if none). */
    public Map<String, String> metadata(String uuid) {
        return readMeta("instance_metadata", uuid);
    }

    /** Replaces the instance's metadata: keys not in {@code values} are soft-deleted. */
    public void setMetadata(String uuid, Map<String, String> values) {
        get(uuid);
        jdbc.inTransaction(() -> writeMeta("instance_metadata", uuid, values, true));
    }

    /** The instance's live {@code instance_extra} row. @throws NotFoundException "InstanceExtra" */
    public InstanceExtraRow extra(String uuid) {
        List<InstanceExtraRow> rows = extra.select("instance_uuid = ? AND deleted = 0 ORDER BY id", uuid);
        if (rows.isEmpty()) {
            throw new NotFoundException("InstanceExtra", "instance_uuid", uuid);
        }
        return rows.get(0);
    }

    /** Updates {@code instance_extra} columns (numa_topology, pci_requests), creating the row if missing. */
    public InstanceExtraRow updateExtra(String uuid, Map<String, ?> values) {
        Map<String, Object> set = extra.checkValues(values, Set.of("instance_uuid"));
        get(uuid);
        return jdbc.inTransaction(() -> {
            if (extra.update(set, "instance_uuid = ? AND deleted = 0", uuid) == 0) {
                Map<String, Object> row = new LinkedHashMap<>(set);
                row.put("instance_uuid", uuid);
                extra.insert(row);
            }
            return extra(uuid);
        });
    }

    /**
     * True when the schema has kilo's {@code instance_extra.flavor} (migration 270). Juno code on a
     * juno schema never touches it; a negative answer is re-checked after 30 s, because a kilo
     * {@code db sync} may add the column while services run.
     */
    public boolean hasFlavorColumn() {
        Boolean known = flavorColumn;
        long now = System.nanoTime();
        if (known != null && (known || now - flavorColumnCheckedAt < 30_000_000_000L)) {
            return known;
        }
        boolean present;
        try {
            jdbc.query("SELECT flavor FROM instance_extra WHERE 1 = 0", r -> null);
            present = true;
        } catch (RuntimeException e) {
            present = false;
        }
        flavorColumnCheckedAt = now;
        flavorColumn = present;
        return present;
    }

    /** The instance's {@code instance_extra.flavor} text, or null (no column, no row, or not migrated). */
    public String extraFlavor(String uuid) {
        if (!hasFlavorColumn()) {
            return null;
        }
        List<String> rows = jdbc.query("SELECT flavor FROM instance_extra WHERE instance_uuid = ? AND deleted = 0 "
                + "ORDER BY id", r -> r.string("flavor"), uuid);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** {@code instance_extra.flavor} of several instances (uuid to text; instances without one are absent). */
    public Map<String, String> extraFlavors(java.util.Collection<String> uuids) {
        Map<String, String> out = new LinkedHashMap<>();
        if (uuids.isEmpty() || !hasFlavorColumn()) {
            return out;
        }
        List<String> all = new ArrayList<>(uuids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            jdbc.query("SELECT instance_uuid, flavor FROM instance_extra WHERE deleted = 0 AND flavor IS NOT NULL AND "
                    + "instance_uuid IN (" + "?, ".repeat(chunk.size() - 1) + "?) ORDER BY id", r -> {
                        out.putIfAbsent(r.string("instance_uuid"), r.string("flavor"));
                        return null;
                    }, chunk.toArray());
        }
        return out;
    }

    /**
     * Writes {@code instance_extra.flavor} (creating the extra row if missing).
     *
     * @throws SchemaException when the schema predates kilo's migration 270
     */
    public void setExtraFlavor(String uuid, String json) {
        if (!hasFlavorColumn()) {
            throw new org.tandem.db.SchemaException("instance_extra.flavor does not exist: the database schema is older "
                    + "than kilo (migration 270). Run 'nova-manage db sync' with kilo code first.");
        }
        jdbc.inTransaction(() -> {
            if (jdbc.update("UPDATE instance_extra SET flavor = ?, updated_at = ? WHERE instance_uuid = ? AND deleted = 0",
                    json, jdbc.now(), uuid) == 0) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("instance_uuid", uuid);
                row.put("flavor", json);
                extra.insert(row);
            }
        });
    }

    /** Runs {@code work} in one database transaction (several writes to one instance commit together). */
    public <T> T inTransaction(java.util.function.Supplier<T> work) {
        return jdbc.inTransaction(work);
    }

    private Map<String, String> readMeta(String table, String uuid) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.query("SELECT \"key\", \"value\" FROM " + table + " WHERE instance_uuid = ? AND deleted = 0 ORDER BY id",
                r -> out.put(r.string("key"), r.string("value")), uuid);
        return out;
    }

    private void writeMeta(String table, String uuid, Map<String, String> values, boolean replace) {
        Map<String, String> current = readMeta(table, uuid);
        Instant now = jdbc.now();
        if (replace) {
            for (String key : current.keySet()) {
                if (!values.containsKey(key)) {
                    jdbc.update("UPDATE " + table + " SET deleted = id, deleted_at = ?, updated_at = ? "
                            + "WHERE instance_uuid = ? AND \"key\" = ? AND deleted = 0", now, now, uuid, key);
                }
            }
        }
        for (Map.Entry<String, String> e : new HashMap<>(values).entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("metadata keys must not be null (instance " + uuid + ")");
            }
            if (!current.containsKey(e.getKey())) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("created_at", now);
                row.put("deleted", 0);
                row.put("instance_uuid", uuid);
                row.put("key", e.getKey());
                row.put("value", e.getValue());
                jdbc.insert(table, row);
            } else if (!java.util.Objects.equals(current.get(e.getKey()), e.getValue())) {
                jdbc.update("UPDATE " + table + " SET \"value\" = ?, updated_at = ? WHERE instance_uuid = ? "
                        + "AND \"key\" = ? AND deleted = 0", e.getValue(), now, uuid, e.getKey());
            }
        }
    }
}
