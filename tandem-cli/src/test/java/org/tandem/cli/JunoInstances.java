package org.tandem.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tandem.db.Database;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.db.FlavorRows;

/** Writes juno-layout instances (flavor m1.tiny in system_metadata, an empty instance_extra row) in JDBC batches. */
final class JunoInstances {
    private JunoInstances() {
    }

    static List<String> create(Database db, int n, String vmState, String taskState) {
        var row = new FlavorRepository(db).getByFlavorId("1");
        Map<String, String> sysmeta = FlavorSysmeta.save(new LinkedHashMap<>(), FlavorRows.toFlavor(row),
                FlavorSysmeta.CURRENT);
        var now = db.jdbc().now();
        List<String> uuids = new ArrayList<>();
        List<Object[]> inst = new ArrayList<>();
        List<Object[]> extra = new ArrayList<>();
        List<Object[]> meta = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String uuid = UUID.randomUUID().toString();
            uuids.add(uuid);
            inst.add(new Object[] {now, uuid, vmState, taskState, (int) row.id()});
            extra.add(new Object[] {now, uuid});
            sysmeta.forEach((k, v) -> meta.add(new Object[] {now, uuid, k, v}));
        }
        db.jdbc().inTransaction(() -> {
            db.jdbc().batchUpdate("INSERT INTO instances (created_at, deleted, uuid, vm_state, task_state, "
                    + "instance_type_id) VALUES (?, 0, ?, ?, ?, ?)", inst);
            db.jdbc().batchUpdate("INSERT INTO instance_extra (created_at, deleted, instance_uuid) VALUES (?, 0, ?)",
                    extra);
            db.jdbc().batchUpdate("INSERT INTO instance_system_metadata (created_at, deleted, instance_uuid, \"key\", "
                    + "\"value\") VALUES (?, 0, ?, ?, ?)", meta);
        });
        return uuids;
    }
}
