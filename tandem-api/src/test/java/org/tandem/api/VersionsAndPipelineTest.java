package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VersionsAndPipelineTest extends ApiTestBase {

    @Test
    void rootListsVersions() {
        Resp r = get("/");
        assertThat(r.status()).isEqualTo(200);
        var v = r.body().get("versions").get(0);
        assertThat(v.get("id").asText()).isEqualTo("v2.1");
        assertThat(v.get("status").asText()).isEqualTo("CURRENT");
        assertThat(v.get("min_version").asText()).isEqualTo("2.1");
        assertThat(v.get("version").asText()).isEqualTo(ApiVersions.MAX.toString());
        assertThat(v.get("links").get(0).get("href").asText()).isEqualTo(base + "/v2.1/");
    }

    @Test
    void versionDocument() {
        for (String path : new String[] {"/v2.1/", "/v2.1", "/v2.1/someproject/"}) {
            Resp r = get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            var v = r.body().get("version");
            assertThat(v.get("id").asText()).isEqualTo("v2.1");
            assertThat(v.get("status").asText()).isEqualTo("CURRENT");
            assertThat(v.get("min_version").asText()).isEqualTo("2.1");
            assertThat(v.get("version").asText()).isEqualTo("2.11");
            assertThat(v.get("updated").asText()).isEqualTo("2013-07-23T11:33:21Z");
            assertThat(v.get("links").get(0).get("rel").asText()).isEqualTo("self");
            assertThat(v.get("links").get(1).get("rel").asText()).isEqualTo("describedby");
            assertThat(v.get("media-types").get(0).get("type").asText())
                    .isEqualTo("application/vnd.openstack.compute+json;version=2.1");
        }
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "OpenStack-API-Version|compute 2.1|200|2.1",
        "OpenStack-API-Version|compute 2.2|200|2.2",
        "OpenStack-API-Version|compute 2.3|200|2.3",
        "OpenStack-API-Version|compute 2.9|200|2.9",
        "OpenStack-API-Version|compute 2.10|200|2.10",
        "OpenStack-API-Version|compute 2.11|200|2.11",
        "OpenStack-API-Version|compute latest|200|2.11",
        "OpenStack-API-Version|COMPUTE 2.11|200|2.11",
        "OpenStack-API-Version|volume 3.5|200|2.1",
        "X-OpenStack-Nova-API-Version|2.1|200|2.1",
        "X-OpenStack-Nova-API-Version|2.7|200|2.7",
        "X-OpenStack-Nova-API-Version|latest|200|2.11",
        "OpenStack-API-Version|compute 2.12|406|",
        "X-OpenStack-Nova-API-Version|2.12|406|",
        "OpenStack-API-Version|compute 3.0|406|",
        "OpenStack-API-Version|compute 2.0|406|",
        "X-OpenStack-Nova-API-Version|2.53|406|",
        "OpenStack-API-Version|compute 2|400|",
        "OpenStack-API-Version|compute 2.a|400|",
        "X-OpenStack-Nova-API-Version|two.one|400|",
        "OpenStack-API-Version|compute 02.1|400|",
    })
    void microversionNegotiation(String header, String value, int status, String negotiated) {
        Resp r = get("/v2.1/flavors", header, value);
        assertThat(r.status()).isEqualTo(status);
        if (status == 200) {
            assertThat(r.header("OpenStack-API-Version")).isEqualTo("compute " + negotiated);
            assertThat(r.header("X-OpenStack-Nova-API-Version")).isEqualTo(negotiated);
            assertThat(r.header("Vary")).contains("OpenStack-API-Version").contains("X-OpenStack-Nova-API-Version");
        } else if (status == 406) {
            // Nova has no fault name for 406 and answers computeFault
            assertThat(r.fault("computeFault")).endsWith("is not supported by the API. Minimum is 2.1 and maximum is 2.11.");
        } else {
            assertThat(r.fault("badRequest")).endsWith("is of invalid format. Must be of format MajorNum.MinorNum.");
        }
    }

    @Test
    void newHeaderWinsOverLegacy() {
        Resp r = get("/v2.1/flavors", "OpenStack-API-Version", "compute 2.9", "X-OpenStack-Nova-API-Version", "2.12");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("OpenStack-API-Version")).isEqualTo("compute 2.9");
    }

    @Test
    void noVersionHeaderMeansMinimum() {
        Resp r = get("/v2.1/flavors");
        assertThat(r.header("OpenStack-API-Version")).isEqualTo("compute 2.1");
    }

    @Test
    void requestIdsOnEveryResponse() {
        Resp ok = get("/v2.1/flavors");
        Resp bad = get("/v2.1/nothing/here/at/all");
        for (Resp r : new Resp[] {ok, bad}) {
            assertThat(r.header("X-Openstack-Request-Id")).matches("req-[0-9a-f-]{36}");
            assertThat(r.header("X-Compute-Request-Id")).isEqualTo(r.header("X-Openstack-Request-Id"));
        }
        assertThat(ok.header("X-Openstack-Request-Id")).isNotEqualTo(bad.header("X-Openstack-Request-Id"));
    }

    @Test
    void unknownUrlIs404Json() {
        for (String path : new String[] {"/nope", "/v2/servers", "/v2.1/servers/x/y/z", "/v2.1/p/os-keypairs"}) {
            Resp r = get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.fault("itemNotFound")).isEqualTo("The resource could not be found.");
        }
    }

    @Test
    void wrongMethodIs405() {
        Resp r = call("PATCH", "/v2.1/flavors", "{}");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.fault("badMethod")).isNotBlank();
        assertThat(call("PUT", "/v2.1/servers", "{}").status()).isEqualTo(405);
        assertThat(call("POST", "/v2.1/", "{}").status()).isEqualTo(405);
    }

    @Test
    void metricsCountRequestsByRouteAndStatus() {
        get("/v2.1/flavors");
        get("/v2.1/flavors/does-not-exist");
        Resp m = call("GET", "/metrics", null);
        String text = m.raw().body();
        assertThat(m.status()).isEqualTo(200);
        assertThat(text).contains("tandem_api_requests_seconds_count{method=\"GET\",route=\"/v2.1/flavors\",status=\"200\"}");
        assertThat(text).contains("route=\"/v2.1/flavors/{id}\",status=\"404\"");
    }

    @Test
    void startsFromConfigOptions() throws Exception {
        var registry = org.tandem.config.OptionRegistry.installed();
        assertThat(registry.toString()).isNotNull();
        var config = org.tandem.config.Config.defaults(registry)
                .withOverride(ApiOptions.OSAPI_COMPUTE_LISTEN_PORT, 0);
        assertThat(config.get(ApiOptions.OSAPI_COMPUTE_LISTEN)).isEqualTo("127.0.0.1");
        try (ApiServer second = ApiServer.start(config, db, actions)) {
            assertThat(second.port()).isPositive().isNotEqualTo(server.port());
            var uri = java.net.URI.create("http://127.0.0.1:" + second.port() + "/v2.1/flavors");
            var resp = http.send(java.net.http.HttpRequest.newBuilder(uri).header("X-Auth-Token", adminToken("admin"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
            var anonymous = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as("keystone is the default auth_strategy").isEqualTo(401);
        }
    }

    @Test
    void noauth2IsRefusedOffLoopbackAndABadPolicyFileStopsTheStart() throws Exception {
        var registry = org.tandem.config.OptionRegistry.installed();
        var noauth = org.tandem.config.Config.defaults(registry).withOverride(ApiOptions.AUTH_STRATEGY, "noauth2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiServer.start(noauth, db, actions, "0.0.0.0", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("noauth2")
                .hasMessageContaining("0.0.0.0");
        try (ApiServer local = ApiServer.start(noauth, db, actions, "127.0.0.1", 0)) {
            var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + local.port() + "/v2.1/os-services")).header("X-Auth-Token", "admin:admin").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
        }
        java.nio.file.Path policy = java.nio.file.Files.createTempFile("policy", ".yaml");
        java.nio.file.Files.writeString(policy, "\"os_compute_api:os-services:list\": \"role:admin or\"\n");
        var bad = org.tandem.config.Config.defaults(registry)
                .withOverride(org.tandem.identity.IdentityOptions.POLICY_FILE, policy.toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiServer.start(bad, db, actions, "127.0.0.1", 0))
                .hasMessageContaining(policy.toString()).hasMessageContaining("os_compute_api:os-services:list");
        java.nio.file.Files.delete(policy);
    }
}
