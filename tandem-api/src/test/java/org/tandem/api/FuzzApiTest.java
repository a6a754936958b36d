package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tandem.identity.Quotas;

/**
 * Seeded fuzzing of every endpoint with malformed JSON, wrong types, huge values, unicode, deep
 * nesting and oversized bodies: no 500, every error Nova-shaped (Keystone-shaped under /v3), and the
 * API still serving afterwards. Reproduce a run with the seed printed on failure.
 */
class FuzzApiTest extends ApiTestBase {
    static final long SEED = Long.getLong("tandem.fuzz.seed", 20261206L);
    static final int REQUESTS = 3000;
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String BREAKERS = "{}[]\",:\\ 0a";
    static final String SPECIAL = "\u202e\u0301\ufeff\u0000%/..\\'\"<>&;";

    record Endpoint(String method, String path, String validBody) {
    }

    List<Endpoint> endpoints(String project, String server) {
        String login = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": "
                + "\"admin\", \"domain\": {\"name\": \"Default\"}, \"password\": \"x\"}}}, \"scope\": {\"project\": "
                + "{\"name\": \"admin\", \"domain\": {\"id\": \"default\"}}}}}";
        return List.of(
                new Endpoint("GET", "/v2.1/servers", null),
                new Endpoint("GET", "/v2.1/servers/detail", null),
                new Endpoint("GET", "/v2.1/servers/" + server, null),
                new Endpoint("DELETE", "/v2.1/servers/00000000-0000-4000-8000-000000000000", null),
                new Endpoint("POST", "/v2.1/servers", "{\"server\": {\"name\": \"fz\", \"flavorRef\": \"1\", \"imageRef\": "
                        + "\"" + Images.CIRROS.id() + "\", \"min_count\": 1, \"max_count\": 1, \"metadata\": {\"k\": \"v\"},"
                        + " \"availability_zone\": \"nova\"}}"),
                new Endpoint("POST", "/v2.1/servers/" + server + "/action", "{\"reboot\": {\"type\": \"SOFT\"}}"),
                new Endpoint("POST", "/v2.1/servers/" + server + "/action", "{\"resize\": {\"flavorRef\": \"2\"}}"),
                new Endpoint("POST", "/v2.1/servers/" + server + "/action", "{\"os-getConsoleOutput\": {\"length\": 5}}"),
                new Endpoint("POST", "/v2.1/servers/" + server + "/action", "{\"os-stop\": null}"),
                new Endpoint("GET", "/v2.1/flavors/detail", null),
                new Endpoint("GET", "/v2.1/flavors/1", null),
                new Endpoint("POST", "/v2.1/flavors", "{\"flavor\": {\"name\": \"fz\", \"ram\": 64, \"vcpus\": 1, "
                        + "\"disk\": 1, \"id\": \"fz-1\", \"os-flavor-access:is_public\": true}}"),
                new Endpoint("POST", "/v2.1/flavors/1/os-extra_specs", "{\"extra_specs\": {\"a\": \"b\"}}"),
                new Endpoint("PUT", "/v2.1/flavors/1/os-extra_specs/a", "{\"a\": \"c\"}"),
                new Endpoint("GET", "/v2.1/os-services", null),
                new Endpoint("PUT", "/v2.1/os-services/disable", "{\"host\": \"h\", \"binary\": \"nova-compute\"}"),
                new Endpoint("GET", "/v2.1/os-hypervisors/detail", null),
                new Endpoint("GET", "/v2.1/os-hypervisors/1", null),
                new Endpoint("GET", "/v2.1/os-quota-sets/" + project + "/detail", null),
                new Endpoint("PUT", "/v2.1/os-quota-sets/" + project, "{\"quota_set\": {\"instances\": 5}}"),
                new Endpoint("GET", "/image/v2/images", null),
                new Endpoint("POST", "/v3/auth/tokens", login),
                new Endpoint("POST", "/identity/v3/auth/tokens", login));
    }

