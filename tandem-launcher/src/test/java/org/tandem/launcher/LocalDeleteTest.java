package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.compute.ComputeService;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.db.repository.ComputeNodeRepository;
import org.tandem.db.repository.InstanceActionRepository;
import org.tandem.db.repository.InstanceActionRow;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.InstanceRow;
import org.tandem.db.repository.ReadDeleted;
import org.tandem.rpc.transport.Transport;

/**
 * Nova's local delete: once an instance's compute service is down (or its host has no service at
 * all), DELETE /servers/{id} answers 204 and removes the instance in the database instead of
 * leaving it in task_state deleting; nothing is freed on the dead host.
 */
class LocalDeleteTest {
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    AllInOne cloud;
    ServiceProcess doomed;

    @AfterEach
    void stop() {
        if (doomed != null) {
            doomed.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void deletingInstancesOfADownOrUnknownHostHappensInTheDatabase() {
        Config config = Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.STATE_PATH, dir.toString())
                .withOverride(CommonOptions.REPORT_INTERVAL, 1)
                .withOverride(CommonOptions.SERVICE_DOWN_TIME, 4)
                .withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 30);
        // No compute of its own: the only host is "doomed", started (and later stopped) here.
        cloud = AllInOne.start(config, new AllInOne.Options(0, FakeDriverSpec.of(8, 16384, 200), "127.0.0.1", 0, 0));
        Config joined = config.withOverride(CommonOptions.TRANSPORT_URL, cloud.transportUrl());
        doomed = new ServiceProcess("doomed");
        Transport t = doomed.add("transport", ServiceProcess.openTransport(joined));
        doomed.add("nova-compute on doomed",
                ComputeService.start(joined, t, "doomed", FakeDriverSpec.of(8, 16384, 200)));
        Http http = Http.admin(cloud.apiUrl(), cloud.database());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> "up".equals(ServeProcessesTest.serviceState(http, "doomed"))
                        && ServeProcessesTest.hypervisors(http) == 1);

        List<String> ids = ServeProcessesTest.boot(http, "victim", 3);
        for (String id : ids) {
            assertThat(ServeProcessesTest.awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText())
                    .isEqualTo("doomed");
        }
        ComputeNodeRepository nodes = new ComputeNodeRepository(cloud.database());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).alias("three m1.small instances claimed on doomed")
                .until(() -> nodes.listByHost("doomed").get(0).vcpusUsed() == 3);
        int vcpusUsed = 3;

        doomed.close();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> "down".equals(ServeProcessesTest.serviceState(http, "doomed")));

        InstanceRepository instances = new InstanceRepository(cloud.database());
        // ids[1]: an earlier delete whose cast the dead host never took (stuck in deleting);
        // ids[2]: a host with no service record at all.
        instances.update(ids.get(1), Map.of("task_state", "deleting"));
        instances.update(ids.get(2), Map.of("host", "never-registered"));
        assertThat(instances.extraFlavor(ids.get(0))).as("kilo keeps the flavor in instance_extra").isNotNull();

        for (String id : ids) {
            Http.Response r = http.delete("/servers/" + id);
            assertThat(r.status()).as("delete %s: %s", id, r.body()).isEqualTo(204);
            // Gone at once: no compute host has to answer.
            assertThat(http.get("/servers/" + id).status()).isEqualTo(404);
        }
        assertThat(listed(http)).doesNotContainAnyElementsOf(ids).isEmpty();

        InstanceActionRepository actions = new InstanceActionRepository(cloud.database());
        for (String id : ids) {
            InstanceRow row = instances.get(id, ReadDeleted.ONLY);
            assertThat(row.vmState()).isEqualTo("deleted");
            assertThat(row.taskState()).isNull();
            assertThat(row.terminatedAt()).isNotNull();
            assertThat(instances.systemMetadata(id)).as("system metadata soft-deleted").isEmpty();
            assertThat(actions.listForInstance(id)).extracting(InstanceActionRow::action).contains("create", "delete");
        }
        assertThat(nodes.listByHost("doomed").get(0).vcpusUsed()).as("nothing freed on the dead host")
                .isEqualTo(vcpusUsed);
    }

    private static List<String> listed(Http http) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : http.get("/servers/detail").body().get("servers")) {
            out.add(s.get("id").asText());
        }
        return out;
    }
}
