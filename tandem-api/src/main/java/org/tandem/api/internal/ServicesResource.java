package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.api.ApiException;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;

/** {@code /os-services} as microversion 2.1 serves it (no forced_down, integer ids). */
final class ServicesResource {
    private static final JsonSchemas.Checked UPDATE = JsonSchemas.load("service_update");
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
        router.add("GET", "/os-services", this::list)
                .add("PUT", "/os-services/{action}", this::update)
                .add("DELETE", "/os-services/{id}", this::delete);
    }

    private static void requireAdmin(ApiRequest r, String rule) {
        if (!r.context().isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + rule + " to be performed.");
        }
    }

    private ApiResponse list(ApiRequest r) {
        requireAdmin(r, "os_compute_api:os-services:list");
        ListQuery q = ListQuery.all();
        if (r.query("host") != null) {
            q = q.and("host", r.query("host"));
        }
        if (r.query("binary") != null) {
            q = q.and("binary", r.query("binary"));
        }
        Instant now = db.clock().instant();
        List<Object> out = services.list(q).stream().map(s -> (Object) view(s, now)).toList();
        return ApiResponse.ok(Map.of("services", out));
    }

    private Map<String, Object> view(ServiceRow s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("binary", s.binary());
        m.put("host", s.host());
        m.put("zone", COMPUTE_BINARY.equals(s.binary()) ? "nova" : "internal");
        m.put("status", s.isDisabled() ? "disabled" : "enabled");
        m.put("state", s.isUp(now, downTime) ? "up" : "down");
        m.put("updated_at", Views.micros(s.updatedAt()));
        m.put("disabled_reason", s.disabledReason());
        return m;
    }

    private ApiResponse update(ApiRequest r) {
        String action = r.param("action");
        boolean withReason = action.equals("disable-log-reason");
        if (!action.equals("enable") && !action.equals("disable") && !withReason) {
            // force-down arrives with microversion 2.11, which this API does not serve
            throw ApiException.notFound("Unknown action");
        }
        requireAdmin(r, "os_compute_api:os-services:update");
        JsonNode body = r.body(UPDATE);
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
        if (!COMPUTE_BINARY.equals(binary)) {
            throw ApiException.badRequest("Updating a " + binary + " service is not supported. Only "
                    + COMPUTE_BINARY + " services can be updated.");
        }
        ServiceRow s;
        try {
            s = services.getByHostAndBinary(host, binary);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Could not find binary " + binary + " on host " + host + ".");
        }
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

    private ApiResponse delete(ApiRequest r) {
        requireAdmin(r, "os_compute_api:os-services:delete");
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
