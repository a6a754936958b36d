package org.tandem.db.repository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tandem.db.Database;
import org.tandem.db.Jdbc;
import org.tandem.db.NotFoundException;

/**
 * Flavors ({@code instance_types}) and their extra specs. The five default flavors m1.tiny ..
 * m1.xlarge (ids and flavorids 1..5) are seeded by the initial migration.
 */
public final class FlavorRepository {
    public static final String NOT_FOUND = "Flavor";
    public static final String EXTRA_SPEC_NOT_FOUND = "FlavorExtraSpec";

    private final Jdbc jdbc;
    private final Table<FlavorRow> flavors;

    public FlavorRepository(Database db) {
        this.jdbc = db.jdbc();
        this.flavors = new Table<>(jdbc, "instance_types", FlavorRow.class, "flavorid");
    }

    /**
     * Creates a flavor with extra specs. {@code values} needs at least name, flavorid, memory_mb
     * and vcpus; swap defaults to 0, rxtx_factor 1.0, is_public true, disabled false.
     *
     * @throws org.tandem.db.DuplicateEntryException if a live flavor has this name or flavorid
     */
    public FlavorRow create(Map<String, ?> values, Map<String, String> extraSpecs) {
        Map<String, Object> row = flavors.checkValues(values, Set.of());
        for (String required : List.of("name", "flavorid", "memory_mb", "vcpus")) {
            if (row.get(required) == null) {
                throw new IllegalArgumentException("A flavor needs '" + required + "'; got " + values.keySet());
            }
        }
        row.putIfAbsent("swap", 0);
        row.putIfAbsent("rxtx_factor", 1.0);
        row.putIfAbsent("root_gb", 0);
        row.putIfAbsent("ephemeral_gb", 0);
        row.putIfAbsent("is_public", true);
        row.putIfAbsent("disabled", false);
        return jdbc.inTransaction(() -> {
            long id = flavors.insert(row);
            putSpecs(id, extraSpecs);
            return get(id);
        });
    }

    /** A live flavor by database id. */
    public FlavorRow get(long id) {
        return get(id, ReadDeleted.NO);
    }

    /** A flavor by database id; instances keep pointing at deleted flavors, so read them with YES. */
    public FlavorRow get(long id, ReadDeleted readDeleted) {
        return one(flavors.select("id = ? AND " + flavors.deletedClause(readDeleted), id), "id", id);
    }

    public FlavorRow getByFlavorId(String flavorid) {
        return getByFlavorId(flavorid, ReadDeleted.NO);
    }

    /** By API flavorid; with YES the live one wins over deleted ones, then the newest deleted. */
    public FlavorRow getByFlavorId(String flavorid, ReadDeleted readDeleted) {
        return one(flavors.select("flavorid = ? AND " + flavors.deletedClause(readDeleted) + " ORDER BY deleted ASC, id DESC",
                flavorid), "flavorid", flavorid);
    }

    public FlavorRow getByName(String name) {
        return one(flavors.select("name = ? AND deleted = 0", name), "name", name);
    }

    /**
     * Filtered, paged list (marker: flavorid). Typical filters: {@code is_public}, {@code disabled};
     * {@code atLeast("memory_mb", n)} and {@code atLeast("root_gb", n)} give Nova's min_memory_mb / min_root_gb.
     */
    public List<FlavorRow> list(ListQuery query) {
        return flavors.list(query).stream().map(f -> f.withExtraSpecs(extraSpecs(f.id()))).toList();
    }

    /** Live extra specs of a flavor. */
    public Map<String, String> extraSpecs(long flavorId) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.query("SELECT \"key\", \"value\" FROM instance_type_extra_specs WHERE instance_type_id = ? AND deleted = 0 "
                + "ORDER BY id", r -> out.put(r.string("key"), r.string("value")), flavorId);
        return out;
    }

    /** Adds or changes extra specs (others are kept), like Nova's update_or_create. */
    public Map<String, String> updateExtraSpecs(long flavorId, Map<String, String> specs) {
        get(flavorId);
        jdbc.inTransaction(() -> putSpecs(flavorId, specs));
        return extraSpecs(flavorId);
    }

    /** Soft-deletes one extra spec. @throws NotFoundException "FlavorExtraSpec" */
    public void deleteExtraSpec(long flavorId, String key) {
        Instant now = jdbc.now();
        int n = jdbc.update("UPDATE instance_type_extra_specs SET deleted = id, deleted_at = ?, updated_at = ? "
                + "WHERE instance_type_id = ? AND \"key\" = ? AND deleted = 0", now, now, flavorId, key);
        if (n == 0) {
            throw new NotFoundException(EXTRA_SPEC_NOT_FOUND, "flavor id " + flavorId + " and key", key);
        }
    }

    /** Soft-deletes a live flavor and its extra specs. @throws NotFoundException "Flavor" */
    public void softDelete(long id) {
        jdbc.inTransaction(() -> {
            if (flavors.softDelete("id = ?", id) == 0) {
                throw new NotFoundException(NOT_FOUND, "id", id);
            }
            Instant now = jdbc.now();
            jdbc.update("UPDATE instance_type_extra_specs SET deleted = id, deleted_at = ?, updated_at = ? "
                    + "WHERE instance_type_id = ? AND deleted = 0", now, now, id);
        });
    }

    private void putSpecs(long flavorId, Map<String, String> specs) {
        Instant now = jdbc.now();
        for (Map.Entry<String, String> e : specs.entrySet()) {
            int n = jdbc.update("UPDATE instance_type_extra_specs SET \"value\" = ?, updated_at = ? "
                    + "WHERE instance_type_id = ? AND \"key\" = ? AND deleted = 0", e.getValue(), now, flavorId, e.getKey());
            if (n == 0) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("created_at", now);
                row.put("deleted", 0);
                row.put("instance_type_id", flavorId);
                row.put("key", e.getKey());
                row.put("value", e.getValue());
                jdbc.insert("instance_type_extra_specs", row);
            }
        }
    }

    private FlavorRow one(List<FlavorRow> rows, String keyName, Object key) {
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, keyName, key);
        }
        FlavorRow f = rows.get(0);
        return f.withExtraSpecs(extraSpecs(f.id()));
    }
}
