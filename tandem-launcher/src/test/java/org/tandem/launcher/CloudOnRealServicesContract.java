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
        String connection = createSyncedDatabase();
        int apiPort = freePort();
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

    /**
     * The upgrade guide's Steps 2-6 with one JVM per service: kilo control services pinned to
     * {@code compute = juno}, two juno computes; each compute upgraded to kilo in turn (SIGTERM,
     * start the new release) with its instances kept, resizes between a kilo and a juno compute in
     * both directions, then the pin dropped with SIGHUP (no restart). No service may log the wrong-pin
     * symptom at any point.
     */
    @Test
    void junoComputesAreUpgradedOneAtATimeUnderKiloControlThenThePinIsDroppedWithSighup() throws Exception {
        RealServices.requireRabbitMq();
        String connection = createSyncedDatabase();
        int apiPort = freePort();
        String exchange = prefix() + "mixed";
        Path conf = ServiceJvms.writeConfig(dir, RealServices.RABBIT_URL, connection, "control_exchange = " + exchange + "\n");
        String base = java.nio.file.Files.readString(conf);
        java.nio.file.Files.writeString(conf, base + "[upgrade_levels]\ncompute = juno\n");
        jvms = new ServiceJvms(dir, conf);
        Process api = jvms.start("api", "api", "--host", exchange + "-api", "--port", Integer.toString(apiPort));
        Process conductor = jvms.start("conductor", "conductor", "--host", exchange + "-controller");
        jvms.start("scheduler", "scheduler", "--host", exchange + "-controller");
        String c1 = exchange + "-compute1";
        String c2 = exchange + "-compute2";
        Map<String, Process> computes = new HashMap<>();
        for (String host : List.of(c1, c2)) {
            computes.put(host, jvms.start(host, "compute", "--host", host, "--release", "juno", "--vcpus", "32",
                    "--memory-mb", "32768", "--disk-gb", "500"));
        }
        Http http = new Http("http://127.0.0.1:" + apiPort + "/v2.1", token);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                assertThat(ServeProcessesTest.upComputes(http)).containsExactlyInAnyOrder(c1, c2));
        List<String> ids = ServeProcessesTest.boot(http, "mixed", 6);
        Map<String, String> hostOf = new HashMap<>();
        for (String id : ids) {
            hostOf.put(id, ServeProcessesTest.awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText());
        }
        assertThat(hostOf.values()).contains(c1, c2);

        // The upgrade guide's Step 4 symptom from a real oslo.messaging client: a 4.0 message to a juno compute.
        RealServices.requirePython("oslo_messaging", "python3-oslo.messaging");
        Process py = new ProcessBuilder(RealServices.PYTHON, Path.of("src/test/python/call_compute.py").toAbsolutePath().toString(),
                RealServices.RABBIT_URL, exchange, c1, "4.0", "build_and_run_instance").redirectErrorStream(false).start();
        String answer = new String(py.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        String pyErr = new String(py.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode reply = Http.JSON.readTree(answer.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(reply.path("exc_type").asText()).as("python said %s / %s", answer, pyErr).isEqualTo("UnsupportedVersion");
        assertThat(reply.path("value").asText())
                .isEqualTo("Endpoint does not support RPC version 4.0. Attempted method: build_and_run_instance");
        assertThat(jvms.logText(c1)).contains("RPC server compute." + c1 + " refused a call: "
                + "Endpoint does not support RPC version 4.0. Attempted method: build_and_run_instance");

        for (String host : List.of(c1, c2)) {
            // Step 5: this compute moves to kilo; its instances stay where they are.
            Process old = computes.get(host);
            old.destroy();
            assertThat(old.waitFor(60, TimeUnit.SECONDS)).isTrue();
            computes.put(host, jvms.start(host + "-kilo", "compute", "--host", host, "--vcpus", "32", "--memory-mb",
                    "32768", "--disk-gb", "500"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                    jvms.logText(host + "-kilo").contains("Started nova-compute on host " + host));
            String mine = ids.stream().filter(id -> host.equals(hostOf.get(id))).findFirst().orElseThrow();
            // A resize from this (kilo) compute to the other one (juno before the second upgrade) and back.
            assertThat(stopStartAndResize(http, mine, "1").get("OS-EXT-SRV-ATTR:host").asText()).isNotEqualTo(host);
            assertThat(http.post("/servers/" + mine + "/action", "{\"confirmResize\": null}").status()).isEqualTo(204);
            awaitStatus(http, mine, "ACTIVE");
            Http.Response r = http.post("/servers/" + mine + "/action", "{\"resize\": {\"flavorRef\": \"3\"}}");
            assertThat(r.status()).as("resize back: %s", r.body()).isEqualTo(202);
            assertThat(awaitStatus(http, mine, "VERIFY_RESIZE").get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(host);
            assertThat(http.post("/servers/" + mine + "/action", "{\"confirmResize\": null}").status()).isEqualTo(204);
            assertThat(awaitStatus(http, mine, "ACTIVE").get("flavor").get("id").asText()).isEqualTo("3");
        }

        // Step 6: drop the pin and reload the senders with SIGHUP, no restart.
        java.nio.file.Files.writeString(conf, base);
        for (Process p : List.of(api, conductor, computes.get(c1), computes.get(c2))) {
            new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(jvms.logText("conductor")).contains("compute RPC version cap changed from 3.35 to none");
            assertThat(jvms.logText("api")).contains("compute RPC version cap changed from 3.35 to none");
        });
        for (String id : ServeProcessesTest.boot(http, "unpinned", 4)) {
            ServeProcessesTest.awaitActive(http, id);
        }
        for (String id : ids) {
            assertThat(server(http, id).get("status").asText()).as(id).isEqualTo("ACTIVE");
        }
        // Apart from the deliberate python message above, no service saw a version it could not take.
        assertThat(jvms.logText(c1).split("Endpoint does not support RPC version", -1)).as("compute1 log: only the python call").hasSize(2);
        for (String log : List.of("api", "conductor", "scheduler", c2, c1 + "-kilo", c2 + "-kilo")) {
            assertThat(jvms.logText(log)).as("log of " + log).doesNotContain("Endpoint does not support RPC version");
        }
    }

    /**
     * The seed's wrong-pin symptom and the rollback path, one JVM per service: kilo control services
     * with no pin, a juno compute with the most RAM (the scheduler picks it first) and a kilo one.
     * The juno compute logs the seed's exact line for build_and_run_instance 4.0 and the build is
     * rescheduled to the kilo compute. Then every service is restarted as juno on the kilo schema
     * (the rollback): the kilo-made instance keeps working, resizes, and new boots land.
     */
    @Test
    void anUnpinnedBuildIsRescheduledOffAJunoComputeThenEveryServiceRollsBackToJuno() throws Exception {
        RealServices.requireRabbitMq();
        String connection = createSyncedDatabase();
        String apiPort = Integer.toString(freePort());
        String exchange = prefix() + "back";
        Path conf = ServiceJvms.writeConfig(dir, RealServices.RABBIT_URL, connection, "control_exchange = " + exchange + "\n");
        jvms = new ServiceJvms(dir, conf);
        String c1 = exchange + "-compute1";
        String c2 = exchange + "-compute2";
        Map<String, String> memory = Map.of(c1, "32768", c2, "16384");
        List<Process> kilo = new ArrayList<>();
        kilo.add(jvms.start("api", "api", "--host", exchange + "-api", "--port", apiPort));
        kilo.add(jvms.start("conductor", "conductor", "--host", exchange + "-controller"));
        kilo.add(jvms.start("scheduler", "scheduler", "--host", exchange + "-controller"));
        kilo.add(jvms.start(c1, "compute", "--host", c1, "--release", "juno", "--vcpus", "32", "--memory-mb", memory.get(c1),
                "--disk-gb", "500"));
        kilo.add(jvms.start(c2, "compute", "--host", c2, "--vcpus", "32", "--memory-mb", memory.get(c2), "--disk-gb", "500"));
        Http http = new Http("http://127.0.0.1:" + apiPort + "/v2.1", token);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                assertThat(ServeProcessesTest.upComputes(http)).containsExactlyInAnyOrder(c1, c2));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> ServeProcessesTest.hypervisors(http) == 2);

        String id = ServeProcessesTest.boot(http, "misrouted", 1).get(0);
        assertThat(ServeProcessesTest.awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText())
                .as("the juno compute refused 4.0; the retry went to the kilo compute").isEqualTo(c2);
        assertThat(jvms.logText(c1)).contains("Exception during message handling: Endpoint does not support RPC version "
                + "4.0. Attempted method: build_and_run_instance").contains("Rescheduling instance " + id);
        assertThat(jvms.logText(c2)).doesNotContain("Endpoint does not support RPC version");

        // Rollback: every service stopped and started again as juno, on the kilo schema.
        for (Process p : kilo) {
            p.destroy();
        }
        for (Process p : kilo) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        jvms.start("conductor-juno", "conductor", "--release", "juno", "--host", exchange + "-controller");
        jvms.start("scheduler-juno", "scheduler", "--release", "juno", "--host", exchange + "-controller");
        for (String host : List.of(c1, c2)) {
            jvms.start(host + "-juno", "compute", "--host", host, "--release", "juno", "--vcpus", "32", "--memory-mb",
                    memory.get(host), "--disk-gb", "500");
        }
        jvms.start("api-juno", "api", "--release", "juno", "--host", exchange + "-api", "--port", apiPort);
        for (String host : List.of(c1, c2)) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                    jvms.logText(host + "-juno").contains("Started nova-compute on host " + host));
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                assertThat(server(http, id).get("status").asText()).isEqualTo("ACTIVE"));
        assertThat(server(http, id).get("flavor").get("id").asText()).isEqualTo("2");

        assertThat(stopStartAndResize(http, id, "3").get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(c1);
        assertThat(http.post("/servers/" + id + "/action", "{\"confirmResize\": null}").status()).isEqualTo(204);
        assertThat(awaitStatus(http, id, "ACTIVE").get("flavor").get("id").asText()).isEqualTo("3");
        for (String again : ServeProcessesTest.boot(http, "juno-again", 2)) {
            ServeProcessesTest.awaitActive(http, again);
        }
        for (String log : List.of("api-juno", "conductor-juno", "scheduler-juno", c1 + "-juno", c2 + "-juno")) {
            assertThat(jvms.logText(log)).as("log of " + log).doesNotContain("Endpoint does not support RPC version")
                    .doesNotContain("is not supported, supported version is");
        }
    }

    /** The admin token {@link #createSyncedDatabase} issued. */
    private String token;

    /**
     * A fresh database at the newest schema, with an admin token in {@link #token} and no quota
     * limits for project admin (50 m1.small instances exceed Nova's defaults); returns its connection.
     */
    private String createSyncedDatabase() throws Exception {
        String connection = createDatabase();
        try (Database db = Database.open(ConnectionUrl.parse(connection, null), 2, java.time.Clock.systemUTC())) {
            new SchemaManager(db).sync();
            token = new org.tandem.identity.DirectTokens(db).issue("admin", "admin", "admin");
            new org.tandem.identity.Quotas(db, org.tandem.identity.Quotas.NOVA_DEFAULTS).unlimited("admin");
        }
        return connection;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static JsonNode server(Http http, String id) {
        return http.get("/servers/" + id).body().get("server");
    }

    /** Stops and starts server {@code id}, then resizes it to {@code flavorRef}; returns it in VERIFY_RESIZE. */
    static JsonNode stopStartAndResize(Http http, String id, String flavorRef) {
        assertThat(http.post("/servers/" + id + "/action", "{\"os-stop\": null}").status()).isEqualTo(202);
        awaitStatus(http, id, "SHUTOFF");
        assertThat(http.post("/servers/" + id + "/action", "{\"os-start\": null}").status()).isEqualTo(202);
        awaitStatus(http, id, "ACTIVE");
        Http.Response r = http.post("/servers/" + id + "/action", "{\"resize\": {\"flavorRef\": \"" + flavorRef
                + "\"}}");
        assertThat(r.status()).as("resize %s: %s", id, r.body()).isEqualTo(202);
        return awaitStatus(http, id, "VERIFY_RESIZE");
    }

    static JsonNode awaitStatus(Http http, String id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode s = server(http, id);
            return status.equals(s.get("status").asText()) && s.get("OS-EXT-STS:task_state").isNull();
        });
        return server(http, id);
    }
}
