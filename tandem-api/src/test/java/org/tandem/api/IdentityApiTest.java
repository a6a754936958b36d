package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.identity.Bootstrap;
import org.tandem.identity.IdentityStore;

/** The Keystone-v3-compatible endpoint: discovery, password login, validation, revocation, expiry. */
class IdentityApiTest extends ApiTestBase {
    static final String PASSWORD = "s3cret-Pa55 \u00e9\u4e2d";
    Bootstrap.Result admin;

    @BeforeAll
    void bootstrap() {
        admin = Bootstrap.run(new IdentityStore(db), "admin", "admin", PASSWORD.toCharArray(), false);
    }

    static String login(String user, String password, String projectName) {
        String scope = projectName == null ? "" : ", \"scope\": {\"project\": {\"name\": \"" + projectName
                + "\", \"domain\": {\"id\": \"default\"}}}";
        return "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \""
                + user + "\", \"domain\": {\"name\": \"Default\"}, \"password\": \"" + password + "\"}}}" + scope + "}}";
    }

    Resp post(String path, String body, String token) {
        return call("POST", path, body, "X-Auth-Token", token);
    }

    @Test
    void discoveryAtIdentityAndV3() {
        Resp v3 = call("GET", "/identity/v3", null, "X-Auth-Token", "");
        assertThat(v3.status()).isEqualTo(200);
        assertThat(v3.body().get("version").get("id").asText()).startsWith("v3.");
        assertThat(v3.body().get("version").get("links").get(0).get("href").asText()).isEqualTo(base + "/identity/v3/");
        Resp bare = call("GET", "/v3", null, "X-Auth-Token", "");
        assertThat(bare.body().get("version").get("links").get(0).get("href").asText()).isEqualTo(base + "/v3/");
        Resp list = call("GET", "/identity", null, "X-Auth-Token", "");
        assertThat(list.status()).isEqualTo(300);
        assertThat(list.body().get("versions").get("values").get(0).get("status").asText()).isEqualTo("stable");
    }

    @Test
    void passwordLoginByNameGivesAScopedTokenWithRolesAndCatalog() {
        Resp r = post("/identity/v3/auth/tokens", login("admin", PASSWORD, "admin"), "");
        assertThat(r.status()).isEqualTo(201);
        String token = r.header("X-Subject-Token");
        assertThat(token).hasSize(43);
        JsonNode t = r.body().get("token");
        assertThat(t.get("user").get("id").asText()).isEqualTo(admin.user().id());
        assertThat(t.get("project").get("id").asText()).isEqualTo(admin.project().id());
        List<String> roles = new ArrayList<>();
        t.get("roles").forEach(x -> roles.add(x.get("name").asText()));
        assertThat(roles).containsExactlyInAnyOrder("admin", "member", "reader");
        assertThat(t.get("expires_at").asText()).isEqualTo("2026-01-01T13:00:00.000000Z");
        JsonNode compute = null;
        for (JsonNode s : t.get("catalog")) {
            if (s.get("type").asText().equals("compute")) {
                compute = s;
            }
        }
        assertThat(compute).isNotNull();
        assertThat(compute.get("endpoints").get(0).get("url").asText()).isEqualTo(base + "/v2.1");
        // the password never appears in a response
        assertThat(r.raw().body()).doesNotContain(PASSWORD);
        // and the token works on the compute API, for the project it is scoped to
        Resp servers = call("GET", "/v2.1/servers", null, "X-Auth-Token", token);
        assertThat(servers.status()).isEqualTo(200);
    }

    @Test
    void loginByIdsAndUnscoped() {
        String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"id\": \""
                + admin.user().id() + "\", \"password\": \"" + PASSWORD + "\"}}}, \"scope\": {\"project\": {\"id\": \""
                + admin.project().id() + "\"}}}}";
        Resp byId = post("/v3/auth/tokens", body, "");
        assertThat(byId.status()).isEqualTo(201);
        assertThat(byId.body().get("token").get("project").get("name").asText()).isEqualTo("admin");
        Resp unscoped = post("/v3/auth/tokens", login("admin", PASSWORD, null), "");
        assertThat(unscoped.status()).isEqualTo(201);
        assertThat(unscoped.body().get("token").has("project")).isFalse();
        // an unscoped token is no good for the compute API
        assertThat(call("GET", "/v2.1/servers", null, "X-Auth-Token", unscoped.header("X-Subject-Token")).status())
                .isEqualTo(401);
    }