    @Test
    void thousandsOfMalformedRequestsGetNovaShapedErrorsAndNo500() throws Exception {
        String project = newProject();
        String token = adminToken(project);
        new Quotas(db, Quotas.NOVA_DEFAULTS).set(project, Quotas.INSTANCES, 50);
        String server = call("POST", "/v2.1/servers", "{\"server\": {\"name\": \"target\", \"flavorRef\": \"1\"}}",
                "X-Auth-Token", token).body().get("server").get("id").asText();
        List<Endpoint> endpoints = endpoints(project, server);
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint e = endpoints.get(random.nextInt(endpoints.size()));
            String path = e.path();
            String body = null;
            if (e.validBody() == null) {
                if (random.nextBoolean()) {
                    path += "?" + enc(randomString(random)) + "=" + enc(randomString(random)) + "&limit="
                            + enc(randomScalar(random).asText()) + "&marker=" + enc(randomString(random));
                    // URLs over the header limit are refused by Jetty (see tooLongUrlsGetAJson414)
                    path = path.substring(0, Math.min(path.length(), ApiServer.MAX_HEADER_LINE_BYTES / 2));
                    path = path.replaceAll("%[0-9A-F]?$", "");
                }
            } else {
                body = mutate(random, e.validBody());
            }
            Resp r;
            try {
                r = call(e.method(), path, body, "X-Auth-Token", token, "Content-Type", "application/json");
            } catch (AssertionError err) {
                bad.add("#" + i + " " + e.method() + " " + abbreviate(path) + " after status " + previous
                        + ": no parsable response: " + err.getMessage());
                continue;
            }
            statuses.merge(r.status(), 1, Integer::sum);
            previous = r.status();
            String problem = check(r, path.startsWith("/v3") || path.startsWith("/identity"));
            if (problem != null) {
                bad.add("#" + i + " " + e.method() + " " + path + " body " + abbreviate(body) + ": " + problem);
            }
        }
        System.out.println("fuzz seed " + SEED + ": " + REQUESTS + " requests, statuses " + statuses);
        assertThat(bad).as("seed " + SEED).isEmpty();
        assertThat(statuses).doesNotContainKey(500);
        assertThat(call("GET", "/v2.1/flavors", null).status()).isEqualTo(200);
        assertThat(call("GET", "/v2.1/servers/" + server, null, "X-Auth-Token", token).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        String huge = "{\"server\": {\"name\": \"" + "x".repeat(ApiServer.MAX_REQUEST_BODY_BYTES) + "\"}}";
        int before = actions.calls.size();
        // repeated: a server that closed without reading the body made the client lose the 413 now and then
        for (int i = 0; i < 10; i++) {
            Resp r = call("POST", "/v2.1/servers", huge);
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.fault("overLimit")).startsWith("Request is too large");
            // not even valid JSON: refused for its size, not its syntax
            Resp garbage = call("POST", "/v3/auth/tokens", "{" + " ".repeat(ApiServer.MAX_REQUEST_BODY_BYTES));
            assertThat(garbage.status()).isEqualTo(413);
            assertThat(garbage.body().get("error").get("code").asInt()).isEqualTo(413);
        }
        assertThat(actions.calls.size()).isEqualTo(before);
    }

    @Test
    void tooLongUrlsGetAJson414() throws Exception {
        java.net.http.HttpClient fresh = java.net.http.HttpClient.newHttpClient();
        var response = fresh.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v2.1/servers?name="
                + "x".repeat(ApiServer.MAX_HEADER_LINE_BYTES + 10))).header("X-Auth-Token", adminToken("admin")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(ApiTestBase.JSON.readTree(response.body()).get("computeFault").get("code").asInt()).isEqualTo(414);
        assertThat(call("GET", "/v2.1/flavors", null).status()).isEqualTo(200);
    }

    /** Null if the response is acceptable: not 500, and an error body of the right shape. */
    static String check(Resp r, boolean keystone) {
        if (r.status() >= 500) {
            return "status " + r.status() + " " + abbreviate(r.raw().body());
        }
        if (r.status() < 400) {
            return null;
        }
        JsonNode b = r.body();
        if (b == null || !b.isObject() || b.size() != 1) {
            return "error body is not a one-key JSON object: " + abbreviate(r.raw().body());
        }
        String key = b.fieldNames().next();
        JsonNode inner = b.get(key);
        if (keystone ? !key.equals("error") : !key.equals(ApiException.faultName(r.status()))) {
            return "fault name " + key + " for status " + r.status();
        }
        if (!inner.isObject() || inner.path("code").asInt() != r.status() || !inner.path("message").isTextual()
                || inner.path("message").asText().isBlank()) {
            return "fault without code/message: " + abbreviate(r.raw().body());
        }
        return null;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
    }

    /** A valid body broken one way. */
    static String mutate(Random random, String valid) throws Exception {
        switch (random.nextInt(8)) {
            case 0 -> {
                return valid.substring(0, random.nextInt(valid.length())); // truncated
            }
            case 1 -> {
                char[] c = valid.toCharArray();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    c[random.nextInt(c.length)] = BREAKERS.charAt(random.nextInt(BREAKERS.length()));
                }
                return new String(c);
            }
            case 2 -> {
                int depth = 500 + random.nextInt(3000);
                return "[".repeat(depth) + "]".repeat(random.nextBoolean() ? depth : depth / 2);
            }
            case 3 -> {
                return random.nextBoolean() ? "" : randomString(random);
            }
            default -> {
                JsonNode tree = ApiTestBase.JSON.readTree(valid);
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    replaceRandomLeaf(random, tree);
                }
                return ApiTestBase.JSON.writeValueAsString(tree);
            }
        }
    }

    static void replaceRandomLeaf(Random random, JsonNode node) {
        JsonNode current = node;
        while (true) {
            if (current instanceof ObjectNode o && o.size() > 0) {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                    names.add(it.next());
                }
                String name = names.get(random.nextInt(names.size()));
                JsonNode child = o.get(name);
                if (child.isContainerNode() && child.size() > 0 && random.nextInt(4) > 0) {
                    current = child;
                } else if (random.nextInt(5) == 0) {
                    o.set(randomString(random), randomValue(random, 0));
                    return;
                } else {
                    o.set(name, randomValue(random, 0));
                    return;
                }
            } else if (current instanceof ArrayNode a && a.size() > 0) {
                a.set(random.nextInt(a.size()), randomValue(random, 0));
                return;
            } else {
                return;
            }
        }
    }

    static JsonNode randomValue(Random random, int depth) {
        int pick = random.nextInt(depth > 3 ? 6 : 9);
        return switch (pick) {
            case 0, 1, 2, 3, 4, 5 -> randomScalar(random);
            case 6 -> {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    a.add(randomValue(random, depth + 1));
                }
                yield a;
            }
            case 7 -> {
                JsonNode n = F.textNode("deep");
                for (int i = 0; i < 100 + random.nextInt(800); i++) {
                    ObjectNode o = F.objectNode();
                    o.set("a", n);
                    n = o;
                }
                yield n;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    o.set(randomString(random), randomValue(random, depth + 1));
                }
                yield o;
            }
        };
    }

    static JsonNode randomScalar(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(random.nextInt());
            case 3 -> F.numberNode(Long.MAX_VALUE);
            case 4 -> F.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(400))));
            case 5 -> F.numberNode(random.nextBoolean() ? 1e308 : -1.5e-300);
            case 6 -> F.numberNode(-random.nextInt(1000));
            case 7 -> F.textNode("x".repeat(random.nextInt(70_000)));
            case 8 -> F.textNode(String.valueOf(random.nextInt(100)));
            default -> F.textNode(randomString(random));
        };
    }

    /** Unicode of every kind: controls, NUL, lone surrogates, astral planes, RTL, combining marks. */
    static String randomString(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(7)) {
                case 0 -> b.append((char) random.nextInt(32));
                case 1 -> b.append((char) (0xD800 + random.nextInt(0x800)));
                case 2 -> b.appendCodePoint(0x10000 + random.nextInt(0xEFFFF));
                case 3 -> b.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
                default -> b.append((char) (32 + random.nextInt(0x3000)));
            }
        }
        return b.toString();
    }
}
