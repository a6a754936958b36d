package org.tandem.db.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.db.Database;
import org.tandem.db.DbException;
import org.tandem.db.Jdbc;

/**
 * The rows kilo's flavor data migration reads and writes (facts §5.4): instances whose flavors are
 * still in juno's {@code instance_type_*} system_metadata keys, and their {@code instance_extra}
 * rows. The caller (the model's migration) decides what the new value is; this class only finds
 * work, locks it and writes it set-wise, one batch per transaction:
 * <ol>
 *   <li>{@link #lockPage} locks the next instances after the last id seen (keyset paging: the cost
 *       of a page does not grow with the number of rows already migrated); every instance save
 *       takes the same row lock first, so what is read afterwards cannot change until the batch
 *       commits, and a save waiting for the lock writes after the batch (the save wins);</li>
 *   <li>{@link #systemMetadata} and {@link #extraFlavors} read the locked instances' data;</li>
 *   <li>{@link #write} stores the JSON and soft-deletes exactly the legacy rows read, failing the
 *       whole batch if any of them changed meanwhile (a writer that bypassed the lock).</li>
 * </ol>
 */
public final class FlavorMigrationRepository {
    /** The system_metadata keys whose presence marks a flavor still in juno's layout (current, old, new). */
    public static final List<String> MARKER_KEYS = List.of("instance_type_id", "old_instance_type_id",
            "new_instance_type_id");
    /** Statements never carry more than this many ids in one IN list. */
    private static final int IN_CHUNK = 1000;
    /** CASE branches per UPDATE (each row scans them in order). */
    private static final int CASE_CHUNK = 200;

    /** A locked instance: what decides whether it may be migrated now. */
    public record LockedInstance(long id, String uuid, String taskState, String vmState, Integer instanceTypeId) {
    }

    /** One live system_metadata row. */
    public record MetaRow(long id, String key, String value) {
    }

    /** An instance's live {@code instance_extra} row: its {@code flavor} text, null when not migrated. */
    public record ExtraFlavor(long id, String flavor) {
    }

    /**
     * The new value for one instance: {@code json} goes to {@code instance_extra.flavor} (an extra
     * row is inserted when {@code extraRowExists} is false) and the system_metadata rows
     * {@code legacyRowIds} are soft-deleted.
     */
    public record FlavorWrite(String uuid, String json, boolean extraRowExists, List<Long> legacyRowIds) {
    }

    private static final String NEEDS_MIGRATION = "(NOT EXISTS (SELECT 1 FROM instance_extra e WHERE "
            + "e.instance_uuid = i.uuid AND e.deleted = 0 AND e.flavor IS NOT NULL) OR EXISTS (SELECT 1 FROM "
            + "instance_system_metadata s WHERE s.instance_uuid = i.uuid AND s.deleted = 0 AND s.\"key\" IN (?, ?, ?)))";

    private final Jdbc jdbc;

    public FlavorMigrationRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    /**
     * How many live instances need the migration: no migrated flavor yet, or legacy keys present
     * (a juno node wrote them back). One pass over the instances; for progress bars.
     */
    public long countCandidates() {
        return jdbc.queryOne("SELECT COUNT(*) AS n FROM instances i WHERE i.deleted = 0 AND " + NEEDS_MIGRATION,
                r -> r.longValue("n"), MARKER_KEYS.toArray()).orElse(0L);
    }

    /**
     * Live instances still holding a current flavor in system_metadata ({@code instance_type_id}):
     * the count Nova's Liberty migration 291 checks before it lets {@code db sync} continue.
     * Deleted instances and deleted keys are not counted.
     */
    public long countUnmigrated() {
        return jdbc.queryOne("SELECT COUNT(*) AS n FROM instance_system_metadata s JOIN instances i ON i.uuid = "
                + "s.instance_uuid WHERE s.\"key\" = ? AND s.deleted = 0 AND i.deleted = 0", r -> r.longValue("n"),
                MARKER_KEYS.get(0)).orElse(0L);
    }

    /**
     * Locks and returns the next {@code limit} live instances after id {@code afterId}, in id order
     * (keyset paging: the cost of a page does not depend on how many rows were migrated before it;
     * no anti-join, whose hashed sub-plans scan whole tables). Must run inside
     * {@link Jdbc#inTransaction}; the locks last until it ends. Which of them need the migration is
     * decided from {@link #systemMetadata} and {@link #extraFlavors}, read under these locks.
     */
    public List<LockedInstance> lockPage(long afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return jdbc.query("SELECT id, uuid, task_state, vm_state, instance_type_id FROM instances WHERE deleted = 0 "
                + "AND id > ? ORDER BY id LIMIT " + limit + " FOR UPDATE", r -> new LockedInstance(r.longValue("id"),
                        r.string("uuid"), r.string("task_state"), r.string("vm_state"), r.integer("instance_type_id")),
                afterId);
    }

