package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tandem.db.repository.ComputeNodeRepository;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServicesAndHypervisorsApiTest extends ApiTestBase {
    ServiceRow conductor;
    ServiceRow compute1;
    ServiceRow compute2;
    long node1;
    long node2;

    @BeforeAll
    void seed() {
        ServiceRepository services = new ServiceRepository(db);
        conductor = services.heartbeat(services.create("ctl", "nova-conductor", "conductor", 1).id());
        compute1 = services.heartbeat(services.create("cmp1", "nova-compute", "compute", 1).id());
        compute2 = services.create("cmp2", "nova-compute", "compute", 1);
        ComputeNodeRepository nodes = new ComputeNodeRepository(db);
        node1 = nodes.create(node(compute1, "cmp1.example", 8, 16384, 100, 2, 4096, 20)).id();
        node2 = nodes.create(node(compute2, "cmp2.example", 4, 8192, 50, 0, 512, 0)).id();
    }

    private static Map<String, Object> node(ServiceRow s, String hostname, int vcpus, int mem, int disk, int vu, int mu,
            int du) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("service_id", (int) s.id());
        v.put("host", s.host());
        v.put("hypervisor_hostname", hostname);
        v.put("vcpus", vcpus);
        v.put("memory_mb", mem);
        v.put("local_gb", disk);
        v.put("vcpus_used", vu);
        v.put("memory_mb_used", mu);
        v.put("local_gb_used", du);
        v.put("hypervisor_type", "fake");
        v.put("hypervisor_version", 1000);
        v.put("cpu_info", "{}");
        v.put("free_ram_mb", mem - mu);
        v.put("free_disk_gb", disk - du);
        v.put("current_workload", 0);
        v.put("running_vms", vu);
        v.put("disk_available_least", disk - du);
        v.put("host_ip", "192.0.2.1");
        return v;
    }

    private JsonNode service(String host, String binary) {
        for (JsonNode s : get("/v2.1/os-services").body().get("services")) {
            if (s.get("host").asText().equals(host) && s.get("binary").asText().equals(binary)) {
                return s;
            }
        }
        throw new AssertionError("no service " + host + "/" + binary);
    }

    @Test
    void listShapeZonesAndState() {
        JsonNode ctl = service("ctl", "nova-conductor");
        assertThat(ctl.get("id").asLong()).isEqualTo(conductor.id());
        assertThat(ctl.get("zone").asText()).isEqualTo("internal");
        assertThat(ctl.get("status").asText()).isEqualTo("enabled");
        assertThat(ctl.get("state").asText()).isEqualTo("up");
        assertThat(ctl.get("updated_at").asText()).matches("2026-01-01T12:\\d\\d:\\d\\d\\.000000");
        assertThat(ctl.has("disabled_reason")).isTrue();
        assertThat(ctl.has("forced_down")).isFalse();
        JsonNode c1 = service("cmp1", "nova-compute");
        assertThat(c1.get("zone").asText()).isEqualTo("nova");
        JsonNode computes = get("/v2.1/os-services?binary=nova-compute").body().get("services");
        assertThat(computes.toString()).contains("\"cmp1\"").contains("\"cmp2\"").doesNotContain("nova-conductor");
        assertThat(get("/v2.1/os-services?host=ctl").body().get("services")).hasSize(1);
        assertThat(get("/v2.1/os-services?host=nowhere").body().get("services")).isEmpty();
    }

    @Test
    void stateGoesDownAfterServiceDownTime() {
        ServiceRepository services = new ServiceRepository(db);
        ServiceRow sched = services.heartbeat(services.create("sch", "nova-scheduler", "scheduler", 1).id());
        assertThat(service("sch", "nova-scheduler").get("state").asText()).isEqualTo("up");
        clock.advance(Duration.ofSeconds(61));
        assertThat(service("sch", "nova-scheduler").get("state").asText()).isEqualTo("down");
        services.heartbeat(sched.id());
        assertThat(service("sch", "nova-scheduler").get("state").asText()).isEqualTo("up");
        services.heartbeat(conductor.id());
        services.heartbeat(compute1.id());
    }

    @Test
    void enableDisableWithReason() {
        Resp d = put("/v2.1/os-services/disable", "{\"host\": \"cmp2\", \"binary\": \"nova-compute\"}");
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.body().get("service").get("status").asText()).isEqualTo("disabled");
        assertThat(service("cmp2", "nova-compute").get("status").asText()).isEqualTo("disabled");
        Resp dr = put("/v2.1/os-services/disable-log-reason",
                "{\"host\": \"cmp2\", \"binary\": \"nova-compute\", \"disabled_reason\": \"maintenance\"}");
        assertThat(dr.status()).isEqualTo(200);
        assertThat(dr.body().get("service").get("disabled_reason").asText()).isEqualTo("maintenance");
        assertThat(service("cmp2", "nova-compute").get("disabled_reason").asText()).isEqualTo("maintenance");
        assertThat(get("/v2.1/os-hypervisors").body().toString()).contains("\"status\":\"disabled\"");
        Resp e = put("/v2.1/os-services/enable", "{\"host\": \"cmp2\", \"binary\": \"nova-compute\"}");
        assertThat(e.status()).isEqualTo(200);
        JsonNode svc = service("cmp2", "nova-compute");
        assertThat(svc.get("status").asText()).isEqualTo("enabled");
        assertThat(svc.get("disabled_reason").isNull()).isTrue();
    }

    @Test
    void badServiceUpdates() {
        Object[][] cases = {
            {"/v2.1/os-services/disable", "{\"host\": \"nope\", \"binary\": \"nova-compute\"}", 404, "itemNotFound",
                "Could not find binary nova-compute on host nope."},
            {"/v2.1/os-services/disable", "{\"host\": \"ctl\", \"binary\": \"nova-conductor\"}", 400, "badRequest",
                "Updating a nova-conductor service is not supported. Only nova-compute services can be updated."},
            {"/v2.1/os-services/disable", "{\"host\": \"cmp1\"}", 400, "badRequest", "binary"},
            {"/v2.1/os-services/disable", "{\"host\": \"cmp1\", \"binary\": \"nova-compute\", \"x\": 1}", 400, "badRequest", "x"},
            {"/v2.1/os-services/disable", "{\"host\": \"cmp1\", \"binary\": \"nova-compute\", \"disabled_reason\": \"r\"}",
                400, "badRequest", "disabled_reason"},
            {"/v2.1/os-services/disable-log-reason", "{\"host\": \"cmp1\", \"binary\": \"nova-compute\"}", 400,
                "badRequest", "Missing disabled reason field"},
            {"/v2.1/os-services/disable", "{bad", 400, "badRequest", "Malformed request body"},
            {"/v2.1/os-services/force-down", "{\"host\": \"cmp1\", \"binary\": \"nova-compute\", \"forced_down\": true}",
                404, "itemNotFound", "Unknown action"},
            {"/v2.1/os-services/reboot", "{}", 404, "itemNotFound", "Unknown action"},
        };
        for (Object[] c : cases) {
            Resp r = put((String) c[0], (String) c[1]);
            assertThat(r.status()).as((String) c[1]).isEqualTo(c[2]);
            assertThat(r.fault((String) c[3])).as((String) c[1]).contains((String) c[4]);
        }
        assertThat(service("cmp1", "nova-compute").get("status").asText()).isEqualTo("enabled");
        assertThat(service("ctl", "nova-conductor").get("status").asText()).isEqualTo("enabled");
    }

    @Test
    void deleteService() {
        ServiceRepository services = new ServiceRepository(db);
        ServiceRow extra = services.create("old", "nova-cert", "cert", 1);
        assertThat(delete("/v2.1/os-services/" + extra.id()).status()).isEqualTo(204);
        Resp again = delete("/v2.1/os-services/" + extra.id());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.fault("itemNotFound")).isEqualTo("Service " + extra.id() + " not found.");
        Resp notInt = delete("/v2.1/os-services/abc");
        assertThat(notInt.status()).isEqualTo(400);
        assertThat(notInt.fault("badRequest")).contains("id must be an integer");

        ServiceRow busy = services.create("busy", "nova-compute", "compute", 1);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("host", "busy");
        v.put("vm_state", "active");
        v.put("project_id", "p");
        new InstanceRepository(db).create(v);
        Resp conflict = delete("/v2.1/os-services/" + busy.id());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.fault("conflictingRequest")).contains("hosting instances");
        assertThat(services.get(busy.id()).isDeleted()).isFalse();
    }

    @Test
    void hypervisors() {
        JsonNode list = get("/v2.1/os-hypervisors").body().get("hypervisors");
        assertThat(list).hasSize(2);
        JsonNode h1 = list.get(0);
        assertThat(h1.get("id").asLong()).isEqualTo(node1);
        assertThat(h1.get("hypervisor_hostname").asText()).isEqualTo("cmp1.example");
        assertThat(h1.get("state").asText()).isEqualTo("up");
        assertThat(list.get(1).get("state").asText()).isEqualTo("down");
        assertThat(h1.size()).isEqualTo(4);

        JsonNode d = get("/v2.1/os-hypervisors/detail").body().get("hypervisors").get(0);
        assertThat(d.get("vcpus").asInt()).isEqualTo(8);
        assertThat(d.get("memory_mb_used").asInt()).isEqualTo(4096);
        assertThat(d.get("hypervisor_type").asText()).isEqualTo("fake");
        assertThat(d.get("host_ip").asText()).isEqualTo("192.0.2.1");
        assertThat(d.get("service").get("host").asText()).isEqualTo("cmp1");
        assertThat(d.get("service").get("id").asLong()).isEqualTo(compute1.id());

        JsonNode one = get("/v2.1/os-hypervisors/" + node2).body().get("hypervisor");
        assertThat(one.get("hypervisor_hostname").asText()).isEqualTo("cmp2.example");
        Resp missing = get("/v2.1/os-hypervisors/9999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.fault("itemNotFound")).isEqualTo("Hypervisor with ID '9999' could not be found.");
        assertThat(get("/v2.1/os-hypervisors/abc").status()).isEqualTo(404);

        JsonNode st = get("/v2.1/os-hypervisors/statistics").body().get("hypervisor_statistics");
        assertThat(st.get("count").asInt()).isEqualTo(2);
        assertThat(st.get("vcpus").asInt()).isEqualTo(12);
        assertThat(st.get("memory_mb").asInt()).isEqualTo(24576);
        assertThat(st.get("local_gb").asInt()).isEqualTo(150);
        assertThat(st.get("vcpus_used").asInt()).isEqualTo(2);
        assertThat(st.get("memory_mb_used").asInt()).isEqualTo(4608);
        assertThat(st.get("local_gb_used").asInt()).isEqualTo(20);
        assertThat(st.get("free_ram_mb").asInt()).isEqualTo(24576 - 4608);
        assertThat(st.get("free_disk_gb").asInt()).isEqualTo(130);
        assertThat(st.get("running_vms").asInt()).isEqualTo(2);
        assertThat(st.get("current_workload").asInt()).isZero();
        assertThat(st.get("disk_available_least").asInt()).isEqualTo(130);
    }
}
