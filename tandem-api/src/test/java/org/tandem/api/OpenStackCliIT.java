package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.db.repository.ComputeNodeRepository;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * The real python-openstackclient against this API, logging in with a password at the API's own
 * identity endpoint and finding the compute endpoint in the token's catalog.
 */
@ServicesTest
class OpenStackCliIT extends ApiTestBase {
    static final String OPENSTACK = System.getenv().getOrDefault("TANDEM_OPENSTACK_CLI", "/usr/bin/openstack");

    @BeforeAll
    void requireCli() {
        RealServices.requirePython("openstackclient", "python3-openstackclient");
        if (!new File(OPENSTACK).canExecute()) {
            throw new AssertionError(OPENSTACK + " is missing; install it with: apt-get install python3-openstackclient");
        }
        ServiceRepository services = new ServiceRepository(db);
        services.heartbeat(services.create("ctl", "nova-conductor", "conductor", 1).id());
        ServiceRow compute = services.heartbeat(services.create("cmp1", "nova-compute", "compute", 1).id());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("service_id", (int) compute.id());
        v.put("host", "cmp1");
        v.put("hypervisor_hostname", "cmp1.example");
        v.put("vcpus", 4);
        v.put("memory_mb", 8192);
        v.put("local_gb", 40);
        v.put("vcpus_used", 0);
        v.put("memory_mb_used", 512);
        v.put("local_gb_used", 0);
        v.put("hypervisor_type", "fake");
        v.put("hypervisor_version", 1000);
        v.put("cpu_info", "{}");
        v.put("host_ip", "192.0.2.7");
        new ComputeNodeRepository(db).create(v);
        createServer("admin", "cli-vm", "1");
        org.tandem.identity.Bootstrap.run(new org.tandem.identity.IdentityStore(db), "cli-admin", "admin",
                PASSWORD.toCharArray(), false);
    }

    static final String PASSWORD = "cli-it-Passw0rd";

    /** Runs {@code openstack <args> -f csv} and returns the rows, header first. */
    private List<List<String>> cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(OPENSTACK, "--os-auth-url", base + "/identity/v3",
                "--os-username", "cli-admin", "--os-user-domain-name", "Default", "--os-project-name", "admin",
                "--os-project-domain-name", "Default", "--os-compute-api-version", "2.1"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-f", "csv"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        pb.environment().put("OS_PASSWORD", PASSWORD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("openstack finished").isTrue();
        String stdout = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\nstdout: " + stdout + "\nstderr: "
                + new String(err, StandardCharsets.UTF_8)).isZero();
        List<List<String>> rows = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)) {
                cells.add(cell.replaceAll("^\"|\"$", ""));
            }
            rows.add(cells);
        }
        System.out.println(String.join(" ", args) + " -> " + rows);
        return rows;
    }

    @Test
    void flavorList() throws Exception {
        List<List<String>> rows = cli("flavor", "list");
        assertThat(rows.get(0)).containsExactly("ID", "Name", "RAM", "Disk", "Ephemeral", "VCPUs", "Is Public");
        assertThat(rows).anySatisfy(r -> assertThat(r).containsExactly("1", "m1.tiny", "512", "1", "0", "1", "True"));
    }

    @Test
    void serverList() throws Exception {
        List<List<String>> rows = cli("server", "list");
        assertThat(rows.get(0)).containsExactly("ID", "Name", "Status", "Networks", "Image", "Flavor");
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get(1)).isEqualTo("cli-vm");
            assertThat(r.get(2)).isEqualTo("BUILD");
        });
    }

    @Test
    void computeServiceList() throws Exception {
        List<List<String>> rows = cli("compute", "service", "list");
        // facts §10: ID, Binary, Host, Zone, Status, State, Updated At
        assertThat(rows.get(0)).containsExactly("ID", "Binary", "Host", "Zone", "Status", "State", "Updated At");
        assertThat(rows).anySatisfy(r -> assertThat(r.subList(1, 6))
                .containsExactly("nova-conductor", "ctl", "internal", "enabled", "up"));
        assertThat(rows).anySatisfy(r -> assertThat(r.subList(1, 6))
                .containsExactly("nova-compute", "cmp1", "nova", "enabled", "up"));
    }

    @Test
    void hypervisorList() throws Exception {
        List<List<String>> rows = cli("hypervisor", "list");
        assertThat(rows.get(0)).containsExactly("ID", "Hypervisor Hostname", "Hypervisor Type", "Host IP", "State");
        assertThat(rows).anySatisfy(r -> assertThat(r.subList(1, 5))
                .containsExactly("cmp1.example", "fake", "192.0.2.7", "up"));
    }
}