    /** Live system_metadata rows of each instance (uuid to rows in id order; instances without any are absent). */
    public Map<String, List<MetaRow>> systemMetadata(Collection<String> uuids) {
        Map<String, List<MetaRow>> out = new LinkedHashMap<>();
        for (List<String> chunk : chunks(uuids)) {
            jdbc.query("SELECT id, instance_uuid, \"key\", \"value\" FROM instance_system_metadata WHERE deleted = 0 "
                    + "AND instance_uuid IN (" + marks(chunk.size()) + ") ORDER BY id", r -> out
                            .computeIfAbsent(r.string("instance_uuid"), k -> new ArrayList<>())
                            .add(new MetaRow(r.longValue("id"), r.string("key"), r.string("value"))), chunk.toArray());
        }
        return out;
    }

    /** The live {@code instance_extra} row of each instance (the oldest if several; absent when none). */
    public Map<String, ExtraFlavor> extraFlavors(Collection<String> uuids) {
        Map<String, ExtraFlavor> out = new LinkedHashMap<>();
        for (List<String> chunk : chunks(uuids)) {
            jdbc.query("SELECT id, instance_uuid, flavor FROM instance_extra WHERE deleted = 0 AND instance_uuid IN ("
                    + marks(chunk.size()) + ") ORDER BY id", r -> out.putIfAbsent(r.string("instance_uuid"),
                            new ExtraFlavor(r.longValue("id"), r.string("flavor"))), chunk.toArray());
        }
        return out;
    }

    /**
     * Writes a batch (inside the batch's transaction): {@code instance_extra.flavor} per instance,
     * then soft-deletes the legacy rows.
     *
     * @throws DbException when a row to write was changed or deleted by someone else since it was
     *     read; the transaction must then roll back (nothing of the batch is kept)
     */
    public void write(List<FlavorWrite> writes) {
        var now = jdbc.now();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        List<Long> legacy = new ArrayList<>();
        for (FlavorWrite w : writes) {
            if (w.extraRowExists()) {
                updates.add(new Object[] {w.json(), now, w.uuid()});
            } else {
                inserts.add(new Object[] {now, w.uuid(), w.json()});
            }
            legacy.addAll(w.legacyRowIds());
        }
        // One UPDATE per chunk of instances (a CASE picks each row's JSON) rather than one per instance:
        // at a batch of 1000 the per-statement cost, not the rows, dominated.
        int updated = 0;
        for (List<Object[]> chunk : chunks(updates, CASE_CHUNK)) {
            StringBuilder sql = new StringBuilder("UPDATE instance_extra SET flavor = CASE instance_uuid");
            List<Object> params = new ArrayList<>();
            for (Object[] u : chunk) {
                sql.append(" WHEN ? THEN ?");
                params.add(u[2]);
                params.add(u[0]);
            }
            sql.append(" END, updated_at = ? WHERE deleted = 0 AND instance_uuid IN (").append(marks(chunk.size()))
                    .append(')');
            params.add(now);
            for (Object[] u : chunk) {
                params.add(u[2]);
            }
            updated += jdbc.update(sql.toString(), params.toArray());
        }
        if (updated < updates.size()) {
            throw new DbException((updates.size() - updated) + " instance_extra rows of this batch disappeared during "
                    + "the flavor migration; the batch was rolled back, rerun the command");
        }
        jdbc.batchUpdate("INSERT INTO instance_extra (created_at, deleted, instance_uuid, flavor) VALUES (?, 0, ?, ?)",
                inserts);
        int deleted = 0;
        for (List<Long> chunk : chunks(legacy)) {
            Object[] params = new Object[chunk.size() + 2];
            params[0] = now;
            params[1] = now;
            System.arraycopy(chunk.toArray(), 0, params, 2, chunk.size());
            deleted += jdbc.update("UPDATE instance_system_metadata SET deleted = id, deleted_at = ?, updated_at = ? "
                    + "WHERE deleted = 0 AND id IN (" + marks(chunk.size()) + ")", params);
        }
        if (deleted != legacy.size()) {
            throw new DbException((legacy.size() - deleted) + " legacy flavor rows of this batch were changed by "
                    + "another writer while it ran; the batch was rolled back, rerun the command");
        }
    }

    private static String marks(int n) {
        return "?, ".repeat(n - 1) + "?";
    }

    private static <T> List<List<T>> chunks(Collection<T> all) {
        return chunks(all, IN_CHUNK);
    }

    private static <T> List<List<T>> chunks(Collection<T> all, int size) {
        List<T> list = new ArrayList<>(all);
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < list.size(); from += size) {
            out.add(list.subList(from, Math.min(list.size(), from + size)));
        }
        return out;
    }
}
