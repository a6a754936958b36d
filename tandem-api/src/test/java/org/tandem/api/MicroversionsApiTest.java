package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;

/** What microversions 2.2..2.11 change in served responses, and os-services force-down (2.11). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicroversionsApiTest extends ApiTestBase {
    private static final List<String> EXTENDED_2_3 = List.of("OS-EXT-SRV-ATTR:reservation_id",
            "OS-EXT-SRV-ATTR:launch_index", "OS-EXT-SRV-ATTR:hostname", "OS-EXT-SRV-ATTR:kernel_id",
            "OS-EXT-SRV-ATTR:ramdisk_id", "OS-EXT-SRV-ATTR:root_device_name", "OS-EXT-SRV-ATTR:user_data");

    private static String[] at(String version) {
        return new String[] {"OpenStack-API-Version", "compute " + version, "Content-Type", "application/json"};
    }

    private JsonNode show(String project, String uuid, String version) {
        Resp r = get("/v2.1/" + project + "/servers/" + uuid, at(version));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("OpenStack-API-Version")).isEqualTo("compute " + version);
        return r.body().get("server");
    }

    private JsonNode detailOf(String project, String uuid, String version) {
        Resp r = get("/v2.1/" + project + "/servers/detail", at(version));
        assertThat(r.status()).isEqualTo(200);
        for (JsonNode s : r.body().get("servers")) {
            if (s.get("id").asText().equals(uuid)) {
                return s;
            }
        }
        throw new AssertionError("server " + uuid + " missing from detail at " + version);
    }

    @Test
    void serverShapePerVersion() {
        String p = newProject();
        String uuid = createServer(p, "shape", "1");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("launch_index", 0);
        v.put("hostname", "shape");
        v.put("kernel_id", "k-1");
        v.put("ramdisk_id", "r-1");
        v.put("root_device_name", "/dev/vda");
        v.put("user_data", "IyEvYmluL3NoCg==");
        new InstanceRepository(db).update(uuid, v);
        String reservation = new InstanceRepository(db).get(uuid).reservationId();
        assertThat(reservation).isNotBlank();

        for (JsonNode s : List.of(show(p, uuid, "2.1"), show(p, uuid, "2.2"), detailOf(p, uuid, "2.1"))) {
            EXTENDED_2_3.forEach(k -> assertThat(s.has(k)).as(k).isFalse());
            assertThat(s.has("OS-EXT-SRV-ATTR:host")).isTrue();
            assertThat(s.has("locked")).isFalse();
        }
        for (String version : List.of("2.3", "2.8")) {
            for (JsonNode s : List.of(show(p, uuid, version), detailOf(p, uuid, version))) {
                EXTENDED_2_3.forEach(k -> assertThat(s.has(k)).as(k).isTrue());
                assertThat(s.get("OS-EXT-SRV-ATTR:reservation_id").asText()).isEqualTo(reservation);
                assertThat(s.get("OS-EXT-SRV-ATTR:launch_index").asInt()).isZero();
                assertThat(s.get("OS-EXT-SRV-ATTR:hostname").asText()).isEqualTo("shape");
                assertThat(s.get("OS-EXT-SRV-ATTR:kernel_id").asText()).isEqualTo("k-1");
                assertThat(s.get("OS-EXT-SRV-ATTR:ramdisk_id").asText()).isEqualTo("r-1");
                assertThat(s.get("OS-EXT-SRV-ATTR:root_device_name").asText()).isEqualTo("/dev/vda");
                assertThat(s.get("OS-EXT-SRV-ATTR:user_data").asText()).isEqualTo("IyEvYmluL3NoCg==");
                assertThat(s.has("locked")).isFalse();
            }
        }
        for (String version : List.of("2.9", "2.11")) {
            for (JsonNode s : List.of(show(p, uuid, version), detailOf(p, uuid, version))) {
                EXTENDED_2_3.forEach(k -> assertThat(s.has(k)).as(k).isTrue());
                assertThat(s.get("locked").isBoolean()).isTrue();
                assertThat(s.get("locked").asBoolean()).isFalse();
            }
        }
        // the brief list never carries these fields
        JsonNode brief = get("/v2.1/" + p + "/servers", at("2.11")).body().get("servers").get(0);
        assertThat(brief.has("locked")).isFalse();
        assertThat(brief.has("OS-EXT-SRV-ATTR:user_data")).isFalse();
    }

    @Test
    void unsetExtendedAttributesAreNullAndLockFollowsLockedBy() {
        String p = newProject();
        String uuid = createServer(p, "bare", "1");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kernel_id", null);
        v.put("ramdisk_id", null);
        v.put("root_device_name", null);
        v.put("user_data", null);
        new InstanceRepository(db).update(uuid, v);
        JsonNode s = show(p, uuid, "2.3");
        assertThat(s.get("OS-EXT-SRV-ATTR:user_data").isNull()).isTrue();
        assertThat(s.get("OS-EXT-SRV-ATTR:kernel_id").isNull()).isTrue();
        assertThat(s.get("OS-EXT-SRV-ATTR:root_device_name").isNull()).isTrue();

        new InstanceRepository(db).update(uuid, Map.of("locked", true, "locked_by", "admin"));
        assertThat(show(p, uuid, "2.9").get("locked").asBoolean()).isTrue();
        assertThat(detailOf(p, uuid, "2.11").get("locked").asBoolean()).isTrue();
        assertThat(show(p, uuid, "2.8").has("locked")).isFalse();
    }

    // ---- os-services 2.11

    private ServiceRow compute(String host) {
        ServiceRepository services = new ServiceRepository(db);
        return services.heartbeat(services.create(host, "nova-compute", "compute", 1).id());
    }

    private JsonNode service(String host, String version) {
        Resp r = get("/v2.1/os-services?host=" + host, at(version));
        assertThat(r.status()).isEqualTo(200);
        JsonNode list = r.body().get("services");
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private Resp forceDown(String version, String body) {
        return call("PUT", "/v2.1/os-services/force-down", body, at(version));
    }

    @Test
    void forcedDownFieldOnlyFrom211() {
        compute("fd-list");
        assertThat(service("fd-list", "2.1").has("forced_down")).isFalse();
        assertThat(service("fd-list", "2.10").has("forced_down")).isFalse();
        JsonNode s = service("fd-list", "2.11");
        assertThat(s.get("forced_down").isBoolean()).isTrue();
        assertThat(s.get("forced_down").asBoolean()).isFalse();
        assertThat(s.get("state").asText()).isEqualTo("up");
    }

    @Test
    void forceDownAndBackUpWithFreshHeartbeat() {
        ServiceRow row = compute("fd-fresh");
        Resp r = forceDown("2.11", "{\"host\": \"fd-fresh\", \"binary\": \"nova-compute\", \"forced_down\": true}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode out = r.body().get("service");
        assertThat(out.get("host").asText()).isEqualTo("fd-fresh");
        assertThat(out.get("binary").asText()).isEqualTo("nova-compute");
        assertThat(out.get("forced_down").asBoolean()).isTrue();
        assertThat(out.size()).isEqualTo(3);
        assertThat(new ServiceRepository(db).get(row.id()).forcedDown()).isTrue();

        JsonNode listed = service("fd-fresh", "2.11");
        assertThat(listed.get("forced_down").asBoolean()).isTrue();
        assertThat(listed.get("state").asText()).isEqualTo("down");
        // older microversions see the state too, just not the flag
        assertThat(service("fd-fresh", "2.1").get("state").asText()).isEqualTo("down");
        // still down although it keeps heartbeating
        new ServiceRepository(db).heartbeat(row.id());
        assertThat(service("fd-fresh", "2.11").get("state").asText()).isEqualTo("down");

        Resp up = forceDown("2.11", "{\"host\": \"fd-fresh\", \"binary\": \"nova-compute\", \"forced_down\": false}");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.body().get("service").get("forced_down").asBoolean()).isFalse();
        JsonNode back = service("fd-fresh", "2.11");
        assertThat(back.get("forced_down").asBoolean()).isFalse();
        assertThat(back.get("state").asText()).isEqualTo("up");
    }

    @Test
    void forceUpWithStaleHeartbeatWaitsForNextHeartbeat() {
        ServiceRow row = compute("fd-stale");
        assertThat(forceDown("2.11", "{\"host\": \"fd-stale\", \"binary\": \"nova-compute\", \"forced_down\": \"yes\"}")
                .status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        Resp up = forceDown("2.11", "{\"host\": \"fd-stale\", \"binary\": \"nova-compute\", \"forced_down\": \"off\"}");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.body().get("service").get("forced_down").asBoolean()).isFalse();
        JsonNode s = service("fd-stale", "2.11");
        assertThat(s.get("forced_down").asBoolean()).isFalse();
        assertThat(s.get("state").asText()).isEqualTo("down");
        new ServiceRepository(db).heartbeat(row.id());
        assertThat(service("fd-stale", "2.11").get("state").asText()).isEqualTo("up");
    }

    @Test
    void forceDownBelow211IsUnknownAction() {
        compute("fd-old");
        for (String version : List.of("2.1", "2.10")) {
            Resp r = forceDown(version, "{\"host\": \"fd-old\", \"binary\": \"nova-compute\", \"forced_down\": true}");
            assertThat(r.status()).as(version).isEqualTo(404);
            assertThat(r.fault("itemNotFound")).isEqualTo("Unknown action");
        }
        JsonNode s = service("fd-old", "2.11");
        assertThat(s.get("forced_down").asBoolean()).isFalse();
        assertThat(s.get("state").asText()).isEqualTo("up");
        // 2.10 bodies do not know forced_down at all
        Resp disable = call("PUT", "/v2.1/os-services/disable",
                "{\"host\": \"fd-old\", \"binary\": \"nova-compute\", \"forced_down\": true}", at("2.10"));
        assertThat(disable.status()).isEqualTo(400);
        assertThat(disable.fault("badRequest")).contains("forced_down");
    }

    @Test
    void badForceDownBodies() {
        compute("fd-bad");
        Object[][] cases = {
            {"{\"host\": \"fd-bad\", \"binary\": \"nova-compute\"}", 400, "badRequest", "Missing forced_down field"},
            {"{\"binary\": \"nova-compute\", \"forced_down\": true}", 400, "badRequest", "host"},
            {"{\"host\": \"fd-bad\", \"forced_down\": true}", 400, "badRequest", "binary"},
            {"{\"host\": \"fd-bad\", \"binary\": \"nova-compute\", \"forced_down\": 1}", 400, "badRequest",
                "forced_down"},
            {"{\"host\": \"fd-bad\", \"binary\": \"nova-compute\", \"forced_down\": \"maybe\"}", 400, "badRequest",
                "forced_down"},
            {"{\"host\": \"fd-bad\", \"binary\": \"nova-compute\", \"forced_down\": null}", 400, "badRequest",
                "forced_down"},
            {"{\"host\": 5, \"binary\": \"nova-compute\", \"forced_down\": true}", 400, "badRequest", "host"},
            {"{\"host\": \"fd-bad\", \"binary\": \"nova-compute\", \"forced_down\": true, \"x\": 1}", 400,
                "badRequest", "x"},
            {"{bad", 400, "badRequest", "Malformed request body"},
            {"", 400, "badRequest", "body"},
            {"{\"host\": \"nowhere\", \"binary\": \"nova-compute\", \"forced_down\": true}", 404, "itemNotFound",
                "Could not find binary nova-compute on host nowhere."},
            {"{\"host\": \"fd-bad\", \"binary\": \"nova-scheduler\", \"forced_down\": true}", 400, "badRequest",
                "Updating a nova-scheduler service is not supported. Only nova-compute services can be updated."},
        };
        for (Object[] c : cases) {
            Resp r = forceDown("2.11", (String) c[0]);
            assertThat(r.status()).as((String) c[0]).isEqualTo(c[1]);
            assertThat(r.fault((String) c[2])).as((String) c[0]).contains((String) c[3]);
        }
        JsonNode s = service("fd-bad", "2.11");
        assertThat(s.get("forced_down").asBoolean()).isFalse();
        assertThat(s.get("state").asText()).isEqualTo("up");
    }

    @Test
    void enableDisableStillWorkAt211() {
        compute("fd-en");
        Resp d = call("PUT", "/v2.1/os-services/disable", "{\"host\": \"fd-en\", \"binary\": \"nova-compute\"}",
                at("2.11"));
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.body().get("service").get("status").asText()).isEqualTo("disabled");
        assertThat(d.body().get("service").has("forced_down")).isFalse();
        JsonNode s = service("fd-en", "2.11");
        assertThat(s.get("status").asText()).isEqualTo("disabled");
        assertThat(s.get("forced_down").asBoolean()).isFalse();
    }
}
