package org.tandem.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.repository.InstanceFaultRepository;
import org.tandem.db.repository.InstanceFaultRow;
import org.tandem.db.repository.MigrationRepository;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.model.FlavorStorage;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.VmStates;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.rpcapi.InvalidVersionCapException;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * A kilo control plane with juno and kilo computes, as in Steps 3-5 of the upgrade guide: pins,
 * backports on both sides, resize across releases in both directions, the wrong-pin symptom, auto
 * pins, SIGHUP reloads and rolling a compute back.
 */
class MixedClusterTest extends CloudTestSupport {
    private static final Version JUNO_CAP = Version.of(3, 35);
    private static final Version KILO_CAP = Version.of(4, 0);

    /** compute1 runs juno with the most RAM (so the scheduler picks it first); compute2 runs kilo. */
    private Cloud junoAndKilo(UnaryOperator<Config> tweak) {
        Map<String, FakeDriverSpec> hosts = twoComputes();
        cloud = new Cloud(dir, hosts, Map.of("compute1", Release.JUNO, "compute2", Release.KILO), tweak);
        return cloud;
    }

    private static UnaryOperator<Config> pin(String compute, boolean backportOnSend) {
        return c -> c.withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, compute)
                .withOverride(CommonOptions.UPGRADE_LEVELS_BACKPORT_ON_SEND, backportOnSend);
    }

    @Test
    void aJunoComputeUnderAKiloControlPlaneRunsTheWholeLifecycleWhenPinnedToJuno() {
        Cloud c = junoAndKilo(pin("juno", true));
        assertThat(c.computeApi.versionCap()).isEqualTo(JUNO_CAP);
        Instance i = c.awaitState(c.boot("old-host", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(i.host()).isEqualTo("compute1");
        assertThat(i.flavor().name()).isEqualTo("m1.tiny");
        assertThat(c.api.consoleOutput(c.ctx, i.uuid(), null)).contains("Booting old-host");
        c.api.stop(c.ctx, i.uuid());
        c.awaitState(i.uuid(), VmStates.STOPPED);
        c.api.start(c.ctx, i.uuid());
        c.awaitState(i.uuid(), VmStates.ACTIVE);
        c.api.reboot(c.ctx, i.uuid(), "HARD");
        c.awaitState(i.uuid(), VmStates.ACTIVE);
        c.api.delete(c.ctx, i.uuid());
        await().atMost(Cloud.WAIT).until(() -> !c.computes.get("compute1").driver().has(i.uuid()));
    }

    @Test
    void withSenderSideBackportOffTheJunoComputeAsksTheConductorForEveryNewerInstance() {
        Cloud c = junoAndKilo(pin("juno", false));
        long conductor = BackportMetrics.total("conductor");
        long sender = BackportMetrics.total("sender");
        Instance i = c.awaitState(c.boot("nova-way", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(i.host()).isEqualTo("compute1");
        assertThat(BackportMetrics.total("conductor") - conductor)
                .as("the juno compute received Instance 1.19 and asked nova-conductor (object_backport)").isPositive();
        assertThat(BackportMetrics.total("sender") - sender).isZero();
    }

    @Test
    void withSenderSideBackportOnTheConductorIsNeverAskedToBackport() {
        Cloud c = junoAndKilo(pin("juno", true));
        long conductor = BackportMetrics.total("conductor");
        long sender = BackportMetrics.total("sender");
        Instance i = c.awaitState(c.boot("tandem-way", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(i.host()).isEqualTo("compute1");
        c.api.stop(c.ctx, i.uuid());
        c.awaitState(i.uuid(), VmStates.STOPPED);
        c.api.start(c.ctx, i.uuid());
        c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(BackportMetrics.total("conductor") - conductor).as("no conductor round trips").isZero();
        assertThat(BackportMetrics.total("sender") - sender).as("senders wrote juno's versions").isPositive();
    }

    @ParameterizedTest(name = "backport_on_send = {0}")
    @ValueSource(booleans = {true, false})
    void resizeAndColdMigrateBetweenJunoAndKiloComputesInBothDirections(boolean backportOnSend) {
        Cloud c = junoAndKilo(pin("juno", backportOnSend));
        Instance i = c.awaitState(c.boot("traveller", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(i.host()).isEqualTo("compute1");

        // juno -> kilo, confirmed
        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.small"));
        Instance onKilo = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(onKilo.host()).isEqualTo("compute2");
        assertThat(onKilo.flavor().name()).isEqualTo("m1.small");
        assertThat(FlavorStorage.read(onKilo, FlavorSysmeta.OLD).name()).isEqualTo("m1.tiny");
        c.api.confirmResize(c.ctx, i.uuid());
        Instance confirmed = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(FlavorStorage.readOrNull(confirmed, FlavorSysmeta.OLD)).isNull();
        await().atMost(Cloud.WAIT).until(() -> !c.computes.get("compute1").driver().has(i.uuid()));

        // kilo -> juno, reverted: back on kilo with the small flavor
        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.tiny"));
        Instance onJuno = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(onJuno.host()).isEqualTo("compute1");
        assertThat(onJuno.flavor().name()).isEqualTo("m1.tiny");
        c.api.revertResize(c.ctx, i.uuid());
        Instance reverted = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(reverted.host()).isEqualTo("compute2");
        assertThat(reverted.flavor().name()).isEqualTo("m1.small");
        assertThat(reverted.get(Instance.MEMORY_MB)).isEqualTo(2048L);

        // kilo -> juno cold migration, confirmed
        c.api.migrate(c.ctx, i.uuid());
        Instance migrated = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(migrated.host()).isEqualTo("compute1");
        c.api.confirmResize(c.ctx, i.uuid());
        Instance done = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(done.flavor().name()).isEqualTo("m1.small");
        assertThat(FlavorStorage.readOrNull(done, FlavorSysmeta.NEW)).isNull();
        await().atMost(Cloud.WAIT).until(() -> !c.computes.get("compute2").driver().has(i.uuid()));

        // juno -> kilo cold migration, reverted: back on juno
        c.api.migrate(c.ctx, i.uuid());
        Instance toKilo = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(toKilo.host()).isEqualTo("compute2");
        assertThat(toKilo.flavor().name()).as("a cold migration keeps the flavor").isEqualTo("m1.small");
        assertThat(FlavorStorage.read(toKilo, FlavorSysmeta.OLD).name()).isEqualTo("m1.small");
        c.api.revertResize(c.ctx, i.uuid());
        Instance backOnJuno = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(backOnJuno.host()).isEqualTo("compute1");
        assertThat(c.computes.get("compute1").driver().has(i.uuid())).isTrue();
        await().atMost(Cloud.WAIT).until(() -> !c.computes.get("compute2").driver().has(i.uuid()));

        // juno -> kilo cold migration, confirmed: the instance now lives on the kilo compute
        c.api.migrate(c.ctx, i.uuid());
        assertThat(c.awaitState(i.uuid(), VmStates.RESIZED).host()).isEqualTo("compute2");
        c.api.confirmResize(c.ctx, i.uuid());
        Instance onKiloAgain = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(onKiloAgain.host()).isEqualTo("compute2");
        assertThat(onKiloAgain.flavor().name()).isEqualTo("m1.small");
        assertThat(FlavorStorage.readOrNull(onKiloAgain, FlavorSysmeta.OLD)).isNull();
        assertThat(onKiloAgain.get(Instance.SYSTEM_METADATA)).as("kilo's layout once the kilo compute saved it")
                .doesNotContainKey("instance_type_name");
        await().atMost(Cloud.WAIT).until(() -> !c.computes.get("compute1").driver().has(i.uuid()));
        assertThat(c.computes.get("compute2").driver().has(i.uuid())).isTrue();
        assertThat(c.computes.get("compute1").tracker().used().memoryMb()).as("nothing left claimed on juno").isZero();
        assertThat(c.computes.get("compute2").tracker().used().memoryMb()).isEqualTo(2048);
        assertThat(new MigrationRepository(c.db).list(org.tandem.db.repository.ListQuery.where("instance_uuid", i.uuid()))).hasSize(5);
        assertThat(c.sent.versions("conductor", "prep_resize")).as("pinned to juno: every prep_resize at 3.0")
                .containsOnly("3.0");
    }

    @Test
    void anUnpinnedBuildRefusedByAJunoComputeIsRescheduledToOneThatAcceptsIt() {
        Cloud c = junoAndKilo(c0 -> c0);
        assertThat(c.computeApi.versionCap()).isNull();
        try (LogCapture log = new LogCapture(org.tandem.rpc.RpcServer.class)) {
            Instance i = c.awaitState(c.boot("misrouted", "m1.tiny").uuid(), VmStates.ACTIVE);
            assertThat(i.host()).as("compute1 (juno, most RAM) refused 4.0; the retry went to the kilo compute")
                    .isEqualTo("compute2");
            assertThat(faults(c, i.uuid())).anySatisfy(f -> assertThat(f.message())
                    .contains("build_and_run_instance was sent as 4.0").contains("[upgrade_levels] compute = juno"));
            assertThat(c.sent.of("conductor", "build_and_run_instance")).extracting(s -> s.server() + " " + s.version())
                    .containsExactly("compute1 4.0", "compute2 4.0");

            // The upgrade guide's Step 4 symptom, word for word, logged once, by the juno compute.
            String symptom = "Exception during message handling: Endpoint does not support RPC version 4.0. "
                    + "Attempted method: build_and_run_instance";
            List<LogCapture.Event> errors = log.events().stream()
                    .filter(e -> e.level() == ch.qos.logback.classic.Level.ERROR).toList();
            assertThat(errors).extracting(LogCapture.Event::message).containsExactly(symptom);
            assertThat(log.events()).as("the same thread says which server refused it")
                    .anySatisfy(e -> {
                        assertThat(e.thread()).isEqualTo(errors.get(0).thread());
                        assertThat(e.message()).startsWith("RPC server compute.compute1 (accepts 3.35) refused cast "
                                + "build_and_run_instance");
                    })
                    .noneSatisfy(e -> assertThat(e.message()).contains("compute.compute2").contains("refused"));
        }
    }

    @Test
    void anUnpinnedBuildWithOnlyJunoComputesEndsInErrorWithAFaultNamingThePin() {
        cloud = new Cloud(dir, Map.of("compute1", FakeDriverSpec.of(8, 8192, 200)), Map.of("compute1", Release.JUNO),
                c -> c);
        Instance i = cloud.awaitState(cloud.boot("stranded", "m1.tiny").uuid(), VmStates.ERROR);
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThat(faults(cloud, i.uuid()))
                .anySatisfy(f -> assertThat(f.message())
                        .contains("Compute host compute1 runs juno and accepts compute RPC versions up to 3.35")
                        .contains("[upgrade_levels] compute = juno (or auto)")));
    }

    @Test
    void anAutoPinFollowsComputesAsTheyAppearGoDownAndAreForcedDown() {
        cloud = new Cloud(dir, Map.of(), Map.of(), pin("auto", true));
        UpgradeLevels.Pin conductorPin = cloud.conductor.upgradeLevels().pin(ComputeRpcApi.PIN);
        assertThat(conductorPin.cap()).as("no compute yet: the oldest supported release, never the newest")
                .isEqualTo(JUNO_CAP);
        assertThat(conductorPin.why()).contains("no live nova-compute service records a version yet");

        cloud.startCompute("compute2", FakeDriverSpec.of(8, 6144, 200), Release.KILO);
        awaitCap(conductorPin, KILO_CAP);
        awaitCap(cloud.apiLevels.pin(ComputeRpcApi.PIN), KILO_CAP);

        cloud.startCompute("compute1", FakeDriverSpec.of(8, 8192, 200), Release.JUNO);
        awaitCap(conductorPin, JUNO_CAP);
        assertThat(conductorPin.why()).contains("records version 1 (juno)");
        Instance onJuno = cloud.awaitState(cloud.boot("auto-1", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(onJuno.host()).isEqualTo("compute1");

        cloud.stopCompute("compute1");
        ServiceRepository services = new ServiceRepository(cloud.db);
        cloud.conductor.upgradeLevels().refresh();
        assertThat(conductorPin.cap()).as("a compute that is down may come back speaking juno").isEqualTo(JUNO_CAP);

        services.setForcedDown(services.getByHostAndBinary("compute1", "nova-compute").id(), true);
        awaitCap(conductorPin, KILO_CAP);

        services.create("compute9", "nova-compute", "compute", 0);
        awaitCap(conductorPin, JUNO_CAP);
        assertThat(conductorPin.why()).contains("no live nova-compute service records a version yet");
    }

    @Test
    void sighupChangesPinsUnderLoadWithoutAFailedCall() throws Exception {
        Cloud c = junoAndKilo(pin("juno", true));
        AtomicInteger failures = new AtomicInteger();
        List<String> booted = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread load = new Thread(() -> {
            for (int n = 0; n < 12; n++) {
                try {
                    booted.add(c.boot("load-" + n, "m1.tiny").uuid());
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        });
        load.start();
        for (String value : List.of("3.35", "auto", "juno", "icehouse", "juno")) {
            UpgradeLevels.reloadAll(c.config.withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, value));
            Thread.sleep(50);
        }
        load.join();
        assertThat(failures.get()).isZero();
        for (String uuid : booted) {
            c.awaitState(uuid, VmStates.ACTIVE);
        }
        assertThat(c.computeApi.versionCap()).isEqualTo(JUNO_CAP);
        assertThat(c.computes.get("compute1").runner().upgradeLevels().pin(ComputeRpcApi.PIN).cap()).isEqualTo(JUNO_CAP);

        Config bad = c.config.withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "lemming");
        assertThatThrownBy(() -> c.conductor.upgradeLevels().reload(bad))
                .isInstanceOf(InvalidVersionCapException.class).hasMessageContaining("'lemming'");
        assertThat(c.conductor.upgradeLevels().pin(ComputeRpcApi.PIN).cap()).as("a bad reload changes nothing")
                .isEqualTo(JUNO_CAP);
    }

    @Test
    void aKiloComputeRolledBackToJunoKeepsItsInstancesAndTheirFlavors() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(8, 8192, 200));
        cloud = new Cloud(dir, hosts, Map.of(), pin("juno", true));
        Cloud c = cloud;
        Instance a = c.awaitState(c.boot("keep-a", "m1.tiny").uuid(), VmStates.ACTIVE);
        Instance b = c.awaitState(c.boot("keep-b", "m1.small").uuid(), VmStates.ACTIVE);

        c.stopCompute("compute1");
        c.startCompute("compute1", FakeDriverSpec.of(8, 8192, 200), Release.JUNO);
        assertThat(c.computes.get("compute1").tracker().used().memoryMb())
                .as("the juno compute counted the kilo-written instances at start").isEqualTo(512 + 2048);
        c.api.stop(c.ctx, a.uuid());
        c.awaitState(a.uuid(), VmStates.STOPPED);
        c.api.start(c.ctx, a.uuid());
        Instance back = c.awaitState(a.uuid(), VmStates.ACTIVE);
        assertThat(back.flavor().name()).isEqualTo("m1.tiny");
        assertThat(c.get(b.uuid()).flavor().name()).isEqualTo("m1.small");

        c.startCompute("compute2", FakeDriverSpec.of(8, 6144, 200), Release.KILO);
        c.api.resize(c.ctx, b.uuid(), c.flavor("m1.medium"));
        Instance resized = c.awaitState(b.uuid(), VmStates.RESIZED);
        assertThat(resized.host()).isEqualTo("compute2");
        c.api.confirmResize(c.ctx, b.uuid());
        assertThat(c.awaitState(b.uuid(), VmStates.ACTIVE).flavor().name()).isEqualTo("m1.medium");
    }

    @Test
    void theControlPlaneMovesFromJunoToKiloWhileJunoComputesKeepRunning() {
        Map<String, FakeDriverSpec> hosts = twoComputes();
        cloud = new Cloud(dir, hosts, Map.of(), c -> c.withOverride(CommonOptions.RELEASE, "juno")
                .withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "juno"));
        Cloud c = cloud;
        Instance old = c.awaitState(c.boot("from-juno", "m1.small").uuid(), VmStates.ACTIVE);
        assertThat(c.get(old.uuid()).get(Instance.SYSTEM_METADATA)).containsKey("instance_type_name");

        c.restartControl(Release.KILO); // Step 3: the control services move together, computes stay juno
        assertThat(c.computeApi.versionCap()).isEqualTo(JUNO_CAP);
        Instance read = c.get(old.uuid());
        assertThat(read.flavor().name()).as("kilo reads juno's system_metadata flavor").isEqualTo("m1.small");
        Instance fresh = c.awaitState(c.boot("from-kilo", "m1.tiny").uuid(), VmStates.ACTIVE);
        c.api.stop(c.ctx, old.uuid());
        c.awaitState(old.uuid(), VmStates.STOPPED);
        c.api.start(c.ctx, old.uuid());
        c.awaitState(old.uuid(), VmStates.ACTIVE);
        c.api.resize(c.ctx, fresh.uuid(), c.flavor("m1.small"));
        assertThat(c.awaitState(fresh.uuid(), VmStates.RESIZED).flavor().name()).isEqualTo("m1.small");
        c.api.confirmResize(c.ctx, fresh.uuid());
        assertThat(c.awaitState(fresh.uuid(), VmStates.ACTIVE).flavor().name()).isEqualTo("m1.small");
    }

    @Test
    void aKiloCloudRolledBackToJunoKeepsEveryInstanceAndItsFlavors() {
        Map<String, FakeDriverSpec> hosts = twoComputes();
        cloud = new Cloud(dir, hosts, Map.of(), c -> c);
        Cloud c = cloud;
        Instance a = c.awaitState(c.boot("kilo-made", "m1.small").uuid(), VmStates.ACTIVE);
        c.api.resize(c.ctx, a.uuid(), c.flavor("m1.medium"));
        c.awaitState(a.uuid(), VmStates.RESIZED);
        c.api.confirmResize(c.ctx, a.uuid());
        c.awaitState(a.uuid(), VmStates.ACTIVE);
        assertThat(c.get(a.uuid()).get(Instance.SYSTEM_METADATA)).as("kilo keeps no legacy flavor keys")
                .doesNotContainKey("instance_type_name");

        // Rollback: every service restarted as juno, on the kilo schema.
        for (String h : List.of("compute1", "compute2")) {
            c.stopCompute(h);
        }
        c.restartControl(Release.JUNO);
        c.startCompute("compute1", FakeDriverSpec.of(8, 8192, 200), Release.JUNO);
        c.startCompute("compute2", FakeDriverSpec.of(8, 6144, 200), Release.JUNO);
        Instance back = c.get(a.uuid());
        assertThat(back.flavor().name()).isEqualTo("m1.medium");
        assertThat(back.get(Instance.SYSTEM_METADATA)).as("juno reads the flavor in its own layout")
                .containsEntry("instance_type_name", "m1.medium");
        c.api.stop(c.ctx, a.uuid());
        c.awaitState(a.uuid(), VmStates.STOPPED);
        c.api.start(c.ctx, a.uuid());
        c.awaitState(a.uuid(), VmStates.ACTIVE);
        c.api.resize(c.ctx, a.uuid(), c.flavor("m1.small"));
        assertThat(c.awaitState(a.uuid(), VmStates.RESIZED).flavor().name()).isEqualTo("m1.small");
        c.api.revertResize(c.ctx, a.uuid());
        assertThat(c.awaitState(a.uuid(), VmStates.ACTIVE).flavor().name()).isEqualTo("m1.medium");
        Instance newOne = c.awaitState(c.boot("juno-again", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(newOne.flavor().name()).isEqualTo("m1.tiny");
    }

    @Test
    void aResizeMadeUnderJunoIsConfirmedAndRevertedByComputesUpgradedToKiloMeanwhile() {
        Map<String, FakeDriverSpec> hosts = twoComputes();
        cloud = new Cloud(dir, hosts, Map.of("compute1", Release.JUNO, "compute2", Release.JUNO), pin("juno", true));
        Cloud c = cloud;
        Instance a = c.awaitState(c.boot("confirm-me", "m1.tiny").uuid(), VmStates.ACTIVE);
        Instance b = c.awaitState(c.boot("revert-me", "m1.tiny").uuid(), VmStates.ACTIVE);
        c.api.resize(c.ctx, a.uuid(), c.flavor("m1.small"));
        c.api.resize(c.ctx, b.uuid(), c.flavor("m1.small"));
        c.awaitState(a.uuid(), VmStates.RESIZED);
        c.awaitState(b.uuid(), VmStates.RESIZED);
        // Both computes move to kilo while the resizes wait for the user (old/new flavors in juno's keys).
        for (String h : List.of("compute1", "compute2")) {
            c.stopCompute(h);
            c.startCompute(h, hosts.get(h), Release.KILO);
        }
        c.api.confirmResize(c.ctx, a.uuid());
        Instance confirmed = c.awaitState(a.uuid(), VmStates.ACTIVE);
        assertThat(confirmed.flavor().name()).isEqualTo("m1.small");
        assertThat(FlavorStorage.readOrNull(confirmed, FlavorSysmeta.OLD)).isNull();
        c.api.revertResize(c.ctx, b.uuid());
        Instance reverted = c.awaitState(b.uuid(), VmStates.ACTIVE);
        assertThat(reverted.flavor().name()).isEqualTo("m1.tiny");
        assertThat(reverted.get(Instance.SYSTEM_METADATA)).doesNotContainKey("old_instance_type_name");
    }

    private static void awaitCap(UpgradeLevels.Pin pin, Version cap) {
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThat(pin.cap()).isEqualTo(cap));
    }

    static List<InstanceFaultRow> faults(Cloud c, String uuid) {
        return new InstanceFaultRepository(c.db).listByInstanceUuids(List.of(uuid)).getOrDefault(uuid, List.of());
    }
}
