package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tandem.db.NotFoundException;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.db.repository.ListQuery;

class FlavorsApiTest extends ApiTestBase {

    private int flavorRows() {
        return new FlavorRepository(db).list(ListQuery.all()).size();
    }

    @Test
    void listAndDetailOfSeededFlavors() {
        Resp r = get("/v2.1/flavors");
        assertThat(r.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.body().get("flavors").forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).contains("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge");
        JsonNode first = r.body().get("flavors").get(0);
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.get("links").get(0).get("href").asText()).isEqualTo(base + "/v2.1/flavors/" + first.get("id").asText());

        JsonNode tiny = get("/v2.1/proj/flavors/1").body().get("flavor");
        assertThat(tiny.get("name").asText()).isEqualTo("m1.tiny");
        assertThat(tiny.get("ram").asInt()).isEqualTo(512);
        assertThat(tiny.get("vcpus").asInt()).isEqualTo(1);
        assertThat(tiny.get("disk").asInt()).isEqualTo(1);
        assertThat(tiny.get("swap").asText()).isEmpty();
        assertThat(tiny.get("OS-FLV-EXT-DATA:ephemeral").asInt()).isZero();
        assertThat(tiny.get("OS-FLV-DISABLED:disabled").asBoolean()).isFalse();
        assertThat(tiny.get("os-flavor-access:is_public").asBoolean()).isTrue();
        assertThat(tiny.get("rxtx_factor").asDouble()).isEqualTo(1.0);
        assertThat(tiny.get("links").get(1).get("href").asText()).isEqualTo(base + "/proj/flavors/1");

