package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.compute.Action;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.QuotaSet;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ext.Hypervisor;
import org.openstack4j.openstack.OSFactory;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.identity.Quotas;

/**
 * The third-party Java client openstack4j, unchanged, against an all-in-one (embedded broker, H2,
 * two fake computes) that authenticates it with Tandem's own Keystone v3 endpoint: the admin's
 * password from the file the all-in-one wrote, a project-scoped token, the compute endpoint from
 * the token's catalog. openstack4j sends no microversion header, so this is Nova's v2.1 as such
 * clients see it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenStack4jTest {
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    AllInOne cloud;
    String authUrl;
    String password;

    @BeforeAll
    void start() throws Exception {
        Config config = Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.STATE_PATH, dir.toString())
                .withOverride(CommonOptions.REPORT_INTERVAL, 1)
                .withOverride(CommonOptions.SERVICE_DOWN_TIME, 8)
                .withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 30);
        cloud = AllInOne.start(config, new AllInOne.Options(2, FakeDriverSpec.of(8, 16384, 200), "127.0.0.1", 0, 0));
        authUrl = "http://127.0.0.1:" + cloud.apiPort() + "/identity/v3";
        password = Files.readString(cloud.adminPasswordFile()).strip();
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A fresh Keystone v3 password login as the all-in-one's admin, scoped to project admin. */
    OSClientV3 login() {
        return OSFactory.builderV3()
                .endpoint(authUrl)
                .credentials("admin", password, Identifier.byName("Default"))
                .scopeToProject(Identifier.byName("admin"), Identifier.byName("Default"))
                .authenticate();
    }

    Server awaitStatus(OSClientV3 os, String id, Server.Status status) {
        // openstack4j keeps its session per thread: poll on this one
        await().pollInSameThread().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Server s = os.compute().servers().get(id);
            return s != null && s.getStatus() == status && s.getTaskState() == null;
        });
        return os.compute().servers().get(id);
    }

    static void assertOk(ActionResponse r, String what) {
        assertThat(r.isSuccess()).as(what + ": " + r.getFault() + " (" + r.getCode() + ")").isTrue();
    }

    @Test
    void theTokenComesFromTandemsIdentityWithACatalogPointingAtTheComputeApi() {
        OSClientV3 os = login();
        assertThat(os.getToken().getUser().getName()).isEqualTo("admin");
        assertThat(os.getToken().getProject().getName()).isEqualTo("admin");
        assertThat(os.getToken().getRoles()).extracting(r -> r.getName()).contains("admin");
        assertThat(os.getToken().getCatalog()).anySatisfy(s -> {
            assertThat(s.getType()).isEqualTo("compute");
            assertThat(s.getEndpoints()).anySatisfy(e -> assertThat(e.getUrl().toString())
                    .startsWith("http://127.0.0.1:" + cloud.apiPort() + "/v2.1"));
        });
    }

    @Test
    void flavorsListShowCreateDelete() {
        OSClientV3 os = login();
        List<? extends Flavor> flavors = os.compute().flavors().list();
        assertThat(flavors).extracting(Flavor::getName).contains("m1.tiny", "m1.small", "m1.medium", "m1.large",
                "m1.xlarge");
        Flavor small = os.compute().flavors().get("2");
        assertThat(small.getName()).isEqualTo("m1.small");
        assertThat(small.getRam()).isEqualTo(2048);
        assertThat(small.getVcpus()).isEqualTo(1);
        assertThat(small.getDisk()).isEqualTo(20);
        Flavor created = os.compute().flavors().create(Builders.flavor().name("o4j-flavor").ram(256).vcpus(2).disk(2)
                .build());
        assertThat(created.getId()).isNotBlank();
        Flavor shown = os.compute().flavors().get(created.getId());
        assertThat(shown.getName()).isEqualTo("o4j-flavor");
        assertThat(shown.getRam()).isEqualTo(256);
        assertThat(shown.getVcpus()).isEqualTo(2);
        assertThat(shown.getDisk()).isEqualTo(2);
        assertOk(os.compute().flavors().delete(created.getId()), "flavor delete");
        assertThat(os.compute().flavors().list()).extracting(Flavor::getName).doesNotContain("o4j-flavor");
        assertThat(os.compute().flavors().get(created.getId())).isNull();
    }

    @Test
    void serversBootListShowRebootStopStartResizeAndDelete() {
        OSClientV3 os = login();
        Server booted = os.compute().servers().boot(Builders.server().name("o4j-vm").flavor("1")
                .image(AllInOne.EXAMPLE_IMAGE).build());
        String id = booted.getId();
        assertThat(id).isNotBlank();
        assertThat(booted.getAdminPass()).isNotBlank();
        Server active = awaitStatus(os, id, Server.Status.ACTIVE);
        assertThat(active.getName()).isEqualTo("o4j-vm");
        assertThat(active.getFlavorId()).isEqualTo("1");
        assertThat(active.getImageId()).isEqualTo(AllInOne.EXAMPLE_IMAGE);
        assertThat(active.getTenantId()).isEqualTo(os.getToken().getProject().getId());
        assertThat(active.getHost()).isIn(cloud.computeHosts());
        assertThat(os.compute().servers().list()).extracting(Server::getId).contains(id);
        assertThat(os.compute().servers().list(false)).extracting(Server::getId).contains(id);

        assertOk(os.compute().servers().reboot(id, RebootType.SOFT), "soft reboot");
        awaitStatus(os, id, Server.Status.ACTIVE);
        assertOk(os.compute().servers().reboot(id, RebootType.HARD), "hard reboot");
        awaitStatus(os, id, Server.Status.ACTIVE);

        assertOk(os.compute().servers().action(id, Action.STOP), "stop");
        assertThat(awaitStatus(os, id, Server.Status.SHUTOFF).getPowerState()).isEqualTo("4");
        assertOk(os.compute().servers().action(id, Action.START), "start");
        assertThat(awaitStatus(os, id, Server.Status.ACTIVE).getPowerState()).isEqualTo("1");

        // a resize beyond the project's cores is Nova's 403, as openstack4j reports it
        String project = os.getToken().getProject().getId();
        Quotas quotas = new Quotas(cloud.database(), Quotas.NOVA_DEFAULTS);
        quotas.set(project, Quotas.CORES, 1);
        ActionResponse refused = os.compute().servers().resize(id, "3");
        assertThat(refused.getCode()).isEqualTo(403);
        assertThat(refused.getFault()).isEqualTo("Quota exceeded for cores: Requested 1, but already used 1 of 1 cores");
        quotas.reset(project);
        // resize to m1.small and revert: back on m1.tiny, and usage with it once the host has reverted
        assertOk(os.compute().servers().resize(id, "2"), "resize");
        assertThat(awaitStatus(os, id, Server.Status.VERIFY_RESIZE).getFlavorId()).isEqualTo("2");
        assertThat(quotas.usage(project).get(Quotas.RAM)).isEqualTo(2048L);
        assertOk(os.compute().servers().revertResize(id), "revert resize");
        assertThat(awaitStatus(os, id, Server.Status.ACTIVE).getFlavorId()).isEqualTo("1");
        assertThat(quotas.usage(project).get(Quotas.RAM)).isEqualTo(512L);
        assertThat(quotas.reserved(project).get(Quotas.RAM)).isZero();
        // resize again and confirm: stays on m1.small
        assertOk(os.compute().servers().resize(id, "2"), "resize");
        awaitStatus(os, id, Server.Status.VERIFY_RESIZE);
        assertOk(os.compute().servers().confirmResize(id), "confirm resize");
        assertThat(awaitStatus(os, id, Server.Status.ACTIVE).getFlavorId()).isEqualTo("2");
        assertThat(quotas.usage(project).get(Quotas.RAM)).isEqualTo(2048L);
        assertThat(quotas.reserved(project).get(Quotas.RAM)).isZero();

        assertOk(os.compute().servers().delete(id), "delete");
        await().pollInSameThread().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> os.compute().servers().get(id) == null);
        assertThat(os.compute().servers().list()).extracting(Server::getId).doesNotContain(id);
    }

    @Test
    void servicesHypervisorsAndQuotas() {
        OSClientV3 os = login();
        var services = os.compute().services().list();
        assertThat(services).extracting(s -> s.getBinary()).contains("nova-conductor", "nova-scheduler",
                "nova-compute");
        assertThat(services).filteredOn(s -> s.getBinary().equals("nova-compute")).hasSize(2)
                .allSatisfy(s -> {
                    assertThat(s.getHost()).isIn(cloud.computeHosts());
                    assertThat(s.getStatus().name()).isEqualTo("ENABLED");
                    assertThat(s.getState().name()).isEqualTo("UP");
                });
        List<? extends Hypervisor> hypervisors = os.compute().hypervisors().list();
        assertThat(hypervisors).extracting(Hypervisor::getHypervisorHostname)
                .containsExactlyInAnyOrderElementsOf(cloud.computeHosts());
        assertThat(hypervisors).allSatisfy(h -> {
            assertThat(h.getVirtualCPU()).isEqualTo(8);
            assertThat(h.getLocalMemory()).isEqualTo(16384);
            assertThat(h.getType()).isEqualTo("fake");
        });
        QuotaSet quota = os.compute().quotaSets().get(os.getToken().getProject().getId());
        assertThat(quota.getInstances()).isEqualTo(10);
        assertThat(quota.getCores()).isEqualTo(20);
        assertThat(quota.getRam()).isEqualTo(51200);
    }
}
