package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.identity.Bootstrap;
import org.tandem.identity.IdentityStore;
import org.tandem.identity.Quotas;

/**
 * Nobody gets in where they do not belong: missing, forged, revoked and foreign tokens, members on
 * admin APIs, readers changing things, other projects' servers, throttled logins, and no secret in
 * any log line.
 */
class SecurityApiTest extends ApiTestBase {
    static final String PASSWORD = "Secu-rity-pa55word";
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    String projectA;
    String projectB;
    String memberA;
    String memberB;
    String readerA;
    final List<String> serversOfA = new ArrayList<>();

    @BeforeAll
    void setUp() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        projectA = newProject();
        projectB = newProject();
        memberA = token(projectA, "alice", "member");
        readerA = token(projectA, "rita", "reader");
        memberB = token(projectB, "bob", "member");
        new Quotas(db, Quotas.NOVA_DEFAULTS).unlimited(projectA);
        for (int i = 0; i < 3; i++) {
            Resp r = call("POST", "/v2.1/servers", "{\"server\": {\"name\": \"secret-a-" + i + "\", \"flavorRef\": \"1\","
                    + " \"max_count\": 10, \"metadata\": {\"owner\": \"project-a-only\"}}}", "X-Auth-Token", memberA);
            assertThat(r.status()).isEqualTo(202);
        }
        call("GET", "/v2.1/servers?limit=1000", null, "X-Auth-Token", memberA).body().get("servers")
                .forEach(s -> serversOfA.add(s.get("id").asText()));
        assertThat(serversOfA).hasSize(30);
        Bootstrap.run(new IdentityStore(db), "sec-admin", "sec-project", PASSWORD.toCharArray(), false);
    }

    @AfterAll
    void detach() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    Resp as(String token, String method, String path, String body) {
        return call(method, path, body, "X-Auth-Token", token);
    }

    @Test
    void noForgedOrMalformedTokenGetsIn() {
        byte[] raw = new byte[32];
        new Random(7).nextBytes(raw);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        for (String token : new String[] {"", forged, memberA + "x", memberA.substring(1), "admin", "admin:admin",
                "' OR 1=1 --", "\u00e9\u00e9\u00e9"}) {
            for (String path : List.of("/v2.1/servers", "/v2.1/servers/" + serversOfA.get(0), "/v2.1/flavors",
                    "/v2.1/os-services", "/v2.1/os-quota-sets/" + projectA, "/image/v2/images")) {
                Resp r = as(token, "GET", path, null);
                assertThat(r.status()).as(token + " " + path).isEqualTo(401);
                assertThat(r.fault("unauthorized")).isEqualTo("The request you have made requires authentication.");
                assertThat(r.header("WWW-Authenticate")).startsWith("Keystone uri=");
            }
        }
    }

    @Test
    void anotherProjectsServerIsA404WithNothingOfItInTheBody() {
        String id = serversOfA.get(0);
        for (Resp r : List.of(as(memberB, "GET", "/v2.1/servers/" + id, null),
                as(memberB, "DELETE", "/v2.1/servers/" + id, null),
                as(memberB, "POST", "/v2.1/servers/" + id + "/action", "{\"os-stop\": null}"),
                as(memberB, "POST", "/v2.1/servers/" + id + "/action", "{\"reboot\": {\"type\": \"HARD\"}}"),
                as(memberB, "POST", "/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}"))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.fault("itemNotFound")).isEqualTo("Instance " + id + " could not be found.");
            assertThat(r.raw().body()).doesNotContain("secret-a").doesNotContain(projectA).doesNotContain("project-a-only");
        }
        Resp list = as(memberB, "GET", "/v2.1/servers/detail?all_tenants=1", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain("secret-a").doesNotContain(projectA);
        // project A's URL with project B's token: Nova's 400, nothing of A
        Resp foreignUrl = as(memberB, "GET", "/v2.1/" + projectA + "/servers/" + id, null);
        assertThat(foreignUrl.status()).isEqualTo(400);
        assertThat(foreignUrl.raw().body()).doesNotContain("secret-a");
        assertThat(liveInstances(projectA)).isEqualTo(30);
    }

    @Test
    void aThousandRandomServerIdsOfOtherProjectsFindNothing() {
        Random random = new Random(20261206);
        int found = 0;
        for (int i = 0; i < 1000; i++) {
            String id = serversOfA.get(random.nextInt(serversOfA.size()));
            Resp r = as(memberB, "GET", "/v2.1/servers/" + id, null);
            if (r.status() != 404) {
                found++;
            }
        }
        assertThat(found).isZero();
    }

    @Test
    void membersGet403OnAdminApis() {
        String id = serversOfA.get(1);
        List<String[]> adminOnly = List.of(
                new String[] {"GET", "/v2.1/os-services", null},
                new String[] {"PUT", "/v2.1/os-services/disable", "{\"host\": \"h\", \"binary\": \"nova-compute\"}"},
                new String[] {"PUT", "/v2.1/os-services/force-down",
                        "{\"host\": \"h\", \"binary\": \"nova-compute\", \"forced_down\": true}"},
                new String[] {"GET", "/v2.1/os-hypervisors", null},
                new String[] {"GET", "/v2.1/os-hypervisors/detail", null},
                new String[] {"GET", "/v2.1/os-hypervisors/statistics", null},
                new String[] {"POST", "/v2.1/flavors", "{\"flavor\": {\"name\": \"x\", \"ram\": 1, \"vcpus\": 1, \"disk\": 1}}"},
                new String[] {"DELETE", "/v2.1/flavors/1", null},
                new String[] {"POST", "/v2.1/servers/" + id + "/action", "{\"migrate\": null}"},
                new String[] {"PUT", "/v2.1/os-quota-sets/" + projectA, "{\"quota_set\": {\"instances\": 1}}"},
                new String[] {"GET", "/v2.1/servers?host=compute1", null});
        for (String[] c : adminOnly) {
            Resp r = call(c[0], c[1], c[2], "X-Auth-Token", memberA, "Content-Type", "application/json",
                    "X-OpenStack-Nova-API-Version", "2.11");
            assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(403);
            assertThat(r.fault("forbidden")).startsWith("Policy doesn't allow os_compute_api:");
        }
        assertThat(as(memberA, "GET", "/v2.1/flavors/1", null).status()).isEqualTo(200);
    }

    @Test
    void readersListAndShowButChangeNothing() {
        String id = serversOfA.get(2);
        assertThat(as(readerA, "GET", "/v2.1/servers", null).status()).isEqualTo(200);
        assertThat(as(readerA, "GET", "/v2.1/servers/" + id, null).status()).isEqualTo(200);
        assertThat(as(readerA, "GET", "/v2.1/os-quota-sets/" + projectA, null).status()).isEqualTo(200);
        int before = liveInstances(projectA);
        for (String[] c : List.of(
                new String[] {"POST", "/v2.1/servers", "{\"server\": {\"name\": \"r\", \"flavorRef\": \"1\"}}"},
                new String[] {"DELETE", "/v2.1/servers/" + id, null},
                new String[] {"POST", "/v2.1/servers/" + id + "/action", "{\"reboot\": {\"type\": \"SOFT\"}}"},
                new String[] {"POST", "/v2.1/servers/" + id + "/action", "{\"os-stop\": null}"},
                new String[] {"POST", "/v2.1/servers/" + id + "/action", "{\"resize\": {\"flavorRef\": \"2\"}}"})) {
            Resp r = as(readerA, c[0], c[1], c[2]);
            assertThat(r.status()).as(c[0] + " " + c[1] + " " + c[2]).isEqualTo(403);
        }
        assertThat(liveInstances(projectA)).isEqualTo(before);
        assertThat(actions.calls).noneMatch(call -> call.contains(id));
    }

    @Test
    void failedLoginsAreThrottledPerUserAndAddressAndNeverLogThePassword() {
        String wrong = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": "
                + "\"sec-admin\", \"domain\": {\"id\": \"default\"}, \"password\": \"WrongPassword123\"}}}}}";
        String right = wrong.replace("WrongPassword123", PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(call("POST", "/v3/auth/tokens", wrong, "X-Auth-Token", "").status()).isEqualTo(401);
        }
        Resp throttled = call("POST", "/v3/auth/tokens", right, "X-Auth-Token", "");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        assertThat(throttled.body().get("error").get("message").asText()).contains("Too many failed");
        clock.advance(java.time.Duration.ofSeconds(61));
        Resp ok = call("POST", "/v3/auth/tokens", right, "X-Auth-Token", "");
        clock.advance(java.time.Duration.ofSeconds(-61));
        assertThat(ok.status()).isEqualTo(201);
        String issued = ok.header("X-Subject-Token");
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("Login failed for user sec-admin@default from 127.0.0.1"));
        assertThat(lines).noneMatch(l -> l.contains(PASSWORD) || l.contains("WrongPassword123") || l.contains(issued)
                || l.contains(memberA));
    }

    @Test
    void everyRequestIsLoggedWithIdUserProjectAndOutcome() {
        Resp r = as(memberA, "GET", "/v2.1/servers/" + serversOfA.get(0), null);
        String requestId = r.header("X-Openstack-Request-Id");
        assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage)).anyMatch(l -> l.startsWith(requestId)
                && l.contains("status 200") && l.contains("project " + projectA) && l.contains("user "));
    }

    private static String passwordLogin(String user, String password) {
        return "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"" + user
                + "\", \"domain\": {\"id\": \"default\"}, \"password\": \"" + password + "\"}}}}}";
    }

    /** Several api processes share the database: failed logins at any of them count at all of them. */
    @Test
    void failedLoginsCountAcrossApiProcessesAndAnUnknownUserLooksLikeAWrongPassword() throws Exception {
        String password = "Another-pa55word";
        IdentityStore identity = new IdentityStore(db);
        identity.createUser(IdentityStore.newId(), "sec-shared", password.toCharArray(), null);
        // a second api process on the same H2 file (AUTO_SERVER), as a second 'tandem serve api' has
        try (Database second = Database.open(ConnectionUrl.parse(null, stateDir), 3, clock);
                ApiServer other = ApiServer.start(Config.defaults(OptionRegistry.installed()), second, actions,
                        "127.0.0.1", 0)) {
            java.net.http.HttpRequest.Builder toOther = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + other.port() + "/v3/auth/tokens"))
                    .header("Content-Type", "application/json");
            java.util.function.Function<String, Integer> loginAtOther = body -> {
                try {
                    return http.send(toOther.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            String wrong = passwordLogin("sec-shared", "WrongPassword456");
            for (int i = 0; i < 3; i++) {
                assertThat(call("POST", "/v3/auth/tokens", wrong, "X-Auth-Token", "").status()).isEqualTo(401);
            }
            assertThat(loginAtOther.apply(wrong)).isEqualTo(401);
            assertThat(loginAtOther.apply(wrong)).isEqualTo(401);
            // five failures in all (the default limit): the right password is refused at both
            assertThat(loginAtOther.apply(passwordLogin("sec-shared", password))).isEqualTo(429);
            Resp here = call("POST", "/v3/auth/tokens", passwordLogin("sec-shared", password), "X-Auth-Token", "");
            assertThat(here.status()).isEqualTo(429);

            // a user that does not exist gets the same answers, and is throttled the same way
            Resp unknown = call("POST", "/v3/auth/tokens", passwordLogin("sec-nobody", "WrongPassword456"),
                    "X-Auth-Token", "");
            identity.createUser(IdentityStore.newId(), "sec-existing", password.toCharArray(), null);
            Resp wrongPassword = call("POST", "/v3/auth/tokens", passwordLogin("sec-existing", "WrongPassword456"),
                    "X-Auth-Token", "");
            assertThat(unknown.status()).isEqualTo(wrongPassword.status()).isEqualTo(401);
            assertThat(unknown.raw().body()).isEqualTo(wrongPassword.raw().body());
            for (int i = 0; i < 4; i++) {
                assertThat(loginAtOther.apply(passwordLogin("sec-nobody", "WrongPassword456"))).isEqualTo(401);
            }
            Resp unknownThrottled = call("POST", "/v3/auth/tokens", passwordLogin("sec-nobody", "x"), "X-Auth-Token",
                    "");
            assertThat(unknownThrottled.status()).isEqualTo(429);
            assertThat(List.of(here, unknownThrottled)).allSatisfy(r -> assertThat(r.body().get("error").get("message")
                    .asText()).matches("Too many failed authentication attempts for this user from this address; "
                    + "retry in \\d+ seconds\\."));
        } finally {
            clock.advance(java.time.Duration.ofSeconds(61));
            assertThat(call("POST", "/v3/auth/tokens", passwordLogin("sec-shared", password), "X-Auth-Token", "")
                    .status()).isEqualTo(201);
            clock.advance(java.time.Duration.ofSeconds(-61));
        }
        assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(l -> l.contains("Login failed for user sec-shared@default from 127.0.0.1"))
                .noneMatch(l -> l.contains("WrongPassword456") || l.contains(password));
    }
}
