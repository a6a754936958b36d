package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tandem.db.repository.InstanceFaultRepository;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.InstanceRow;

class ServersApiTest extends ApiTestBase {

    @Test
    void createReturnsServerAndWritesBuildingRow() {
        String p = newProject();
        Resp r = post("/v2.1/" + p + "/servers", """
                {"server": {"name": "web", "flavorRef": "1", "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b",
                 "metadata": {"role": "db"}, "availability_zone": "nova"}}""");
        assertThat(r.status()).isEqualTo(202);
        JsonNode s = r.body().get("server");
        String id = s.get("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(s.get("links").get(0).get("href").asText()).isEqualTo(base + "/v2.1/" + p + "/servers/" + id);
        assertThat(s.get("links").get(1).get("href").asText()).isEqualTo(base + "/" + p + "/servers/" + id);
        assertThat(s.get("adminPass").asText()).hasSize(12);
        assertThat(s.get("OS-DCF:diskConfig").asText()).isEqualTo("MANUAL");

        InstanceRow row = new InstanceRepository(db).get(id);
        assertThat(row.vmState()).isEqualTo("building");
        assertThat(row.taskState()).isEqualTo("scheduling");
        assertThat(row.projectId()).isEqualTo(p);
        Map<String, String> sys = new InstanceRepository(db).systemMetadata(id);
        assertThat(sys).containsEntry("instance_type_flavorid", "1").containsEntry("instance_type_name", "m1.tiny");

        Resp show = get("/v2.1/" + p + "/servers/" + id);
        assertThat(show.status()).isEqualTo(200);
        JsonNode d = show.body().get("server");
        assertThat(d.get("status").asText()).isEqualTo("BUILD");
        assertThat(d.get("name").asText()).isEqualTo("web");
        assertThat(d.get("tenant_id").asText()).isEqualTo(p);
        assertThat(d.get("user_id").asText()).isEqualTo(adminUserId());
        assertThat(d.get("metadata").get("role").asText()).isEqualTo("db");
        assertThat(d.get("flavor").get("id").asText()).isEqualTo("1");
        assertThat(d.get("flavor").get("links").get(0).get("href").asText()).isEqualTo(base + "/" + p + "/flavors/1");
        assertThat(d.get("image").get("id").asText()).isEqualTo("70a599e0-31e7-49b7-b260-868f441e862b");
        assertThat(d.get("OS-EXT-STS:vm_state").asText()).isEqualTo("building");
        assertThat(d.get("OS-EXT-STS:task_state").asText()).isEqualTo("scheduling");
        assertThat(d.get("OS-EXT-STS:power_state").asInt()).isZero();
        assertThat(d.has("OS-EXT-SRV-ATTR:host")).isTrue();
        assertThat(d.has("OS-EXT-SRV-ATTR:hypervisor_hostname")).isTrue();
        assertThat(d.get("OS-EXT-AZ:availability_zone").asText()).isEqualTo("nova");
        assertThat(d.get("addresses").isObject()).isTrue();
        assertThat(d.get("created").asText()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(d.get("updated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(d.get("progress").asInt()).isZero();
        assertThat(d.has("fault")).isFalse();
    }

    @Test
    void createWithMinMaxCountAndFlavorUrlAndNoProjectInUrl() {
        String p = newProject();
        Resp r = call("POST", "/v2.1/servers", """
                {"server": {"name": "batch", "flavorRef": "http://example/flavors/2", "min_count": 2, "max_count": "3"}}""",
                "Content-Type", "application/json", "X-Project-Id", p);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().get("server").get("links").get(0).get("href").asText()).startsWith(base + "/v2.1/servers/");
        assertThat(liveInstances(p)).isEqualTo(3);
        Resp list = get("/v2.1/" + p + "/servers");
        List<String> names = new ArrayList<>();
        list.body().get("servers").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("batch-1", "batch-2", "batch-3");
        JsonNode d = get("/v2.1/" + p + "/servers/detail").body().get("servers").get(0);
        assertThat(d.get("flavor").get("id").asText()).isEqualTo("2");
    }

    @Test
    void returnReservationId() {
        String p = newProject();
        Resp r = post("/v2.1/" + p + "/servers",
                "{\"server\": {\"name\": \"x\", \"flavorRef\": 1, \"return_reservation_id\": true}}");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().get("reservation_id").asText()).startsWith("r-");
    }

    private void assertCreateRejected(String body, int status, String fault, String messagePart) {
        String p = newProject();
        int rowsBefore = allInstanceRows();
        Resp r = post("/v2.1/" + p + "/servers", body);
        assertThat(r.status()).as(body).isEqualTo(status);
        assertThat(r.fault(fault)).as(body).contains(messagePart);
        assertThat(allInstanceRows()).as("nothing created for " + body).isEqualTo(rowsBefore);
    }

    @Test
    void badCreateBodies() {
        assertCreateRejected("{\"server\": {\"name\": \"a\"", 400, "badRequest", "Malformed request body");
        assertCreateRejected("not json", 400, "badRequest", "Malformed request body");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\"}} trailing", 400, "badRequest",
                "Malformed request body");
        assertCreateRejected("{\"server\": {\"name\": \"a\"}}", 400, "badRequest", "flavorRef");
        assertCreateRejected("{\"server\": {\"flavorRef\": \"1\"}}", 400, "badRequest", "name");
        assertCreateRejected("{\"server\": {\"name\": \"\", \"flavorRef\": \"1\"}}", 400, "badRequest", "name");
        assertCreateRejected("{\"server\": {\"name\": \" lead\", \"flavorRef\": \"1\"}}", 400, "badRequest", "name");
        assertCreateRejected("{\"server\": {\"name\": \"" + "n".repeat(256) + "\", \"flavorRef\": \"1\"}}", 400,
                "badRequest", "name");
        assertCreateRejected("{\"server\": {\"name\": 5, \"flavorRef\": \"1\"}}", 400, "badRequest", "name");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"bogus\": 1}}", 400,
                "badRequest", "bogus");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\"}, \"extra\": {}}", 400,
                "badRequest", "extra");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"min_count\": 0}}", 400,
                "badRequest", "min_count");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"max_count\": \"x\"}}", 400,
                "badRequest", "max_count");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"min_count\": 3, \"max_count\": 2}}",
                400, "badRequest", "min_count must be <= max_count");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"metadata\": {\"k\": 1}}}", 400,
                "badRequest", "metadata");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"nope\"}}", 400,
                "badRequest", "imageRef");
        assertCreateRejected("{\"server\": {\"name\": \"a\", \"flavorRef\": \"999\"}}", 400, "badRequest",
                "Flavor 999 could not be found.");
        assertCreateRejected("[]", 400, "badRequest", "Invalid input");
    }

    @Test
    void validationMessageNamesFieldValueAndRule() {
        Resp r = post("/v2.1/p/servers", "{\"server\": {\"name\": \"\", \"flavorRef\": \"1\"}}");
        assertThat(r.fault("badRequest"))
                .isEqualTo("Invalid input for field/attribute server/name. Value: . must be at least 1 characters long");
    }

    @Test
    void wrongContentTypeIs415AndCreatesNothing() {
        int before = allInstanceRows();
        Resp r = call("POST", "/v2.1/p1/servers", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\"}}",
                "Content-Type", "text/plain");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.fault("badMediaType")).isEqualTo("Unsupported Content-Type");
        assertThat(allInstanceRows()).isEqualTo(before);
    }

    @Test
    void quotaExceededIs403AndCreatesNothing() {
        String p = newProject();
        Resp r = post("/v2.1/" + p + "/servers",
                "{\"server\": {\"name\": \"many\", \"flavorRef\": \"1\", \"min_count\": " + (QUOTA + 1) + "}}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.fault("forbidden")).startsWith("Quota exceeded for instances");
        assertThat(liveInstances(p)).isZero();
    }

    @Test
    void unknownServerIs404() {
        String id = "8b4f2ab0-0000-4000-8000-000000000000";
        for (Resp r : new Resp[] {get("/v2.1/p/servers/" + id), delete("/v2.1/p/servers/" + id),
                post("/v2.1/p/servers/" + id + "/action", "{\"os-stop\": null}")}) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.fault("itemNotFound")).isEqualTo("Instance " + id + " could not be found.");
        }
    }

    @Test
    void deleteSoftDeletesAndHidesServer() {
        String p = newProject();
        String id = createServer(p, "gone", "1");
        Resp r = delete("/v2.1/" + p + "/servers/" + id);
        assertThat(r.status()).isEqualTo(204);
        assertThat(get("/v2.1/" + p + "/servers/" + id).status()).isEqualTo(404);
        assertThat(liveInstances(p)).isZero();
    }

    @Test
    void actionsFollowStateRules() {
        String p = newProject();
        String id = createServer(p, "vm", "1");
        String action = "/v2.1/" + p + "/servers/" + id + "/action";
        // still building: stop is refused with Nova's text, nothing changes
        Resp refused = post(action, "{\"os-stop\": null}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.fault("conflictingRequest"))
                .isEqualTo("Cannot 'stop' instance " + id + " while it is in vm_state building");
        assertThat(new InstanceRepository(db).get(id).vmState()).isEqualTo("building");

        setStates(id, "active", null);
        assertThat(post(action, "{\"reboot\": {\"type\": \"SOFT\"}}").status()).isEqualTo(202);
        assertThat(post(action, "{\"reboot\": {\"type\": \"hard\"}}").status()).isEqualTo(202);
        assertThat(post(action, "{\"os-stop\": null}").status()).isEqualTo(202);
        assertThat(status(p, id)).isEqualTo("SHUTOFF");
        Resp softWhenStopped = post(action, "{\"reboot\": {\"type\": \"SOFT\"}}");
        assertThat(softWhenStopped.status()).isEqualTo(409);
        assertThat(softWhenStopped.fault("conflictingRequest")).contains("Cannot 'reboot' instance")
                .endsWith("while it is in vm_state stopped");
        assertThat(post(action, "{\"os-start\": null}").status()).isEqualTo(202);
        assertThat(status(p, id)).isEqualTo("ACTIVE");

        Resp same = post(action, "{\"resize\": {\"flavorRef\": \"1\"}}");
        assertThat(same.status()).isEqualTo(400);
        assertThat(same.fault("badRequest")).isEqualTo("When resizing, instances must change flavor!");
        Resp noFlavor = post(action, "{\"resize\": {\"flavorRef\": \"77\"}}");
        assertThat(noFlavor.status()).isEqualTo(400);
        assertThat(noFlavor.fault("badRequest")).isEqualTo("Flavor 77 could not be found.");
        assertThat(post(action, "{\"resize\": {\"flavorRef\": \"2\"}}").status()).isEqualTo(202);
        assertThat(status(p, id)).isEqualTo("VERIFY_RESIZE");
        assertThat(get("/v2.1/" + p + "/servers/" + id).body().get("server").get("flavor").get("id").asText())
                .isEqualTo("2");
        assertThat(post(action, "{\"revertResize\": null}").status()).isEqualTo(202);
        assertThat(get("/v2.1/" + p + "/servers/" + id).body().get("server").get("flavor").get("id").asText())
                .isEqualTo("1");
        Resp confirmNow = post(action, "{\"confirmResize\": null}");
        assertThat(confirmNow.status()).isEqualTo(409);
        assertThat(confirmNow.fault("conflictingRequest")).endsWith("while it is in vm_state active");
        assertThat(post(action, "{\"migrate\": null}").status()).isEqualTo(202);
        assertThat(status(p, id)).isEqualTo("VERIFY_RESIZE");
        assertThat(post(action, "{\"confirmResize\": null}").status()).isEqualTo(204);
        assertThat(status(p, id)).isEqualTo("ACTIVE");

        Resp console = post(action, "{\"os-getConsoleOutput\": {\"length\": 2}}");
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.body().get("output").asText().split("\n")).hasSize(2);
        Resp all = post(action, "{\"os-getConsoleOutput\": {}}");
        assertThat(all.body().get("output").asText().split("\n")).hasSize(5);
    }

    @Test
    void taskStateBlocksActions() {
        String p = newProject();
        String id = createServer(p, "busy", "1");
        setStates(id, "active", "rebooting");
        Resp r = post("/v2.1/" + p + "/servers/" + id + "/action", "{\"os-stop\": null}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.fault("conflictingRequest"))
                .isEqualTo("Cannot 'stop' instance " + id + " while it is in task_state rebooting");
        assertThat(new InstanceRepository(db).get(id).taskState()).isEqualTo("rebooting");
    }

    @Test
    void badActionBodies() {
        String p = newProject();
        String id = createServer(p, "vm", "1");
        setStates(id, "active", null);
        String action = "/v2.1/" + p + "/servers/" + id + "/action";
        int callsBefore = actions.calls.size();
        Object[][] cases = {
            {"{\"explode\": null}", "There is no such action: explode"},
            {"{}", "Malformed request body"},
            {"{\"os-stop\": null, \"os-start\": null}", "Malformed request body"},
            {"{oops", "Malformed request body"},
            {"", "Malformed request body"},
            {"{\"reboot\": {\"type\": \"MEDIUM\"}}", "type"},
            {"{\"reboot\": {}}", "type"},
            {"{\"reboot\": {\"type\": \"SOFT\", \"x\": 1}}", "x"},
            {"{\"resize\": {}}", "flavorRef"},
            {"{\"migrate\": {\"host\": \"elsewhere\"}}", "migrate"},
            {"{\"os-getConsoleOutput\": {\"length\": -5}}", "length"},
            {"{\"os-getConsoleOutput\": {\"length\": \"ten\"}}", "length"},
        };
        for (Object[] c : cases) {
            Resp r = post(action, (String) c[0]);
            assertThat(r.status()).as((String) c[0]).isEqualTo(400);
            assertThat(r.fault("badRequest")).as((String) c[0]).contains((String) c[1]);
        }
        assertThat(actions.calls.size()).isEqualTo(callsBefore);
        assertThat(new InstanceRepository(db).get(id).vmState()).isEqualTo("active");
    }

    /**
     * Nova takes any value for os-stop, os-start, confirmResize and revertResize (its schemas leave
     * the value open; openstack4j sends an empty object), so Tandem does too.
     */
    @Test
    void actionsWithoutArgumentsTakeAnyValueAsNovaDoes() {
        String p = newProject();
        String id = createServer(p, "vm", "1");
        setStates(id, "active", null);
        String action = "/v2.1/" + p + "/servers/" + id + "/action";
        assertThat(post(action, "{\"os-stop\": {}}").status()).isEqualTo(202);
        assertThat(status(p, id)).isEqualTo("SHUTOFF");
        assertThat(post(action, "{\"os-start\": {\"anything\": [1]}}").status()).isEqualTo(202);
        assertThat(status(p, id)).isEqualTo("ACTIVE");
        assertThat(post(action, "{\"resize\": {\"flavorRef\": \"2\"}}").status()).isEqualTo(202);
        assertThat(post(action, "{\"revertResize\": {}}").status()).isEqualTo(202);
        assertThat(status(p, id)).isEqualTo("ACTIVE");
        assertThat(post(action, "{\"resize\": {\"flavorRef\": \"2\"}}").status()).isEqualTo(202);
        assertThat(post(action, "{\"confirmResize\": \"yes\"}").status()).isEqualTo(204);
        assertThat(status(p, id)).isEqualTo("ACTIVE");
    }

    private String status(String p, String id) {
        return get("/v2.1/" + p + "/servers/" + id).body().get("server").get("status").asText();
    }

    @Test
    void listFiltersAndPaging() {
        String p = newProject();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createServer(p, "node" + i, i < 3 ? "1" : "2"));
            clock.advance(java.time.Duration.ofSeconds(1));
        }
        setStates(ids.get(0), "active", null);
        setStates(ids.get(1), "error", null);
        new InstanceRepository(db).update(ids.get(2), Map.of("host", "hostA", "node", "hostA.node"));

        String l = "/v2.1/" + p + "/servers";
        assertThat(get(l).body().get("servers")).hasSize(5);
        assertThat(get(l + "?name=node[34]").body().get("servers")).hasSize(2);
        assertThat(get(l + "?status=ACTIVE").body().get("servers").get(0).get("id").asText()).isEqualTo(ids.get(0));
        assertThat(get(l + "?status=error").body().get("servers")).hasSize(1);
        assertThat(get(l + "?status=BUILD").body().get("servers")).hasSize(3);
        assertThat(get(l + "?flavor=2").body().get("servers")).hasSize(2);
        assertThat(get(l + "?flavor=404").body().get("servers")).isEmpty();
        assertThat(get(l + "?host=hostA").body().get("servers").get(0).get("id").asText()).isEqualTo(ids.get(2));
        JsonNode detailA = get(l + "/detail?host=hostA").body().get("servers").get(0);
        assertThat(detailA.get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo("hostA");
        assertThat(detailA.get("OS-EXT-SRV-ATTR:hypervisor_hostname").asText()).isEqualTo("hostA.node");
        assertThat(detailA.get("hostId").asText()).hasSize(56);

        // newest first; pages of two with a next link carrying the marker
        Resp page1 = get(l + "?limit=2");
        assertThat(page1.body().get("servers")).hasSize(2);
        assertThat(page1.body().get("servers").get(0).get("id").asText()).isEqualTo(ids.get(4));
        String next = page1.body().get("servers_links").get(0).get("href").asText();
        assertThat(page1.body().get("servers_links").get(0).get("rel").asText()).isEqualTo("next");
        assertThat(next).startsWith(base + "/v2.1/" + p + "/servers?").contains("limit=2").contains("marker=" + ids.get(3));
        Resp page2 = get(next.substring(base.length()));
        assertThat(page2.body().get("servers").get(0).get("id").asText()).isEqualTo(ids.get(2));
        Resp page3 = get(l + "?limit=2&marker=" + ids.get(1));
        assertThat(page3.body().get("servers")).hasSize(1);
        assertThat(page3.body().has("servers_links")).isFalse();

        Resp badMarker = get(l + "?marker=nope");
        assertThat(badMarker.status()).isEqualTo(400);
        assertThat(badMarker.fault("badRequest")).isEqualTo("marker [nope] not found");
        Resp badLimit = get(l + "?limit=-1");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.fault("badRequest")).contains("limit");
        assertThat(get(l + "?name=(").status()).isEqualTo(400);
        assertThat(get(l + "?changes-since=yesterday").status()).isEqualTo(400);

        // changes-since includes deleted servers, shown as DELETED
        clock.advance(java.time.Duration.ofMinutes(5));
        String since = java.time.format.DateTimeFormatter.ISO_INSTANT.format(clock.instant());
        delete(l + "/" + ids.get(4));
        JsonNode changed = get(l + "/detail?changes-since=" + since).body().get("servers");
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).get("status").asText()).isEqualTo("DELETED");
    }

    @Test
    void errorServerShowsLatestFault() {
        String p = newProject();
        String id = createServer(p, "broken", "1");
        setStates(id, "error", null);
        InstanceFaultRepository faults = new InstanceFaultRepository(db);
        faults.create(id, 500, "older", "trace", "h1");
        clock.advance(java.time.Duration.ofSeconds(5));
        faults.create(id, 500, "No valid host was found.", "trace", "h1");
        JsonNode s = get("/v2.1/" + p + "/servers/" + id).body().get("server");
        assertThat(s.get("status").asText()).isEqualTo("ERROR");
        assertThat(s.get("fault").get("code").asInt()).isEqualTo(500);
        assertThat(s.get("fault").get("message").asText()).isEqualTo("No valid host was found.");
        assertThat(s.get("fault").get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(s.has("progress")).isFalse();
    }

    @Test
    void projectsAreIsolatedUnlessAllTenants() {
        String a = newProject();
        String b = newProject();
        createServer(a, "mine", "1");
        assertThat(get("/v2.1/" + b + "/servers").body().get("servers")).isEmpty();
        List<String> names = new ArrayList<>();
        get("/v2.1/" + b + "/servers?all_tenants=1").body().get("servers").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).contains("mine");
    }

    @Test
    void serverBugIs500ComputeFaultWithRequestId() {
        String p = newProject();
        String id = createServer(p, "buggy", "1");
        setStates(id, "active", null);
        actions.failNextConsoleOutput = new IllegalStateException("simulated bug");
        Resp r = post("/v2.1/" + p + "/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.fault("computeFault")).contains(r.header("X-Openstack-Request-Id"))
                .doesNotContain("simulated bug");
    }

    @Test
    void noauth2BelievesTheTokenOnLoopbackOnly() {
        AuthPolicy policy = AuthPolicy.noauth2();
        var admin = policy.authenticate(new AuthPolicy.Request("127.0.0.1", "proj", "req-1",
                h -> h.equals("X-Auth-Token") ? "admin" : null));
        assertThat(admin.projectId()).isEqualTo("proj");
        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.requestId()).isEqualTo("req-1");
        var member = policy.authenticate(new AuthPolicy.Request("::1", null, "req-2",
                h -> h.equals("X-Auth-Token") ? "alice:p2" : null));
        assertThat(member.projectId()).isEqualTo("p2");
        assertThat(member.userId()).isEqualTo("alice");
        assertThat(member.isAdmin()).isFalse();
        for (AuthPolicy.Request refused : List.of(
                new AuthPolicy.Request("192.0.2.10", null, "req-3", h -> "admin"),
                new AuthPolicy.Request("127.0.0.1", null, "req-4", h -> null))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> policy.authenticate(refused))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(401));
        }
    }
}
