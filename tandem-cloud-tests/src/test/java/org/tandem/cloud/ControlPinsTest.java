package org.tandem.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.Instance;
import org.tandem.model.VmStates;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * {@code [upgrade_levels] conductor}, {@code scheduler} and {@code compute_task} set as an alias,
 * {@code X.Y} or {@code auto}, checked by the version each message actually went out with
 * (recorded on the sender's transport): a kilo API in front of juno conductors, a kilo conductor in
 * front of a juno scheduler, kilo computes talking to the conductor.
 */
class ControlPinsTest extends CloudTestSupport {
    /** A juno cloud (two juno computes, compute1 with the most RAM), pinned as {@code tweak} says. */
    private Cloud junoCloud(UnaryOperator<Config> tweak) {
        Map<String, FakeDriverSpec> hosts = twoComputes();
        cloud = new Cloud(dir, hosts, Map.of(), c -> tweak.apply(c.withOverride(CommonOptions.RELEASE, "juno")
                .withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "juno")));
        return cloud;
    }

    private static UnaryOperator<Config> pin(org.tandem.config.Option<String> option, String value) {
        return c -> c.withOverride(option, value);
    }

    private static Object wireFlavor(RecordingTransport.Sent s) {
        return s.args().get("flavor");
    }

    @ParameterizedTest(name = "compute_task = {0}")
    @ValueSource(strings = {"juno", "1.9", "auto"})
    void aKiloApiInFrontOfJunoConductorsBootsResizesAndMigratesUnderTheComputeTaskPin(String value) {
        Cloud c = junoCloud(pin(CommonOptions.UPGRADE_LEVELS_COMPUTE_TASK, value));
        c.restartControl(Release.JUNO, Release.JUNO, Release.KILO); // the API is upgraded first
        assertThat(c.apiLevels.pin(ComputeTaskRpcApi.PIN).cap()).isEqualTo(Version.of(1, 9));

        Instance i = c.awaitState(c.boot("api-first", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(c.sent.versions("api", "build_instances")).containsExactly("1.9");
        assertThat(c.sent.of("api", "build_instances").get(0).namespace()).isEqualTo("compute_task");
        assertThat(c.sent.versions("conductor", "select_destinations")).as("juno conductor to juno scheduler")
                .containsOnly("3.0");
        assertThat(c.sent.versions("conductor", "build_and_run_instance")).as("under compute = juno")
                .containsExactly("3.33");

        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.small"));
        Instance resized = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(resized.flavor().name()).isEqualTo("m1.small");
        c.api.confirmResize(c.ctx, i.uuid());
        c.awaitState(i.uuid(), VmStates.ACTIVE);
        String before = c.get(i.uuid()).host();
        c.api.migrate(c.ctx, i.uuid());
        Instance migrated = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(migrated.host()).isNotEqualTo(before);
        c.api.confirmResize(c.ctx, i.uuid());
        assertThat(c.awaitState(i.uuid(), VmStates.ACTIVE).flavor().name()).isEqualTo("m1.small");

        List<RecordingTransport.Sent> migrations = c.sent.of("api", "migrate_server");
        assertThat(migrations).extracting(RecordingTransport.Sent::version).as("1.11 -> 1.10 -> 1.6 under 1.9")
                .containsExactly("1.6", "1.6");
        assertThat(migrations).allSatisfy(s -> {
            assertThat(s.args()).as("clean_shutdown came in 1.11").doesNotContainKey("clean_shutdown");
            assertThat(wireFlavor(s)).as("a flavor dict below 1.10, not a Flavor object").isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) wireFlavor(s)).containsKey("nova_object.name")).isFalse();
        });
        assertThat(((Map<?, ?>) wireFlavor(migrations.get(0))).get("name")).isEqualTo("m1.small");
        assertThat(((Map<?, ?>) wireFlavor(migrations.get(1))).get("name")).as("a cold migration keeps the flavor")
                .isEqualTo("m1.small");
    }

    @Test
    void withoutTheComputeTaskPinAJunoConductorRefusesTheKiloApisMessagesAndTheFailureIsClear() {
        Cloud c = junoCloud(UnaryOperator.identity());
        Instance old = c.awaitState(c.boot("booted-under-juno", "m1.tiny").uuid(), VmStates.ACTIVE);
        c.restartControl(Release.JUNO, Release.JUNO, Release.KILO);
        assertThat(c.apiLevels.pin(ComputeTaskRpcApi.PIN).cap()).as("Nova's behaviour: no cap").isNull();

        assertThatThrownBy(() -> c.api.migrate(c.ctx, old.uuid()))
                .hasMessageContaining("Endpoint does not support RPC version 1.11. Attempted method: migrate_server");
        assertThat(c.sent.versions("api", "migrate_server")).containsExactly("1.11");
        Instance after = c.get(old.uuid());
        assertThat(after.vmState()).isEqualTo(VmStates.ACTIVE);
        assertThat(after.taskState()).as("the refused migration left no task behind").isNull();

        try (LogCapture log = new LogCapture(org.tandem.rpc.RpcServer.class)) {
            Instance refused = c.boot("refused-build", "m1.tiny");
            assertThat(c.sent.versions("api", "build_instances")).containsExactly("1.9", "1.10");
            org.awaitility.Awaitility.await().atMost(Cloud.WAIT).untilAsserted(() -> assertThat(
                    log.at(ch.qos.logback.classic.Level.ERROR)).contains("Exception during message handling: "
                            + "Endpoint does not support RPC version 1.10. Attempted method: build_instances"));
            assertThat(log.at(ch.qos.logback.classic.Level.WARN)).as("the versions of the namespace it was sent to")
                    .anySatisfy(m -> assertThat(m).startsWith("RPC server conductor.controller (accepts 1.9) refused "
                            + "cast build_instances"));
            Instance failed = c.awaitState(refused.uuid(), VmStates.ERROR);
            assertThat(failed.host()).isNull();
            assertThat(MixedClusterTest.faults(c, refused.uuid())).singleElement().satisfies(f -> assertThat(f.message())
                    .isEqualTo("nova-conductor on controller runs juno and accepts compute_task RPC versions up to 1.9, "
                            + "but build_instances was sent as 1.10. Set [upgrade_levels] compute_task = juno (or auto) "
                            + "on the services that send to conductors (nova-api) and reload them with SIGHUP"));
        }
    }

    @ParameterizedTest(name = "scheduler = {0}")
    @ValueSource(strings = {"juno", "3.0", "icehouse", "auto"})
    void aKiloConductorInFrontOfAJunoSchedulerSelectsDestinationsAt30UnderTheSchedulerPin(String value) {
        Cloud c = junoCloud(pin(CommonOptions.UPGRADE_LEVELS_SCHEDULER, value));
        c.restartControl(Release.KILO, Release.JUNO, Release.KILO);
        assertThat(c.conductor.upgradeLevels().pin(SchedulerRpcApi.PIN).cap()).isEqualTo(Version.of(3, 0));
        Instance i = c.awaitState(c.boot("old-scheduler", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(i.host()).isEqualTo("compute1");
        c.api.migrate(c.ctx, i.uuid());
        assertThat(c.awaitState(i.uuid(), VmStates.RESIZED).host()).isEqualTo("compute2");
        assertThat(c.sent.versions("conductor", "select_destinations")).as("boot and migrate").containsExactly("3.0",
                "3.0");
        assertThat(c.sent.versions("api", "build_instances")).as("kilo API to kilo conductor, no compute_task pin")
                .containsExactly("1.10");
    }

    @Test
    void withoutTheSchedulerPinAKiloConductorSends40AndTheBuildEndsInErrorNamingTheRefusal() {
        Cloud c = junoCloud(UnaryOperator.identity());
        c.restartControl(Release.KILO, Release.JUNO, Release.KILO);
        assertThat(c.conductor.upgradeLevels().pin(SchedulerRpcApi.PIN).cap()).isNull();
        Instance i = c.awaitState(c.boot("new-conductor", "m1.tiny").uuid(), VmStates.ERROR);
        assertThat(c.sent.versions("conductor", "select_destinations")).containsExactly("4.0");
        assertThat(MixedClusterTest.faults(c, i.uuid())).anySatisfy(f -> assertThat(f.message())
                .contains("Endpoint does not support RPC version 4.0. Attempted method: select_destinations"));
    }

    @ParameterizedTest(name = "conductor = {0}")
    @ValueSource(strings = {"juno", "2.0", "auto", "kilo"})
    void kiloComputesCallTheConductorAt20UnderEveryConductorPin(String value) {
        Map<String, FakeDriverSpec> hosts = Map.of("compute1", FakeDriverSpec.of(8, 8192, 200));
        cloud = new Cloud(dir, hosts, Map.of(), pin(CommonOptions.UPGRADE_LEVELS_CONDUCTOR, value));
        Cloud c = cloud;
        Version expectedCap = "kilo".equals(value) ? Version.of(2, 1) : Version.of(2, 0);
        if ("auto".equals(value)) {
            expectedCap = Version.of(2, 1); // the only conductor runs kilo
        }
        assertThat(c.computes.get("compute1").runner().upgradeLevels().pin(ConductorRpcApi.PIN).cap())
                .isEqualTo(expectedCap);
        Instance i = c.awaitState(c.boot("objects", "m1.tiny").uuid(), VmStates.ACTIVE);
        c.api.stop(c.ctx, i.uuid());
        c.awaitState(i.uuid(), VmStates.STOPPED);
        List<RecordingTransport.Sent> toConductor = c.sent.all().stream()
                .filter(s -> s.sender().equals("compute1") && s.topic().equals(ConductorRpcApi.TOPIC)
                        && s.namespace() == null)
                .toList();
        assertThat(toConductor).extracting(RecordingTransport.Sent::method).contains("object_class_action",
                "object_action");
        assertThat(toConductor).extracting(RecordingTransport.Sent::version).as("juno and kilo clients send 2.0")
                .containsOnly("2.0");
    }
}
