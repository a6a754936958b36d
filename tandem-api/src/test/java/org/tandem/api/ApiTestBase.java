package org.tandem.api;

import org.tandem.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ReadDeleted;

/** Starts one API server per test class on an ephemeral port over a fresh H2 database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Nova's default instances quota, which the API enforces. */
    static final int QUOTA = 10;

    @TempDir
    static Path stateDir;
    Database db;
    MutableClock clock;
    DbBackedComputeActionsTestDouble actions;
    ApiServer server;
    HttpClient http;
    String base;

    /** A response as tests look at it. */
    record Resp(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The fault's message, asserting the Nova fault shape. */
        String fault(String name) {
            JsonNode f = body.get(name);
            if (f == null || f.get("code").asInt() != status || !f.has("message")) {
                throw new AssertionError("expected fault " + name + " with code " + status + ", got " + body);
            }
            return f.get("message").asText();
        }
    }

    @BeforeAll
    void startServer() {
        clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
        db = Database.open(ConnectionUrl.parse(null, stateDir), 3, clock);
        new SchemaManager(db).sync();
        actions = new DbBackedComputeActionsTestDouble(db);
        server = ApiServer.start(Config.defaults(OptionRegistry.installed()), db, actions, "127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** A fresh project id, so tests in one class do not see each other's servers. */
    static String newProject() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Collections of the v2.1 API: any other first segment after /v2.1/ is a project id. */
    private static final java.util.Set<String> COLLECTIONS = java.util.Set.of("servers", "flavors", "os-services",
            "os-hypervisors");
    /** The user every default call acts as: admin on whatever project the call names. */
    static final String TEST_ADMIN = "test-admin";
    private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A token for user {@code user} with {@code role} on {@code project} (created as needed), issued
     * straight into the database: the test helper that replaces the old allow-all policy.
     */
    String token(String project, String user, String role) {
        return tokens.computeIfAbsent(project + "/" + user + "/" + role,
                k -> new org.tandem.identity.DirectTokens(db).issue(project, user, role));
    }

    /** The admin token for {@code project}. */
    String adminToken(String project) {
        return token(project, TEST_ADMIN, "admin");
    }

    /** The id of {@link #TEST_ADMIN}. */
    String adminUserId() {
        adminToken("admin");
        return new org.tandem.identity.IdentityStore(db).userByName("default", TEST_ADMIN).orElseThrow().id();
    }

    /** The project a default call's token is scoped to: the URL's, else X-Project-Id, else admin. */
    private static String projectOf(String path, String... headers) {
        String[] seg = path.split("\\?", 2)[0].split("/");
        if (seg.length > 2 && seg[1].equals("v2.1") && !seg[2].isEmpty() && !COLLECTIONS.contains(seg[2])) {
            return seg[2];
        }
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("X-Project-Id")) {
                return headers[i + 1];
            }
        }
        return "admin";
    }

    /**
     * Calls the API. Without an {@code X-Auth-Token} among {@code headers}, the call carries the
     * admin token of the URL's project (see {@link #projectOf}); an explicit empty token sends none.
     */
    Resp call(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        boolean explicitToken = false;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("X-Auth-Token")) {
                explicitToken = true;
                if (headers[i + 1] == null || headers[i + 1].isEmpty()) {
                    continue;
                }
            }
            b.header(headers[i], headers[i + 1]);
        }
        if (!explicitToken) {
            b.header("X-Auth-Token", adminToken(projectOf(path, headers)));
        }
        boolean contentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            contentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !contentType) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = r.body().isEmpty() || !r.headers().firstValue("Content-Type").orElse("").contains("json")
                    ? null : JSON.readTree(r.body());
            return new Resp(r.statusCode(), node, r);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    Resp get(String path, String... headers) {
        return call("GET", path, null, headers);
    }

    Resp post(String path, String body) {
        return call("POST", path, body);
    }

    Resp put(String path, String body) {
        return call("PUT", path, body);
    }

    Resp delete(String path) {
        return call("DELETE", path, null);
    }

    int liveInstances(String project) {
        return new InstanceRepository(db).list(ListQuery.where("project_id", project)).size();
    }

    int allInstanceRows() {
        return new InstanceRepository(db).list(ListQuery.all().withReadDeleted(ReadDeleted.YES)).size();
    }

    /** Creates one server through the API and returns its uuid. */
    String createServer(String project, String name, String flavorRef) {
        Resp r = post("/v2.1/" + project + "/servers",
                "{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"" + flavorRef + "\"}}");
        if (r.status() != 202) {
            throw new AssertionError("create failed: " + r.status() + " " + r.body());
        }
        return r.body().get("server").get("id").asText();
    }

    /** Sets an instance's states directly in the database. */
    void setStates(String uuid, String vmState, String taskState) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("vm_state", vmState);
        v.put("task_state", taskState);
        new InstanceRepository(db).update(uuid, v);
    }
}