    @Test
    void wrongPasswordUnknownUserAndForeignProjectAre401WithTheSameMessage() {
        String p = newProject();
        token(p, "someone-else", "member");
        List<Resp> refused = List.of(
                post("/v3/auth/tokens", login("admin", "wrong", "admin"), ""),
                post("/v3/auth/tokens", login("nobody", PASSWORD, "admin"), ""),
                post("/v3/auth/tokens", login("admin", PASSWORD, p), ""));
        for (Resp r : refused) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.body().get("error").get("message").asText())
                    .isEqualTo("The request you have made requires authentication.");
            assertThat(r.header("X-Subject-Token")).isNull();
        }
    }

    @Test
    void validateAndRevokeAreSeenByASecondApiProcessOnTheSameDatabase() throws Exception {
        String token = post("/v3/auth/tokens", login("admin", PASSWORD, "admin"), "").header("X-Subject-Token");
        Resp valid = call("GET", "/v3/auth/tokens", null, "X-Auth-Token", token, "X-Subject-Token", token);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.body().get("token").get("user").get("name").asText()).isEqualTo("admin");
        assertThat(call("DELETE", "/v3/auth/tokens", null, "X-Auth-Token", token, "X-Subject-Token", token).status())
                .isEqualTo(204);
        assertThat(call("GET", "/v2.1/servers", null, "X-Auth-Token", token).status()).isEqualTo(401);
        String other = adminToken("admin");
        assertThat(call("GET", "/v3/auth/tokens", null, "X-Auth-Token", other, "X-Subject-Token", token).status())
                .isEqualTo(404);
        try (ApiServer second = ApiServer.start(Config.defaults(OptionRegistry.installed()), db, actions,
                "127.0.0.1", 0)) {
            var uri = java.net.URI.create("http://127.0.0.1:" + second.port() + "/v2.1/servers");
            var revoked = http.send(java.net.http.HttpRequest.newBuilder(uri).header("X-Auth-Token", token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).isEqualTo(401);
            var live = http.send(java.net.http.HttpRequest.newBuilder(uri).header("X-Auth-Token", other).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tokensExpire() {
        String token = new org.tandem.identity.DirectTokens(db).issue(newProject(), "expiring", "member");
        assertThat(call("GET", "/v2.1/servers", null, "X-Auth-Token", token).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(1));
        Resp expired = call("GET", "/v2.1/servers", null, "X-Auth-Token", token);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.fault("unauthorized")).isEqualTo("The request you have made requires authentication.");
        clock.advance(Duration.ofHours(-1));
    }

    @Test
    void malformedLoginsAre400Or401NeverA500() {
        for (String body : List.of("", "{", "[]", "{\"auth\": 1}", "{\"auth\": {\"identity\": {\"methods\": [\"token\"]}}}",
                "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": 5, "
                        + "\"password\": \"x\"}}}}}",
                "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"a\", "
                        + "\"password\": \"x\"}}}}}")) {
            Resp r = post("/v3/auth/tokens", body, "");
            assertThat(r.status()).as(body).isIn(400, 401);
            assertThat(r.body().get("error").get("code").asInt()).isEqualTo(r.status());
        }
    }

    @Test
    void projectsAreListedForAdminsAndShownToTheirMembers() {
        String admin = post("/v3/auth/tokens", login("admin", PASSWORD, "admin"), "").header("X-Subject-Token");
        Resp byName = call("GET", "/v3/projects?name=admin", null, "X-Auth-Token", admin);
        assertThat(byName.status()).isEqualTo(200);
        assertThat(byName.body().get("projects").get(0).get("id").asText()).isEqualTo(admin().project().id());
        String p = newProject();
        String member = token(p, "proj-member", "member");
        assertThat(call("GET", "/v3/projects/" + p, null, "X-Auth-Token", member).status()).isEqualTo(200);
        assertThat(call("GET", "/v3/projects/" + admin().project().id(), null, "X-Auth-Token", member).status())
                .isEqualTo(404);
        assertThat(call("GET", "/v3/projects", null, "X-Auth-Token", member).status()).isEqualTo(403);
        assertThat(call("GET", "/v3/projects", null, "X-Auth-Token", "").status()).isEqualTo(401);
    }

    Bootstrap.Result admin() {
        return admin;
    }
}
