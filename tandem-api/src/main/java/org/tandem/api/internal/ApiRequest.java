package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tandem.api.ApiException;
import org.tandem.api.ApiVersion;
import org.tandem.identity.Policy;
import org.tandem.rpc.RequestContext;

/** One API request as the resource handlers see it. */
public final class ApiRequest {
    private final Context http;
    private final RequestContext context;
    private final ApiVersion version;
    private final String projectInUrl;
    private final Map<String, String> params;
    private final Policy policy;

    ApiRequest(Context http, RequestContext context, ApiVersion version, String projectInUrl,
            Map<String, String> params, Policy policy) {
        this.policy = policy;
        this.http = http;
        this.context = context;
        this.version = version;
        this.projectInUrl = projectInUrl;
        this.params = params;
    }

    public RequestContext context() {
        return context;
    }

    /** Whether the caller passes policy rule {@code rule}. */
    public boolean allowed(String rule) {
        return policy.allows(rule, context.roles());
    }

    /**
     * Enforces policy rule {@code rule}.
     *
     * @throws ApiException 403 "Policy doesn't allow RULE to be performed." (Nova's text)
     */
    public void authorize(String rule) {
        if (!allowed(rule)) {
            throw ApiException.forbidden("Policy doesn't allow " + rule + " to be performed.");
        }
    }

    public ApiVersion version() {
        return version;
    }

    public String param(String name) {
        return params.get(name);
    }

    /** First value of a query parameter, or null. */
    public String query(String name) {
        return http.queryParam(name);
    }

    public List<String> queries(String name) {
        return http.queryParams(name);
    }

    public Map<String, List<String>> queryMap() {
        return http.queryParamMap();
    }

    /** {@code http://host:port} as the client addressed us. */
    public String hostUrl() {
        String host = http.header("Host");
        if (host == null || host.isBlank()) {
            host = "127.0.0.1:" + http.port();
        }
        return http.scheme() + "://" + host;
    }

    /** Self link prefix: {@code http://host/v2.1[/project]}. */
    public String selfPrefix() {
        return hostUrl() + "/v2.1" + (projectInUrl == null ? "" : "/" + projectInUrl);
    }

    /** Bookmark link prefix: {@code http://host[/project]}. */
    public String bookmarkPrefix() {
        return hostUrl() + (projectInUrl == null ? "" : "/" + projectInUrl);
    }

    /**
     * The body parsed and checked against a schema.
     *
     * @throws ApiException 415 for a non-JSON content type, 400 "Malformed request body" for bad
     *         JSON, 400 "Invalid input for field/attribute ..." when the schema rejects it
     */
    public JsonNode body(JsonSchemas.Checked schema) {
        String contentType = http.header("Content-Type");
        String raw = http.body();
        if (raw.isBlank()) {
            JsonNode empty = NullNode.getInstance();
            schema.validate(empty);
            return empty;
        }
        if (contentType != null && !contentType.isBlank()) {
            String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!base.equals("application/json") && !base.equals("application/vnd.openstack.compute+json")) {
                throw new ApiException(415, "Unsupported Content-Type");
            }
        }
        JsonNode node;
        try {
            node = Json.STRICT_READER.readTree(raw);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("Malformed request body");
        }
        schema.validate(node);
        return node;
    }

    Context http() {
        return http;
    }
}
