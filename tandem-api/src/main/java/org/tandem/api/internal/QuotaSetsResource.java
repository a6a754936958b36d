package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tandem.api.ApiException;
import org.tandem.identity.Quotas;

/**
 * {@code /os-quota-sets/{project_id}}: show (own project; admins any), {@code /detail} (limit,
 * in_use, reserved), {@code /defaults}, update and delete (admins). Instances, cores and ram are
 * counted and enforced; Nova's other quota keys are shown with Nova's defaults and not enforced.
 */
final class QuotaSetsResource {
    /** Nova's other quota keys and defaults (shown, not enforced: Tandem has none of these resources). */
    private static final Map<String, Integer> SHOWN_ONLY = new LinkedHashMap<>();

    static {
        SHOWN_ONLY.put("fixed_ips", -1);
        SHOWN_ONLY.put("floating_ips", -1);
        SHOWN_ONLY.put("injected_file_content_bytes", 10240);
        SHOWN_ONLY.put("injected_file_path_bytes", 255);
        SHOWN_ONLY.put("injected_files", 5);
        SHOWN_ONLY.put("key_pairs", 100);
        SHOWN_ONLY.put("metadata_items", 128);
        SHOWN_ONLY.put("security_group_rules", -1);
        SHOWN_ONLY.put("security_groups", -1);
        SHOWN_ONLY.put("server_group_members", 10);
        SHOWN_ONLY.put("server_groups", 10);
    }

    private static final JsonSchemas.Checked UPDATE = JsonSchemas.load("quota_set_update");

    private final Quotas quotas;

    QuotaSetsResource(Quotas quotas) {
        this.quotas = quotas;
    }

    void register(Router router) {
        router.add("GET", "/os-quota-sets/{project}", "os_compute_api:os-quota-sets:show", r -> show(r, false))
                .add("GET", "/os-quota-sets/{project}/detail", "os_compute_api:os-quota-sets:show", r -> show(r, true))
                .add("GET", "/os-quota-sets/{project}/defaults", "os_compute_api:os-quota-sets:defaults",
                        r -> ApiResponse.ok(Map.of("quota_set", view(r.param("project"), quotas.defaults()))))
                .add("PUT", "/os-quota-sets/{project}", "os_compute_api:os-quota-sets:update", this::update)
                .add("DELETE", "/os-quota-sets/{project}", "os_compute_api:os-quota-sets:delete", r -> {
                    quotas.reset(r.param("project"));
                    return new ApiResponse(202, null);
                });
    }

    private ApiResponse show(ApiRequest r, boolean detail) {
        String project = r.param("project");
        if (!project.equals(r.context().projectId()) && !r.allowed("admin_api")) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
        }
        Map<String, Integer> limits = quotas.limits(project);
        if (!detail) {
            return ApiResponse.ok(Map.of("quota_set", view(project, limits)));
        }
        Map<String, Long> used = quotas.usage(project);
        Map<String, Long> reserved = quotas.reserved(project);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", project);
        for (String resource : Quotas.RESOURCES) {
            out.put(resource, Map.of("limit", limits.get(resource), "in_use", used.get(resource),
                    "reserved", reserved.get(resource)));
        }
        SHOWN_ONLY.forEach((k, v) -> out.put(k, Map.of("limit", v, "in_use", 0, "reserved", 0)));
        return ApiResponse.ok(Map.of("quota_set", out));
    }

    private ApiResponse update(ApiRequest r) {
        String project = r.param("project");
        JsonNode body = r.body(UPDATE).get("quota_set");
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (Quotas.RESOURCES.contains(e.getKey())) {
                wanted.put(e.getKey(), e.getValue().asInt());
            }
        }
        wanted.forEach((resource, limit) -> quotas.set(project, resource, limit));
        return ApiResponse.ok(Map.of("quota_set", view(null, quotas.limits(project))));
    }

    private static Map<String, Object> view(String project, Map<String, Integer> limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (project != null) {
            out.put("id", project);
        }
        out.putAll(limits);
        out.putAll(SHOWN_ONLY);
        return out;
    }
}
