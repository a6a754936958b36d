package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.api.ApiException;
import org.tandem.api.ApiVersions;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;

/**
 * {@code /os-services} up to microversion 2.11: integer ids; from 2.11 the list shows
 * {@code forced_down} and {@code PUT /os-services/force-down} sets it.
 */
final class ServicesResource {
    private static final JsonSchemas.Checked UPDATE = JsonSchemas.load("service_update");
    private static final JsonSchemas.Checked UPDATE_V211 = JsonSchemas.load("service_update_v211");
    private static final java.util.Set<String> TRUE_WORDS = java.util.Set.of("true", "1", "on", "yes");
    static final String COMPUTE_BINARY = "nova-compute";

    private final Database db;
    private final ServiceRepository services;
    private final InstanceRepository instances;
    private final Duration downTime;

    ServicesResource(Database db, Duration downTime) {
        this.db = db;
        this.services = new ServiceRepository(db);
        this.instances = new InstanceRepository(db);
        this.downTime = downTime;
    }

    void register(Router router) {
        router.add("GET", "/os-services", "os_compute_api:os-services:list", this::list)
                .add("PUT", "/os-services/{action}", "os_compute_api:os-services:update", this::update)
                .add("DELETE", "/os-services/{id}", "os_compute_api:os-services:delete", this::delete);
    }

    private ApiResponse list(ApiRequest r) {
        ListQuery q = ListQuery.all();
        if (r.query("host") != null) {
            q = q.and("host", r.query("host"));
        }
        if (r.query("binary") != null) {
            q = q.and("binary", r.query("binary"));
        }
        Instant now = db.clock().instant();
        boolean forcedDown = r.version().atLeast(ApiVersions.SERVICE_FORCED_DOWN);
        List<Object> out = services.list(q).stream().map(s -> (Object) view(s, now, forcedDown)).toList();
        return ApiResponse.ok(Map.of("services", out));
    }

    private Map<String, Object> view(ServiceRow s, Instant now, boolean withForcedDown) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("binary", s.binary());
        m.put("host", s.host());
        m.put("zone", COMPUTE_BINARY.equals(s.binary()) ? "nova" : "internal");
        m.put("status", s.isDisabled() ? "disabled" : "enabled");
        m.put("state", s.isUp(now, downTime) ? "up" : "down");
        m.put("updated_at", Views.micros(s.updatedAt()));
        m.put("disabled_reason", s.disabledReason());
        if (withForcedDown) {
            m.put("forced_down", s.forcedDown());
        }
        return m;
    }

    private ApiResponse update(ApiRequest r) {
        String action = r.param("action");
        boolean withReason = action.equals("disable-log-reason");
        boolean forceDown = action.equals("force-down") && r.version().atLeast(ApiVersions.SERVICE_FORCED_DOWN);
        if (!action.equals("enable") && !action.equals("disable") && !withReason && !forceDown) {
            // force-down is only known from microversion 2.11 on
            throw ApiException.notFound("Unknown action");
        }
        JsonNode body = r.body(r.version().atLeast(ApiVersions.SERVICE_FORCED_DOWN) ? UPDATE_V211 : UPDATE);
        if (forceDown) {
            return forceDown(body);
        }
        if (body.has("forced_down")) {
            throw ApiException.badRequest("Invalid input for field/attribute forced_down. Only "
                    + "PUT /os-services/force-down takes forced_down.");
        }
        String host = body.get("host").asText();
        String binary = body.get("binary").asText();
        String reason = body.has("disabled_reason") ? body.get("disabled_reason").asText() : null;
        if (withReason && reason == null) {
            throw ApiException.badRequest("Missing disabled reason field");
        }
        if (!withReason && reason != null) {
            throw ApiException.badRequest("Invalid input for field/attribute disabled_reason. Value: " + reason
                    + ". Only PUT /os-services/disable-log-reason takes a disabled_reason.");
        }
        ServiceRow s = updatable(host, binary);
        boolean disable = !action.equals("enable");
        services.setDisabled(s.id(), disable, disable ? reason : null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", host);
        out.put("binary", binary);
        out.put("status", disable ? "disabled" : "enabled");
        if (withReason) {
            out.put("disabled_reason", reason);
        }
        return ApiResponse.ok(Map.of("service", out));
    }

    private ApiResponse forceDown(JsonNode body) {
        JsonNode flag = body.get("forced_down");
        if (flag == null) {
            throw ApiException.badRequest("Missing forced_down field");
        }
        // the schema admits only booleans and Nova's boolean words
        boolean forced = flag.isBoolean() ? flag.asBoolean()
                : TRUE_WORDS.contains(flag.asText().toLowerCase(java.util.Locale.ROOT));
        String host = body.get("host").asText();
        String binary = body.get("binary").asText();
        ServiceRow s = updatable(host, binary);
        services.setForcedDown(s.id(), forced);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", host);
        out.put("binary", binary);
        out.put("forced_down", forced);
        return ApiResponse.ok(Map.of("service", out));
    }

    /** The nova-compute service on host; 400 for other binaries, 404 when unknown. */
    private ServiceRow updatable(String host, String binary) {
        if (!COMPUTE_BINARY.equals(binary)) {
            throw ApiException.badRequest("Updating a " + binary + " service is not supported. Only "
                    + COMPUTE_BINARY + " services can be updated.");
        }
        try {
            return services.getByHostAndBinary(host, binary);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Could not find binary " + binary + " on host " + host + ".");
        }
    }

    private ApiResponse delete(ApiRequest r) {
        String raw = r.param("id");
        long id;
        try {
            id = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input received: id must be an integer");
        }
        ServiceRow s;
        try {
            s = services.get(id);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Service " + raw + " not found.");
        }
        if (COMPUTE_BINARY.equals(s.binary()) && !instances.listByHost(s.host()).isEmpty()) {
            throw ApiException.conflict("Unable to delete compute service that is hosting instances. "
                    + "Migrate or delete the instances first.");
        }
        services.softDelete(id);
        return ApiResponse.noContent();
    }
}
