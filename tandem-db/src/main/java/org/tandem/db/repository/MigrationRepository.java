package org.tandem.db.repository;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;

/** {@code migrations}: resize and migration records of instances. */
public final class MigrationRepository {
    public static final String NOT_FOUND = "Migration";
    /** Statuses after which a migration no longer holds resources on its hosts. */
    public static final List<String> FINISHED_STATUSES = List.of("confirmed", "reverted", "error", "failed",
            "completed", "cancelled");

    private final Table<MigrationRow> migrations;

    public MigrationRepository(Database db) {
        this.migrations = new Table<>(db.jdbc(), "migrations", MigrationRow.class, "id");
    }

    public MigrationRow create(Map<String, ?> values) {
        return get(migrations.insert(migrations.checkValues(values, Set.of())));
    }

    public MigrationRow get(long id) {
        List<MigrationRow> rows = migrations.select("id = ? AND deleted = 0", id);
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
        return rows.get(0);
    }

    /** The newest live migration of an instance in a status (Nova's migration_get_by_instance_and_status). */
    public MigrationRow getByInstanceAndStatus(String instanceUuid, String status) {
        List<MigrationRow> rows = migrations.select("instance_uuid = ? AND status = ? AND deleted = 0 ORDER BY id DESC",
                instanceUuid, status);
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, "instance/status", instanceUuid + "/" + status);
        }
        return rows.get(0);
    }

    /** Unfinished migrations from or to a node (the resource tracker counts their claims). */
    public List<MigrationRow> listInProgressByHostAndNode(String host, String node) {
        return migrations.select("deleted = 0 AND ((source_compute = ? AND source_node = ?) OR "
                + "(dest_compute = ? AND dest_node = ?)) AND status NOT IN ("
                + "?, ".repeat(FINISHED_STATUSES.size() - 1) + "?) ORDER BY id",
                concat(new Object[] {host, node, host, node}, FINISHED_STATUSES.toArray()));
    }

    /** Filtered, paged list (filters such as instance_uuid, status, source_compute; marker: id). */
    public List<MigrationRow> list(ListQuery query) {
        return migrations.list(query);
    }

    public MigrationRow update(long id, Map<String, ?> values) {
        if (migrations.update(migrations.checkValues(values, Set.of()), "id = ? AND deleted = 0", id) == 0) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
        return get(id);
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
