package org.tandem.db.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.db.Database;

/** {@code instance_faults}: errors recorded against instances, newest first when read. */
public final class InstanceFaultRepository {
    /** Nova truncates fault messages to the column size. */
    public static final int MAX_MESSAGE = 255;

    private final Table<InstanceFaultRow> faults;

    public InstanceFaultRepository(Database db) {
        this.faults = new Table<>(db.jdbc(), "instance_faults", InstanceFaultRow.class, "id");
    }

    /** Records a fault; a message longer than 255 characters is cut to fit. */
    public InstanceFaultRow create(String instanceUuid, int code, String message, String details, String host) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("instance_uuid", instanceUuid);
        row.put("code", code);
        row.put("message", message != null && message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
        row.put("details", details);
        row.put("host", host);
        long id = faults.insert(row);
        return faults.select("id = ?", id).get(0);
    }

    /** Live faults of each given instance, newest first; instances without faults map to an empty list. */
    public Map<String, List<InstanceFaultRow>> listByInstanceUuids(Collection<String> instanceUuids) {
        Map<String, List<InstanceFaultRow>> out = new LinkedHashMap<>();
        for (String u : instanceUuids) {
            out.put(u, new ArrayList<>());
        }
        if (instanceUuids.isEmpty()) {
            return out;
        }
        for (InstanceFaultRow f : faults.list(ListQuery.where("instance_uuid", instanceUuids).newestFirst())) {
            out.get(f.instanceUuid()).add(f);
        }
        return out;
    }
}
