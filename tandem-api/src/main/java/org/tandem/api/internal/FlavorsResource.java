package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.tandem.api.ApiException;
import org.tandem.db.Database;
import org.tandem.db.DuplicateEntryException;
import org.tandem.db.NotFoundException;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.db.repository.FlavorRow;
import org.tandem.db.repository.ListQuery;

/** {@code /flavors}, {@code /flavors/detail}, {@code /flavors/{id}} and {@code /flavors/{id}/os-extra_specs}. */
final class FlavorsResource {
    private static final JsonSchemas.Checked CREATE = JsonSchemas.load("flavor_create");
    private static final JsonSchemas.Checked SPECS_SET = JsonSchemas.load("extra_specs_set");
    private static final JsonSchemas.Checked SPEC_UPDATE = JsonSchemas.load("extra_spec_update");

    private final FlavorRepository flavors;

    FlavorsResource(Database db) {
        this.flavors = new FlavorRepository(db);
    }

    void register(Router router) {
        router.add("GET", "/flavors", "os_compute_api:flavors:index", r -> list(r, false))
                .add("GET", "/flavors/detail", "os_compute_api:flavors:index", r -> list(r, true))
                .add("POST", "/flavors", "os_compute_api:os-flavor-manage:create", this::create)
                .add("GET", "/flavors/{id}", "os_compute_api:flavors:index", r -> ApiResponse.ok(Map.of("flavor", detail(r, find(r.param("id"))))))
                .add("DELETE", "/flavors/{id}", "os_compute_api:os-flavor-manage:delete", this::delete)
                .add("GET", "/flavors/{id}/os-extra_specs", "os_compute_api:os-flavor-extra-specs:index", r -> ApiResponse.ok(
                        Map.of("extra_specs", flavors.extraSpecs(find(r.param("id")).id()))))
                .add("POST", "/flavors/{id}/os-extra_specs", "os_compute_api:os-flavor-extra-specs:create", this::setSpecs)
                .add("GET", "/flavors/{id}/os-extra_specs/{key}", "os_compute_api:os-flavor-extra-specs:show", this::showSpec)
                .add("PUT", "/flavors/{id}/os-extra_specs/{key}", "os_compute_api:os-flavor-extra-specs:update", this::updateSpec)
                .add("DELETE", "/flavors/{id}/os-extra_specs/{key}", "os_compute_api:os-flavor-extra-specs:delete", this::deleteSpec);
    }

    private FlavorRow find(String flavorId) {
        try {
            return flavors.getByFlavorId(flavorId);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Flavor " + flavorId + " could not be found.");
        }
    }

    private ApiResponse list(ApiRequest r, boolean detail) {
        ListQuery q = ListQuery.all();
        String isPublic = r.query("is_public");
        String p = isPublic == null ? "true" : isPublic.trim().toLowerCase(Locale.ROOT);
        if (!r.context().isAdmin()) {
            p = "true";
        }
        switch (p) {
            case "none" -> { }
            case "true", "t", "yes", "y", "1", "on" -> q = q.and("is_public", true);
            case "false", "f", "no", "n", "0", "off" -> q = q.and("is_public", false);
            default -> throw ApiException.badRequest("Invalid is_public filter [" + isPublic + "]");
        }
        q = q.and("disabled", false);
        Integer minRam = intParam(r, "minRam");
        Integer minDisk = intParam(r, "minDisk");
        if (minRam != null) {
            q = q.atLeast("memory_mb", minRam);
        }
        if (minDisk != null) {
            q = q.atLeast("root_gb", minDisk);
        }
        List<FlavorRow> rows = new ArrayList<>(flavors.list(q));
        rows.sort(Comparator.comparing(FlavorRow::flavorid));
        return ApiResponse.ok(Views.page(r, "flavors", detail ? "/flavors/detail" : "/flavors", rows,
                FlavorRow::flavorid, f -> detail ? detail(r, f) : brief(r, f)));
    }

    private static Integer intParam(ApiRequest r, String name) {
        String v = r.query(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid " + name + " filter [" + v + "]");
        }
    }

