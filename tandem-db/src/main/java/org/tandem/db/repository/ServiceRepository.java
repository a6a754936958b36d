package org.tandem.db.repository;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tandem.db.Database;
import org.tandem.db.Jdbc;
import org.tandem.db.NotFoundException;

/**
 * The {@code services} table: registration, heartbeats, enable/disable, forced down, service
 * versions and the minimum-version query that {@code [upgrade_levels] ...=auto} relies on.
 */
public final class ServiceRepository {
    public static final String NOT_FOUND = "Service";

    private final Jdbc jdbc;
    private final Table<ServiceRow> services;

    public ServiceRepository(Database db) {
        this.jdbc = db.jdbc();
        this.services = new Table<>(jdbc, "services", ServiceRow.class, "id");
    }

    /**
     * Registers a service (enabled, report_count 0, not forced down).
     *
     * @throws org.tandem.db.DuplicateEntryException if a live service has this host+binary or host+topic
     */
    public ServiceRow create(String host, String binary, String topic, int version) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("host", host);
        row.put("binary", binary);
        row.put("topic", topic);
        row.put("report_count", 0);
        row.put("disabled", false);
        row.put("forced_down", false);
        row.put("version", version);
        return get(services.insert(row));
    }

    public ServiceRow get(long id) {
        return one(services.select("id = ? AND deleted = 0", id), "id", id);
    }

    public ServiceRow getByHostAndBinary(String host, String binary) {
        return one(services.select("host = ? AND \"binary\" = ? AND deleted = 0", host, binary),
                "host/binary", host + "/" + binary);
    }

    public ServiceRow getByHostAndTopic(String host, String topic) {
        return one(services.select("host = ? AND topic = ? AND deleted = 0", host, topic),
                "host/topic", host + "/" + topic);
    }

    /** Filtered, paged list (filters such as {@code binary}, {@code host}, {@code disabled}; marker: id). */
    public List<ServiceRow> list(ListQuery query) {
        return services.list(query);
    }

    /**
     * Records a heartbeat: report_count + 1, last_seen_up and updated_at = now (UTC).
     *
     * @throws NotFoundException if the service is gone (e.g. deleted by an operator)
     */
    public ServiceRow heartbeat(long id) {
        int n = jdbc.update("UPDATE services SET report_count = report_count + 1, last_seen_up = ?, updated_at = ? "
                + "WHERE id = ? AND deleted = 0", jdbc.now(), jdbc.now(), id);
        if (n == 0) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
        return get(id);
    }

    /** Disables (with an optional reason) or enables (clearing the reason) a service. */
    public ServiceRow setDisabled(long id, boolean disabled, String reason) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("disabled", disabled);
        v.put("disabled_reason", disabled ? reason : null);
        return updateValues(id, v);
    }

    /** Marks a service forced down (reported down regardless of heartbeats; excluded from minimum versions). */
    public ServiceRow setForcedDown(long id, boolean forcedDown) {
        return updateValues(id, Map.of("forced_down", forcedDown));
    }

    /** Records the service version a (re)started service runs. */
    public ServiceRow setVersion(long id, int version) {
        return updateValues(id, Map.of("version", version));
    }

    /** Generic update of writable columns (host, binary, topic, disabled, disabled_reason, forced_down, version, ...). */
    public ServiceRow updateValues(long id, Map<String, ?> values) {
        Map<String, Object> set = services.checkValues(values, Set.of());
        if (services.update(set, "id = ? AND deleted = 0", id) == 0) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
        return get(id);
    }

    /** Soft-deletes a service (deleted = id), freeing its host+binary for a new registration. */
    public void softDelete(long id) {
        if (services.softDelete("id = ?", id) == 0) {
            throw new NotFoundException(NOT_FOUND, "id", id);
        }
    }

    /** {@link #minimumVersions} for one binary; 0 when no live, non-forced-down service has it. */
    public int minimumVersion(String binary) {
        return minimumVersions(List.of(binary)).get(binary);
    }

    /**
     * Minimum service version per binary over live ({@code deleted = 0}), not forced-down services;
     * a NULL version counts as 0 and a binary with no such service maps to 0 (facts §7.2).
     */
    public Map<String, Integer> minimumVersions(Collection<String> binaries) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String b : binaries) {
            out.put(b, 0);
        }
        if (binaries.isEmpty()) {
            return out;
        }
        Object[] params = new Object[binaries.size() + 1];
        int i = 0;
        for (String b : binaries) {
            params[i++] = b;
        }
        params[i] = false;
        jdbc.query("SELECT \"binary\" AS b, MIN(COALESCE(version, 0)) AS v FROM services WHERE \"binary\" IN ("
                + "?, ".repeat(binaries.size() - 1) + "?) AND deleted = 0 AND forced_down = ? GROUP BY \"binary\"",
                r -> out.put(r.string("b"), r.integer("v")), params);
        return out;
    }

    private ServiceRow one(List<ServiceRow> rows, String keyName, Object key) {
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, keyName, key);
        }
        return rows.get(0);
    }
}
