package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tandem.identity.AuthenticationException;
import org.tandem.identity.Authenticator;
import org.tandem.identity.IdentityStore;
import org.tandem.identity.TokenStore;

/**
 * The Keystone-v3-compatible identity endpoint under {@code /identity} (also answering {@code /v3}):
 * version discovery, {@code POST /v3/auth/tokens} (password, project-scoped or unscoped),
 * {@code GET|HEAD /v3/auth/tokens} (validation) and {@code DELETE /v3/auth/tokens} (revocation).
 * Errors have Keystone's shape: {@code {"error": {"code", "message", "title"}}}.
 */
final class IdentityResource {
    static final String VERSION_ID = "v3.14";
    private static final String UPDATED = "2020-04-07T00:00:00Z";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    static final String REGION = "RegionOne";

    /** A Keystone-shaped error. */
    static final class KeystoneError extends RuntimeException {
        final int status;

        KeystoneError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Authenticator auth;

    IdentityResource(Authenticator auth) {
        this.auth = auth;
    }

    /**
     * @param prefix {@code /identity} or empty (for {@code /v3} URLs)
     * @param rest the path below the prefix
     */
    ApiResponse handle(Context c, String hostUrl, String prefix, String[] rest) {
        String method = c.method().name();
        String base = hostUrl + prefix;
        if (rest.length == 0) {
            requireGet(method);
            return new ApiResponse(300, Map.of("versions", Map.of("values", List.of(version(base)))));
        }
        if (!rest[0].equals("v3")) {
            throw new KeystoneError(404, "The resource could not be found.");
        }
        if (rest.length == 1) {
            requireGet(method);
            return ApiResponse.ok(Map.of("version", version(base)));
        }
        if (rest.length == 3 && rest[1].equals("auth") && rest[2].equals("tokens")) {
            return switch (method) {
                case "POST" -> issue(c, hostUrl);
                case "GET", "HEAD" -> validate(c, hostUrl, method.equals("HEAD"));
                case "DELETE" -> revoke(c);
                default -> throw new KeystoneError(405, "The method is not allowed for this resource.");
            };
        }
        if (rest.length >= 2 && rest.length <= 3 && rest[1].equals("projects")) {
            requireGet(method);
            return projects(c, base, rest.length == 3 ? rest[2] : null);
        }
        throw new KeystoneError(404, "The resource could not be found.");
    }

    /** GET /v3/projects[?name=] (admins) and GET /v3/projects/{id} (admins, or members of it). */
    private ApiResponse projects(Context c, String base, String id) {
        TokenStore.AuthToken caller = caller(c);
        boolean admin = caller.roleNames().contains("admin");
        if (id != null) {
            IdentityStore.Project p = auth.identity().project(id)
                    .filter(x -> admin || (caller.project() != null && caller.project().id().equals(x.id())))
                    .orElseThrow(() -> new KeystoneError(404, "Could not find project: " + id + "."));
            return ApiResponse.ok(Map.of("project", projectView(p, base)));
        }
        if (!admin) {
            throw new KeystoneError(403, "You are not authorized to perform the requested action: identity:list_projects.");
        }
        String name = c.queryParam("name");
        List<Map<String, Object>> out = new ArrayList<>();
        for (IdentityStore.Project p : auth.identity().projects()) {
            if (name == null || name.equals(p.name())) {
                out.add(projectView(p, base));
            }
        }
        return ApiResponse.ok(Map.of("projects", out, "links", Map.of("self", base + "/v3/projects", "next", "",
                "previous", "")));
    }

    private static Map<String, Object> projectView(IdentityStore.Project p, String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("domain_id", p.domainId());
        m.put("enabled", p.enabled());
        m.put("is_domain", false);
        m.put("parent_id", p.domainId());
        m.put("description", "");
        m.put("tags", List.of());
        m.put("links", Map.of("self", base + "/v3/projects/" + p.id()));
        return m;
    }

    private static void requireGet(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new KeystoneError(405, "The method is not allowed for this resource.");
        }
    }

