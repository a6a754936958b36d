package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.api.ApiServer;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.rpc.transport.Transport;

/**
 * {@code tandem serve} for real: conductor, scheduler and two computes each in its own JVM, sharing
 * this JVM's embedded broker and H2 file (AUTO_SERVER) with the API served here. SIGTERM stops a
 * compute gracefully; it is then reported down and new builds avoid it.
 */
class ServeProcessesTest {
    static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    final ServiceProcess here = new ServiceProcess("test");
    ServiceJvms jvms;

    @AfterEach
    void stop() {
        if (jvms != null) {
            jvms.close();
        }
        here.close();
    }

    @Test
    void separateServiceProcessesBuildServersAndAStoppedComputeIsAvoided() throws Exception {
        EmbeddedBroker broker = here.add("broker", EmbeddedBroker.start(0));
        Path conf = ServiceJvms.writeConfig(dir, broker.transportUrl(), null);
        Config config = Config.loader().registry(OptionRegistry.installed()).configFile(conf).load();
        Database db = here.add("db", ServiceProcess.openDatabase(config));
        new SchemaManager(db).sync();
        Transport t = here.add("api transport", ServiceProcess.openTransport(config));
        RpcComputeActions actions = here.add("api pins", RpcComputeActions.create(config, t, db));
        ApiServer api = here.add("api", ApiServer.start(config, db, actions,
                "127.0.0.1", 0));
        Http http = Http.admin("http://127.0.0.1:" + api.port() + "/v2.1", db);

        jvms = new ServiceJvms(dir, conf);
        jvms.start("conductor", "conductor", "--host", "controller");
        jvms.start("scheduler", "scheduler", "--host", "controller");
        jvms.start("compute1", "compute", "--host", "compute1", "--vcpus", "8", "--memory-mb", "16384");
        Process compute2 = jvms.start("compute2", "compute", "--host", "compute2", "--vcpus", "8",
                "--memory-mb", "16384");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(upComputes(http)).as("computes up; logs:\n%s\n%s", jvms.logText("compute1"),
                        jvms.logText("compute2")).containsExactlyInAnyOrder("compute1", "compute2"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> hypervisors(http) == 2);

        List<String> first = boot(http, "before", 4);
        Set<String> hosts = new HashSet<>();
        List<String> onCompute2 = new ArrayList<>();
        for (String id : first) {
            String host = awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText();
            hosts.add(host);
            if (host.equals("compute2")) {
                onCompute2.add(id);
            }
        }
        assertThat(hosts).isSubsetOf("compute1", "compute2");

        compute2.destroy(); // SIGTERM
        assertThat(compute2.waitFor(60, TimeUnit.SECONDS)).as("compute2 exits after SIGTERM").isTrue();
        String log = jvms.logText("compute2");
        assertThat(log).contains("shutdown requested").contains("stopping nova-compute on compute2")
                .contains("stopped");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(serviceState(http, "compute2")).isEqualTo("down"));
        assertThat(serviceState(http, "compute1")).isEqualTo("up");

        for (String id : boot(http, "after", 3)) {
            assertThat(awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo("compute1");
        }

        // Deleting everything: the instances of the stopped compute2 go locally (gone at once), the others
        // through compute1.
        for (String id : first) {
            assertThat(http.delete("/servers/" + id).status()).as("delete %s", id).isEqualTo(204);
        }
        for (String id : onCompute2) {
            assertThat(http.get("/servers/" + id).status()).as("%s of stopped compute2 deleted locally", id)
                    .isEqualTo(404);
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(http.get("/servers/detail?name=before").body().get("servers")).isEmpty());
    }

    static List<String> upComputes(Http http) {
        List<String> up = new ArrayList<>();
        http.get("/os-services?binary=nova-compute").body().get("services").forEach(s -> {
            if ("up".equals(s.get("state").asText())) {
                up.add(s.get("host").asText());
            }
        });
        return up;
    }

    static int hypervisors(Http http) {
        return http.get("/os-hypervisors").body().get("hypervisors").size();
    }

    static String serviceState(Http http, String host) {
        for (JsonNode s : http.get("/os-services?binary=nova-compute").body().get("services")) {
            if (host.equals(s.get("host").asText())) {
                return s.get("state").asText();
            }
        }
        return "missing";
    }

    static List<String> boot(Http http, String name, int count) {
        Http.Response r = http.post("/servers", "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \""
                + AllInOne.EXAMPLE_IMAGE + "\", \"flavorRef\": \"2\", \"min_count\": " + count + ", \"max_count\": "
                + count + "}}");
        assertThat(r.status()).as("create: %s", r.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        http.get("/servers/detail?name=" + name).body().get("servers").forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).hasSize(count);
        return ids;
    }

    static JsonNode awaitActive(Http http, String id) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode s = http.get("/servers/" + id).body().get("server");
            if ("ERROR".equals(s.get("status").asText())) {
                throw new AssertionError("server " + id + " went to ERROR: " + s.get("fault"));
            }
            return "ACTIVE".equals(s.get("status").asText()) && s.get("OS-EXT-STS:task_state").isNull();
        });
        return http.get("/servers/" + id).body().get("server");
    }
}