        JsonNode detail = get("/v2.1/flavors/detail?minRam=4096").body().get("flavors");
        for (JsonNode f : detail) {
            assertThat(f.get("ram").asInt()).isGreaterThanOrEqualTo(4096);
        }
        assertThat(detail).hasSizeGreaterThanOrEqualTo(3);
        Resp paged = get("/v2.1/flavors?limit=2");
        assertThat(paged.body().get("flavors")).hasSize(2);
        assertThat(paged.body().get("flavors_links").get(0).get("href").asText()).contains("marker=2");
        assertThat(get("/v2.1/flavors?minRam=lots").status()).isEqualTo(400);
    }

    @Test
    void unknownFlavorIs404() {
        Resp r = get("/v2.1/flavors/nope");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.fault("itemNotFound")).isEqualTo("Flavor nope could not be found.");
        assertThat(delete("/v2.1/flavors/nope").status()).isEqualTo(404);
        assertThat(get("/v2.1/flavors/nope/os-extra_specs").status()).isEqualTo(404);
    }

    @Test
    void createShowDeleteWithGivenAndGeneratedIds() {
        Resp r = post("/v2.1/flavors", """
                {"flavor": {"name": "c1.custom", "id": "c1", "ram": 1024, "vcpus": "2", "disk": 10,
                 "OS-FLV-EXT-DATA:ephemeral": 5, "swap": 512, "rxtx_factor": 2.5, "os-flavor-access:is_public": false}}""");
        assertThat(r.status()).isEqualTo(200);
        JsonNode f = r.body().get("flavor");
        assertThat(f.get("id").asText()).isEqualTo("c1");
        assertThat(f.get("vcpus").asInt()).isEqualTo(2);
        assertThat(f.get("swap").asInt()).isEqualTo(512);
        assertThat(f.get("OS-FLV-EXT-DATA:ephemeral").asInt()).isEqualTo(5);
        assertThat(f.get("rxtx_factor").asDouble()).isEqualTo(2.5);
        assertThat(f.get("os-flavor-access:is_public").asBoolean()).isFalse();
        // private flavors are hidden from the default list, shown with is_public=false / none
        assertThat(get("/v2.1/flavors").body().toString()).doesNotContain("c1.custom");
        assertThat(get("/v2.1/flavors?is_public=false").body().toString()).contains("c1.custom");
        assertThat(get("/v2.1/flavors?is_public=none").body().toString()).contains("c1.custom").contains("m1.tiny");

        Resp gen = post("/v2.1/flavors", "{\"flavor\": {\"name\": \"auto\", \"ram\": 64, \"vcpus\": 1, \"disk\": 0}}");
        assertThat(gen.status()).isEqualTo(200);
        String genId = gen.body().get("flavor").get("id").asText();
        assertThat(genId).matches("[0-9a-f-]{36}");

        assertThat(delete("/v2.1/flavors/c1").status()).isEqualTo(202);
        assertThat(get("/v2.1/flavors/c1").status()).isEqualTo(404);
        assertThat(delete("/v2.1/flavors/" + genId).status()).isEqualTo(202);
    }

    @Test
    void badCreates() {
        Object[][] cases = {
            {"{\"flavor\": {\"name\": \"x\", \"ram\": 64, \"vcpus\": 1}}", 400, "badRequest", "disk"},
            {"{\"flavor\": {\"name\": \"x\", \"ram\": 0, \"vcpus\": 1, \"disk\": 0}}", 400, "badRequest", "ram"},
            {"{\"flavor\": {\"name\": \"x\", \"ram\": 64, \"vcpus\": -1, \"disk\": 0}}", 400, "badRequest", "vcpus"},
            {"{\"flavor\": {\"name\": \"x\", \"ram\": \"lots\", \"vcpus\": 1, \"disk\": 0}}", 400, "badRequest", "ram"},
            {"{\"flavor\": {\"name\": \"x\", \"ram\": 64, \"vcpus\": 1, \"disk\": 0, \"gpu\": 1}}", 400, "badRequest", "gpu"},
            {"{\"flavor\": {\"name\": \"x\", \"id\": \" bad\", \"ram\": 64, \"vcpus\": 1, \"disk\": 0}}", 400, "badRequest", "id"},
            {"{\"flavor\": {\"name\": \"x\", \"ram\": 64, \"vcpus\": 1, \"disk\": 0, \"rxtx_factor\": 0}}", 400, "badRequest", "rxtx_factor"},
            {"{\"flavor\": {\"name\": \"x\", \"ram\": 64, \"vcpus\": 1, \"disk\": 0, \"os-flavor-access:is_public\": \"yes\"}}", 400, "badRequest", "is_public"},
            {"{\"flavor\": ", 400, "badRequest", "Malformed request body"},
            {"{\"flavor\": {\"name\": \"m1.tiny\", \"ram\": 64, \"vcpus\": 1, \"disk\": 0}}", 409, "conflictingRequest",
                "Flavor with name m1.tiny already exists."},
            {"{\"flavor\": {\"name\": \"fresh\", \"id\": \"1\", \"ram\": 64, \"vcpus\": 1, \"disk\": 0}}", 409,
                "conflictingRequest", "Flavor with ID 1 already exists."},
        };
        for (Object[] c : cases) {
            int before = flavorRows();
            Resp r = post("/v2.1/flavors", (String) c[0]);
            assertThat(r.status()).as((String) c[0]).isEqualTo(c[1]);
            assertThat(r.fault((String) c[2])).as((String) c[0]).contains((String) c[3]);
            assertThat(flavorRows()).as("no flavor written").isEqualTo(before);
        }
        try {
            new FlavorRepository(db).getByName("fresh");
            throw new AssertionError("flavor 'fresh' must not exist");
        } catch (NotFoundException expected) {
            // good
        }
    }

    @Test
    void extraSpecs() {
        String specs = "/v2.1/flavors/3/os-extra_specs";
        assertThat(get(specs).body().get("extra_specs").size()).isZero();
        Resp set = post(specs, "{\"extra_specs\": {\"hw:cpu_policy\": \"dedicated\", \"quota:cpu_shares\": 512, \"x:flag\": true}}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("extra_specs").get("quota:cpu_shares").asText()).isEqualTo("512");
        assertThat(get(specs).body().get("extra_specs").get("hw:cpu_policy").asText()).isEqualTo("dedicated");
        assertThat(get(specs + "/x:flag").body().get("x:flag").asText()).isEqualTo("True");

        Resp upd = put(specs + "/hw:cpu_policy", "{\"hw:cpu_policy\": \"shared\"}");
        assertThat(upd.status()).isEqualTo(200);
        assertThat(upd.body().get("hw:cpu_policy").asText()).isEqualTo("shared");
        Resp mismatch = put(specs + "/hw:cpu_policy", "{\"other\": \"x\"}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.fault("badRequest")).isEqualTo("Request body and URI mismatch");
        Resp two = put(specs + "/a", "{\"a\": \"1\", \"b\": \"2\"}");
        assertThat(two.status()).isEqualTo(400);
        Resp badKey = post(specs, "{\"extra_specs\": {\"bad/key\": \"v\"}}");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(get(specs).body().get("extra_specs").has("bad/key")).isFalse();
        Resp tooLong = post(specs, "{\"extra_specs\": {\"k\": \"" + "v".repeat(256) + "\"}}");
        assertThat(tooLong.status()).isEqualTo(400);

        assertThat(delete(specs + "/x:flag").status()).isEqualTo(202);
        Resp gone = get(specs + "/x:flag");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.fault("itemNotFound")).isEqualTo("Flavor 3 has no extra specs with key x:flag.");
        assertThat(delete(specs + "/x:flag").status()).isEqualTo(404);
    }
}