    private static Map<String, Object> version(String base) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", VERSION_ID);
        v.put("status", "stable");
        v.put("updated", UPDATED);
        v.put("links", List.of(Map.of("rel", "self", "href", base + "/v3/")));
        v.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.identity-v3+json")));
        return v;
    }

    // ---- POST /v3/auth/tokens

    private ApiResponse issue(Context c, String hostUrl) {
        JsonNode body;
        try {
            body = Json.STRICT_READER.readTree(c.body());
        } catch (java.io.IOException | RuntimeException e) {
            throw new KeystoneError(400, "Malformed request body: it must be a JSON object with an \"auth\" key.");
        }
        JsonNode identity = body == null ? null : body.path("auth").path("identity");
        if (identity == null || !identity.isObject()) {
            throw new KeystoneError(400, "Expecting to find identity in auth.");
        }
        JsonNode methods = identity.path("methods");
        if (!methods.isArray() || methods.size() != 1 || !"password".equals(methods.get(0).asText())) {
            throw new KeystoneError(401, "Only the password authentication method is supported here.");
        }
        JsonNode user = identity.path("password").path("user");
        JsonNode password = user.path("password");
        if (!user.isObject() || !password.isTextual()) {
            throw new KeystoneError(400, "Expecting to find user and password in the password identity.");
        }
        Authenticator.Ref userRef = ref(user, "user");
        Authenticator.Ref scopeRef = null;
        JsonNode scope = body.path("auth").path("scope");
        if (scope.isObject()) {
            if (!scope.path("project").isObject()) {
                throw new KeystoneError(400, "Only project scope is supported here.");
            }
            scopeRef = ref(scope.path("project"), "project");
        } else if (!scope.isMissingNode() && !scope.isNull()) {
            throw new KeystoneError(400, "Expecting scope to be an object.");
        }
        char[] secret = password.asText().toCharArray();
        TokenStore.Issued issued;
        try {
            issued = auth.password(userRef, secret, scopeRef, c.ip());
        } catch (AuthenticationException e) {
            if (e.retryAfter() != null) {
                c.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            }
            throw new KeystoneError(e.status(), e.getMessage());
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
        c.header("X-Subject-Token", issued.secret());
        return new ApiResponse(201, Map.of("token", tokenBody(issued.token(), hostUrl)));
    }

    private static Authenticator.Ref ref(JsonNode node, String what) {
        String id = text(node, "id", what);
        String name = text(node, "name", what);
        JsonNode domain = node.path("domain");
        String domainId = domain.isObject() ? text(domain, "id", what + " domain") : null;
        String domainName = domain.isObject() ? text(domain, "name", what + " domain") : null;
        if (id == null && name == null) {
            throw new KeystoneError(400, "Expecting to find id or name in " + what + ".");
        }
        if (id == null && domainId == null && domainName == null) {
            throw new KeystoneError(400, "Expecting to find domain in " + what + ".");
        }
        return new Authenticator.Ref(id, name, domainId, domainName);
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > 255) {
            throw new KeystoneError(400, "Invalid input for field '" + field + "' of " + what
                    + ": it must be a string of at most 255 characters.");
        }
        return v.asText();
    }

    // ---- GET / HEAD / DELETE /v3/auth/tokens

    private TokenStore.AuthToken caller(Context c) {
        return auth.tokens().validate(c.header("X-Auth-Token"))
                .orElseThrow(() -> new KeystoneError(401, "The request you have made requires authentication."));
    }

    private TokenStore.AuthToken subject(Context c) {
        String subject = c.header("X-Subject-Token");
        Optional<TokenStore.AuthToken> t = auth.tokens().validate(subject);
        return t.orElseThrow(() -> new KeystoneError(404, "Could not find token."));
    }

    private ApiResponse validate(Context c, String hostUrl, boolean head) {
        TokenStore.AuthToken caller = caller(c);
        TokenStore.AuthToken subject = subject(c);
        if (!canSee(caller, subject)) {
            throw new KeystoneError(403, "You are not authorized to perform the requested action: identity:validate_token.");
        }
        c.header("X-Subject-Token", c.header("X-Subject-Token"));
        return new ApiResponse(200, head ? null : Map.of("token", tokenBody(subject, hostUrl)));
    }

    private ApiResponse revoke(Context c) {
        TokenStore.AuthToken caller = caller(c);
        TokenStore.AuthToken subject = subject(c);
        if (!canSee(caller, subject)) {
            throw new KeystoneError(403, "You are not authorized to perform the requested action: identity:revoke_token.");
        }
        auth.tokens().revoke(c.header("X-Subject-Token"));
        return ApiResponse.noContent();
    }

    /** Own tokens, or any token for an admin. */
    private static boolean canSee(TokenStore.AuthToken caller, TokenStore.AuthToken subject) {
        return caller.user().id().equals(subject.user().id()) || caller.roleNames().contains("admin");
    }

    // ---- bodies

    private static Map<String, Object> domain() {
        return Map.of("id", IdentityStore.DEFAULT_DOMAIN_ID, "name", IdentityStore.DEFAULT_DOMAIN_NAME);
    }

    static Map<String, Object> tokenBody(TokenStore.AuthToken t, String hostUrl) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("methods", List.of("password"));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", t.user().id());
        user.put("name", t.user().name());
        user.put("domain", domain());
        user.put("password_expires_at", null);
        token.put("user", user);
        token.put("audit_ids", List.of(t.auditId()));
        token.put("expires_at", TIME.format(t.expiresAt()));
        token.put("issued_at", TIME.format(t.issuedAt()));
        if (t.project() != null) {
            Map<String, Object> project = new LinkedHashMap<>();
            project.put("id", t.project().id());
            project.put("name", t.project().name());
            project.put("domain", domain());
            token.put("project", project);
            token.put("is_domain", false);
            List<Map<String, Object>> roles = new ArrayList<>();
            t.roles().forEach(r -> roles.add(Map.of("id", r.id(), "name", r.name())));
            token.put("roles", roles);
            token.put("catalog", catalog(hostUrl));
        }
        return token;
    }

    static List<Map<String, Object>> catalog(String hostUrl) {
        return List.of(
                service("compute", "nova", hostUrl + "/v2.1"),
                service("identity", "keystone", hostUrl + "/identity"),
                service("image", "glance", hostUrl + "/image"));
    }

    private static Map<String, Object> service(String type, String name, String url) {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (String iface : List.of("public", "internal", "admin")) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", name + "-" + iface);
            e.put("interface", iface);
            e.put("region", REGION);
            e.put("region_id", REGION);
            e.put("url", url);
            endpoints.add(e);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", name);
        s.put("type", type);
        s.put("name", name);
        s.put("endpoints", endpoints);
        return s;
    }

    static Map<String, Object> errorBody(int status, String message) {
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            default -> "Internal Server Error";
        };
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", status);
        inner.put("message", message);
        inner.put("title", title);
        return Map.of("error", inner);
    }
}
