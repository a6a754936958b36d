package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.api.Images;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * Debian's unchanged {@code openstack} and {@code nova} clients against a live all-in-one on real
 * RabbitMQ and PostgreSQL, authenticating against Tandem's own identity endpoint with the admin
 * password the all-in-one generated (no outside Keystone, no {@code --os-auth-type none}).
 */
@ServicesTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClientsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DB_PASSWORD = "TandemDbSecret42";
    final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String dbName = "tandem_clients_it_" + run;
    @TempDir
    static Path dir;
    AllInOne cloud;
    boolean created;
    boolean vhostCreated;
    final String vhost = "tandem_clients_it_" + run;
    Map<String, String> env;
    String password;
    final List<String> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    void start() throws Exception {
        logs.start();
        root().addAppender(logs);
        RealServices.requireRabbitMq();
        RealServices.requirePostgres();
        RealServices.requirePython("openstackclient", "python3-openstackclient");
        RealServices.requirePython("novaclient", "python3-novaclient");
        try (Connection c = DriverManager.getConnection(PostgresCloudIT.adminUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbName);
        }
        created = true;
        // a vhost of its own: queue names (conductor, scheduler, compute.<host>) are not per exchange, so
        // clouds of other tests on the same RabbitMQ would otherwise consume this cloud's requests
        rabbitmqctl("add_vhost", vhost);
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        vhostCreated = true;
        // PostgreSQL trusts loopback here, so any password works: this one must never show up in logs or output
        String connection = PostgresCloudIT.adminUrl().replaceFirst("/postgres", "/" + dbName) + "&password="
                + DB_PASSWORD;
        Config config = Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.STATE_PATH, dir.toString())
                .withOverride(CommonOptions.TRANSPORT_URL, RealServices.RABBIT_URL.replaceFirst("/?$", "/") + vhost)
                .withOverride(CommonOptions.CONTROL_EXCHANGE, "tandem_clients_" + run)
                .withOverride(CommonOptions.DATABASE_CONNECTION, connection)
                .withOverride(CommonOptions.REPORT_INTERVAL, 1)
                .withOverride(CommonOptions.SERVICE_DOWN_TIME, 10)
                .withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 60);
        cloud = AllInOne.start(config, new AllInOne.Options(2, FakeDriverSpec.of(16, 32768, 500), "127.0.0.1", 0, 0));
        Path passwordFile = cloud.adminPasswordFile();
        assertThat(Files.getPosixFilePermissions(passwordFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        password = Files.readString(passwordFile).strip();
        env = Map.of("OS_AUTH_URL", "http://127.0.0.1:" + cloud.apiPort() + "/identity/v3",
                "OS_USERNAME", "admin", "OS_PASSWORD", password, "OS_PROJECT_NAME", "admin",
                "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default", "OS_IDENTITY_API_VERSION", "3",
                "OS_REGION_NAME", "RegionOne");
    }

    static void rabbitmqctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rabbitmqctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out
                + " (run as a user allowed to use rabbitmqctl, e.g. root)").isTrue();
    }

    static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @AfterAll
    void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
        root().detachAppender(logs);
        if (vhostCreated) {
            rabbitmqctl("delete_vhost", vhost);
        }
        // the whole run's logs and every client output: no broker or database credential, no admin password
        String brokerPassword = URI.create(RealServices.RABBIT_URL.replace("rabbit://", "http://")).getUserInfo()
                .split(":", 2)[1];
        List<String> lines = new ArrayList<>();
        logs.list.forEach(e -> {
            lines.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                lines.add(e.getThrowableProxy().getMessage());
            }
        });
        lines.addAll(outputs);
        assertThat(lines).isNotEmpty();
        assertThat(lines).noneMatch(l -> l != null && (l.contains(":" + brokerPassword + "@")
                || l.contains(password) || l.contains(DB_PASSWORD)));
        if (created) {
            try (Connection c = DriverManager.getConnection(PostgresCloudIT.adminUrl()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            }
        }
    }

    /** Runs a client command, asserts exit 0 and returns its stdout. */
    String cli(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished: " + String.join(" ", args)).isTrue();
        String stdout = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", args) + "\nstdout: " + stdout + "\nstderr: "
                + new String(err, StandardCharsets.UTF_8)).isZero();
        System.out.println("$ " + String.join(" ", args) + "\n" + stdout);
        outputs.add(stdout);
        return stdout;
    }

    JsonNode openstack(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openstack"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-f", "json"));
        return JSON.readTree(cli(cmd.toArray(String[]::new)));
    }

    void openstackNoOutput(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openstack"));
        cmd.addAll(List.of(args));
        cli(cmd.toArray(String[]::new));
    }

    JsonNode server(String id) throws Exception {
        return openstack("server", "show", id);
    }

    JsonNode awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            JsonNode s = server(id);
            if (s.get("status").asText().equals(status) && s.path("OS-EXT-STS:task_state").isNull()) {
                return s;
            }
            assertThat(System.nanoTime()).as("server " + id + " reaches " + status + ", last " + s).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @Test
    void flavorsCreateListShowDelete() throws Exception {
        JsonNode created = openstack("flavor", "create", "--ram", "256", "--disk", "2", "--vcpus", "2", "it-flavor");
        assertThat(created.get("name").asText()).isEqualTo("it-flavor");
        JsonNode list = openstack("flavor", "list");
        assertThat(list.findValuesAsText("Name")).contains("m1.tiny", "m1.small", "it-flavor");
        JsonNode shown = openstack("flavor", "show", "it-flavor");
        assertThat(shown.get("ram").asInt()).isEqualTo(256);
        assertThat(shown.get("vcpus").asInt()).isEqualTo(2);
        assertThat(shown.get("disk").asInt()).isEqualTo(2);
        openstackNoOutput("flavor", "delete", "it-flavor");
        assertThat(openstack("flavor", "list").findValuesAsText("Name")).doesNotContain("it-flavor");
    }

    @Test
    void serverLifecycleWithTheOpenstackClient() throws Exception {
        JsonNode byName = openstack("server", "create", "--flavor", "m1.tiny", "--image", Images.CIRROS.name(),
                "--wait", "it-by-name");
        String id = byName.get("id").asText();
        assertThat(byName.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode byUuid = openstack("server", "create", "--flavor", "m1.tiny", "--image", Images.CIRROS.id(),
                "--wait", "it-by-uuid");
        assertThat(byUuid.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode list = openstack("server", "list");
        assertThat(list.findValuesAsText("Name")).contains("it-by-name", "it-by-uuid");
        assertThat(list.findValuesAsText("Image")).contains(Images.CIRROS.name());
        JsonNode shown = server(id);
        assertThat(shown.get("flavor").asText()).startsWith("m1.tiny");
        assertThat(shown.get("name").asText()).isEqualTo("it-by-name");

        openstackNoOutput("server", "reboot", "--soft", "--wait", id);
        openstackNoOutput("server", "reboot", "--hard", "--wait", id);
        assertThat(awaitStatus(id, "ACTIVE").get("OS-EXT-STS:power_state").asInt()).isEqualTo(1); // running
        openstackNoOutput("server", "stop", id);
        assertThat(awaitStatus(id, "SHUTOFF").get("OS-EXT-STS:power_state").asInt()).isEqualTo(4); // shutdown
        openstackNoOutput("server", "start", id);
        awaitStatus(id, "ACTIVE");

        openstackNoOutput("server", "resize", "--flavor", "m1.small", "--wait", id);
        awaitStatus(id, "VERIFY_RESIZE");
        openstackNoOutput("server", "resize", "confirm", id);
        assertThat(awaitStatus(id, "ACTIVE").get("flavor").asText()).startsWith("m1.small");
        openstackNoOutput("server", "resize", "--flavor", "m1.medium", "--wait", id);
        awaitStatus(id, "VERIFY_RESIZE");
        openstackNoOutput("server", "resize", "revert", id);
        assertThat(awaitStatus(id, "ACTIVE").get("flavor").asText()).startsWith("m1.small");

        String before = server(id).get("OS-EXT-SRV-ATTR:host").asText();
        openstackNoOutput("server", "migrate", "--wait", id);
        awaitStatus(id, "VERIFY_RESIZE");
        openstackNoOutput("server", "migration", "confirm", id);
        String after = awaitStatus(id, "ACTIVE").get("OS-EXT-SRV-ATTR:host").asText();
        assertThat(after).isNotEqualTo(before).isIn("compute1", "compute2");

        String log = cli("openstack", "console", "log", "show", id);
        assertThat(log).contains("it-by-name");

        openstackNoOutput("server", "delete", "--wait", id, byUuid.get("id").asText());
        assertThat(openstack("server", "list").findValuesAsText("Name")).doesNotContain("it-by-name", "it-by-uuid");
    }

    @Test
    void servicesHypervisorsAndQuotas() throws Exception {
        JsonNode services = openstack("compute", "service", "list");
        assertThat(services.findValuesAsText("Binary")).contains("nova-conductor", "nova-scheduler", "nova-compute");
        assertThat(services.findValuesAsText("State")).containsOnly("up");
        openstackNoOutput("compute", "service", "set", "--disable", "--disable-reason", "it maintenance",
                "compute2", "nova-compute");
        JsonNode disabled = openstack("compute", "service", "list", "--service", "nova-compute", "--long");
        assertThat(disabled).anySatisfy(s -> {
            assertThat(s.get("Host").asText()).isEqualTo("compute2");
            assertThat(s.get("Status").asText()).isEqualTo("disabled");
            assertThat(s.get("Disabled Reason").asText()).isEqualTo("it maintenance");
        });
        openstackNoOutput("compute", "service", "set", "--enable", "compute2", "nova-compute");
        assertThat(openstack("compute", "service", "list", "--host", "compute2").get(0).get("Status").asText())
                .isEqualTo("enabled");

        JsonNode hypervisors = openstack("hypervisor", "list");
        assertThat(hypervisors.findValuesAsText("Hypervisor Hostname")).containsExactlyInAnyOrder("compute1", "compute2");
        JsonNode hv = openstack("hypervisor", "show", "compute1");
        assertThat(hv.get("vcpus").asInt()).isEqualTo(16);
        assertThat(hv.get("memory_mb").asInt()).isEqualTo(32768);
        JsonNode stats = openstack("hypervisor", "stats", "show");
        assertThat(stats.get("count").asInt()).isEqualTo(2);
        assertThat(stats.get("vcpus").asInt()).isEqualTo(32);

        JsonNode quota = openstack("quota", "show");
        assertThat(quota.get("instances").asInt()).isEqualTo(10);
        assertThat(quota.get("cores").asInt()).isEqualTo(20);
        assertThat(quota.get("ram").asInt()).isEqualTo(51200);
        openstackNoOutput("quota", "set", "--instances", "12", "--cores", "24", "admin");
        JsonNode raised = openstack("quota", "show", "admin");
        assertThat(raised.get("instances").asInt()).isEqualTo(12);
        assertThat(raised.get("cores").asInt()).isEqualTo(24);
    }

    @Test
    void novaClient() throws Exception {
        String services = cli("nova", "service-list");
        assertThat(services).contains("nova-conductor").contains("nova-scheduler").contains("compute1")
                .contains("compute2").contains("Forced down");
        String boot = cli("nova", "boot", "--flavor", "m1.tiny", "--image", Images.CIRROS.name(), "--poll", "it-nova");
        assertThat(boot).contains("it-nova");
        String list = cli("nova", "list");
        assertThat(list).containsPattern("it-nova\\s+\\|\\s+ACTIVE");
        String show = cli("nova", "show", "it-nova");
        assertThat(show).containsPattern("\\|\\s+status\\s+\\|\\s+ACTIVE").containsPattern("m1.tiny")
                .contains(Images.CIRROS.name());
        String delete = cli("nova", "delete", "it-nova");
        assertThat(delete).contains("Request to delete server it-nova has been accepted.");
    }

    @Test
    void microversionsAreNegotiatedAndOutOfRangeIs406() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + cloud.apiPort() + "/v2.1";
        JsonNode version = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("version");
        assertThat(version.get("min_version").asText()).isEqualTo("2.1");
        String token = cli("openstack", "token", "issue", "-f", "value", "-c", "id").strip();
        HttpResponse<String> tooNew = http.send(HttpRequest.newBuilder(URI.create(base + "/servers"))
                .header("X-Auth-Token", token).header("OpenStack-API-Version", "compute 2.99").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooNew.statusCode()).isEqualTo(406);
        assertThat(JSON.readTree(tooNew.body()).get("computeFault").get("message").asText())
                .startsWith("Version 2.99 is not supported by the API.");
        // the nova client negotiates a version both sides know; force-down by host and binary needs 2.11
        assertThat(cli("nova", "--os-compute-api-version", "2.11", "service-force-down", "compute2"))
                .containsPattern("compute2\\s+\\|\\s+nova-compute\\s+\\|\\s+True");
        assertThat(cli("nova", "--os-compute-api-version", "2.11", "service-force-down", "--unset", "compute2"))
                .containsPattern("compute2\\s+\\|\\s+nova-compute\\s+\\|\\s+False");
    }
}
