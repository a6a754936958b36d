package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.testing.RealServices;

/**
 * Every service in its own JVM on real RabbitMQ and a real SQL database (fresh per run, dropped
 * after): 50 instances across 3 computes, resizes across hosts, a killed compute reported down
 * and avoided by new builds. Subclasses create and drop the database.
 */
abstract class CloudOnRealServicesContract {
    static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    ServiceJvms jvms;
    final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    /** Creates a fresh database and returns its {@code [database] connection} value. */
    protected abstract String createDatabase() throws Exception;

    protected abstract void dropDatabase() throws Exception;

    /** Prefix of this class's host names and control exchange (fixed, so reruns reuse the same queues). */
    protected abstract String prefix();

    @AfterEach
    void tearDown() throws Exception {
        if (jvms != null) {
            jvms.close();
        }
        dropDatabase();
    }

    @Test
    void fiftyInstancesOnThreeComputesSurviveAKilledCompute() throws Exception {
        RealServices.requireRabbitMq();
        String connection = createDatabase();
        String token;
        try (Database db = Database.open(ConnectionUrl.parse(connection, null), 2, java.time.Clock.systemUTC())) {
            new SchemaManager(db).sync();
            token = new org.tandem.identity.DirectTokens(db).issue("admin", "admin", "admin");
            // 50 m1.small instances exceed Nova's default quotas of project admin
            new org.tandem.identity.Quotas(db, org.tandem.identity.Quotas.NOVA_DEFAULTS).unlimited("admin");
        }
        int apiPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = s.getLocalPort();
        }
        Path conf = ServiceJvms.writeConfig(dir, RealServices.RABBIT_URL, connection,
                "control_exchange = " + prefix() + "\n");
        jvms = new ServiceJvms(dir, conf);
        jvms.start("api", "api", "--host", prefix() + "-api", "--port", Integer.toString(apiPort));
        jvms.start("conductor", "conductor", "--host", prefix() + "-controller");
        jvms.start("scheduler", "scheduler", "--host", prefix() + "-controller");
        List<String> hosts = new ArrayList<>();
        Map<String, Process> computes = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            String host = prefix() + "-compute" + i;
            hosts.add(host);
            computes.put(host, jvms.start(host, "compute", "--host", host, "--vcpus", "64", "--memory-mb", "65536",
                    "--disk-gb", "1000"));
        }
        Http http = new Http("http://127.0.0.1:" + apiPort + "/v2.1", token);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                assertThat(ServeProcessesTest.upComputes(http)).as("logs: %s", jvms.logText("api"))
                        .containsExactlyInAnyOrderElementsOf(hosts));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> ServeProcessesTest.hypervisors(http) == 3);

        List<String> ids = ServeProcessesTest.boot(http, "many", 50);
        Map<String, Integer> perHost = new HashMap<>();
        for (String id : ids) {
            String host = ServeProcessesTest.awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText();
            perHost.merge(host, 1, Integer::sum);
        }
        assertThat(perHost.keySet()).containsExactlyInAnyOrderElementsOf(hosts);
        assertThat(perHost.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);

        for (String id : ids.subList(0, 5)) {
            String before = server(http, id).get("OS-EXT-SRV-ATTR:host").asText();
            Http.Response r = http.post("/servers/" + id + "/action", "{\"resize\": {\"flavorRef\": \"3\"}}");
            assertThat(r.status()).as("resize %s: %s", id, r.body()).isEqualTo(202);
            awaitStatus(http, id, "VERIFY_RESIZE");
            assertThat(server(http, id).get("OS-EXT-SRV-ATTR:host").asText()).isNotEqualTo(before);
            assertThat(http.post("/servers/" + id + "/action", "{\"confirmResize\": null}").status()).isEqualTo(204);
            assertThat(awaitStatus(http, id, "ACTIVE").get("flavor").get("id").asText()).isEqualTo("3");
        }

        String victim = hosts.get(2);
        computes.get(victim).destroyForcibly();
        assertThat(computes.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(ServeProcessesTest.serviceState(http, victim)).isEqualTo("down"));
        for (String id : ServeProcessesTest.boot(http, "later", 6)) {
            assertThat(ServeProcessesTest.awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText())
                    .isNotEqualTo(victim);
        }
        // The killed compute's instances are deleted in the database (Nova's local delete): 204, gone at once.
        List<String> onVictim = new ArrayList<>();
        for (String id : ids) {
            if (victim.equals(server(http, id).get("OS-EXT-SRV-ATTR:host").asText())) {
                onVictim.add(id);
            }
        }
        assertThat(onVictim).as("instances on %s", victim).isNotEmpty();
        for (String id : onVictim) {
            assertThat(http.delete("/servers/" + id).status()).as("delete %s", id).isEqualTo(204);
            assertThat(http.get("/servers/" + id).status()).as("%s deleted locally", id).isEqualTo(404);
        }
        assertThat(http.get("/servers/detail?name=many").body().get("servers")).hasSize(50 - onVictim.size());
    }

    static JsonNode server(Http http, String id) {
        return http.get("/servers/" + id).body().get("server");
    }

    static JsonNode awaitStatus(Http http, String id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode s = server(http, id);
            return status.equals(s.get("status").asText()) && s.get("OS-EXT-STS:task_state").isNull();
        });
        return server(http, id);
    }
}