    private static Map<String, Object> brief(ApiRequest r, FlavorRow f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.flavorid());
        m.put("name", f.name());
        m.put("links", Views.links(r, "flavors", f.flavorid()));
        return m;
    }

    static Map<String, Object> detail(ApiRequest r, FlavorRow f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.flavorid());
        m.put("name", f.name());
        m.put("ram", f.memoryMb());
        m.put("disk", f.rootGb() == null ? 0 : f.rootGb());
        m.put("swap", f.swap() == 0 ? "" : (Object) f.swap());
        m.put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb() == null ? 0 : f.ephemeralGb());
        m.put("OS-FLV-DISABLED:disabled", Boolean.TRUE.equals(f.disabled()));
        m.put("vcpus", f.vcpus());
        m.put("os-flavor-access:is_public", !Boolean.FALSE.equals(f.isPublic()));
        m.put("rxtx_factor", f.rxtxFactor() == null ? 1.0 : f.rxtxFactor());
        m.put("links", Views.links(r, "flavors", f.flavorid()));
        return m;
    }

    private ApiResponse create(ApiRequest r) {
        JsonNode f = r.body(CREATE).get("flavor");
        String name = f.get("name").asText();
        String id;
        JsonNode idNode = f.get("id");
        if (idNode == null || idNode.isNull()) {
            id = UUID.randomUUID().toString();
        } else {
            id = idNode.isNumber() ? idNode.asText() : idNode.asText().trim();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("flavorid", id);
        values.put("memory_mb", intOf(f, "ram", 0));
        values.put("vcpus", intOf(f, "vcpus", 0));
        values.put("root_gb", intOf(f, "disk", 0));
        values.put("ephemeral_gb", intOf(f, "OS-FLV-EXT-DATA:ephemeral", 0));
        values.put("swap", intOf(f, "swap", 0));
        values.put("rxtx_factor", f.has("rxtx_factor") ? Double.parseDouble(f.get("rxtx_factor").asText()) : 1.0);
        values.put("is_public", !f.has("os-flavor-access:is_public") || f.get("os-flavor-access:is_public").asBoolean());
        checkUnique(name, id);
        FlavorRow row;
        try {
            row = flavors.create(values, Map.of());
        } catch (DuplicateEntryException e) {
            checkUnique(name, id);
            throw ApiException.conflict("Flavor with name " + name + " or ID " + id + " already exists.");
        }
        return ApiResponse.ok(Map.of("flavor", detail(r, row)));
    }

    private void checkUnique(String name, String id) {
        try {
            flavors.getByName(name);
            throw ApiException.conflict("Flavor with name " + name + " already exists.");
        } catch (NotFoundException expected) {
            // free
        }
        try {
            flavors.getByFlavorId(id);
            throw ApiException.conflict("Flavor with ID " + id + " already exists.");
        } catch (NotFoundException expected) {
            // free
        }
    }

    private static int intOf(JsonNode obj, String field, int dflt) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        try {
            return Integer.parseInt(n.asText().trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + n.asText()
                    + ". It must be an integer between 0 and 2147483647.");
        }
    }

    private ApiResponse delete(ApiRequest r) {
        FlavorRow f = find(r.param("id"));
        flavors.softDelete(f.id());
        return ApiResponse.accepted();
    }

    /** The stored text of a value; a number's text must fit the 255 characters a string may have. */
    private static String specValue(JsonNode v) {
        String text = v.isBoolean() ? (v.asBoolean() ? "True" : "False") : v.asText();
        if (text.length() > 255) {
            throw ApiException.badRequest("Invalid input for field/attribute extra_specs. Value: " + text.substring(0, 20)
                    + "... is longer than 255 characters");
        }
        return text;
    }

    private ApiResponse setSpecs(ApiRequest r) {
        FlavorRow f = find(r.param("id"));
        JsonNode specs = r.body(SPECS_SET).get("extra_specs");
        Map<String, String> values = new LinkedHashMap<>();
        specs.fields().forEachRemaining(e -> values.put(e.getKey(), specValue(e.getValue())));
        flavors.updateExtraSpecs(f.id(), values);
        return ApiResponse.ok(Map.of("extra_specs", values));
    }

    private ApiResponse showSpec(ApiRequest r) {
        FlavorRow f = find(r.param("id"));
        String key = r.param("key");
        String value = flavors.extraSpecs(f.id()).get(key);
        if (value == null) {
            throw ApiException.notFound("Flavor " + f.flavorid() + " has no extra specs with key " + key + ".");
        }
        return ApiResponse.ok(Map.of(key, value));
    }

    private ApiResponse updateSpec(ApiRequest r) {
        FlavorRow f = find(r.param("id"));
        String key = r.param("key");
        JsonNode body = r.body(SPEC_UPDATE);
        if (!body.has(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        String value = specValue(body.get(key));
        flavors.updateExtraSpecs(f.id(), Map.of(key, value));
        return ApiResponse.ok(Map.of(key, value));
    }

    private ApiResponse deleteSpec(ApiRequest r) {
        FlavorRow f = find(r.param("id"));
        String key = r.param("key");
        try {
            flavors.deleteExtraSpec(f.id(), key);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Flavor " + f.flavorid() + " has no extra specs with key " + key + ".");
        }
        return ApiResponse.accepted();
    }
}
