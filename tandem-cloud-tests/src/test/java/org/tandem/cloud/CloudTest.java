package org.tandem.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.db.CommitOutcomeUnknownException;
import org.tandem.db.DatabaseUnavailableException;
import org.tandem.db.repository.ComputeNodeRepository;
import org.tandem.db.repository.InstanceActionRepository;
import org.tandem.db.repository.InstanceFaultRepository;
import org.tandem.db.repository.InstanceFaultRow;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.MigrationRepository;
import org.tandem.db.repository.MigrationRow;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;
import org.tandem.model.FlavorStorage;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.InstanceNotFound;
import org.tandem.model.NoValidHost;
import org.tandem.model.VmStates;

/** Boot, delete, reboot, stop/start, resize, migrate and scheduling across three compute hosts in one JVM. */
class CloudTest {
    @TempDir
    Path dir;
    Cloud cloud;

    Cloud cloud(Map<String, FakeDriverSpec> hosts) {
        cloud = new Cloud(dir, hosts, c -> c);
        return cloud;
    }

    Cloud threeHosts() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(4, 8192, 100));
        hosts.put("compute2", FakeDriverSpec.of(4, 8192, 100));
        hosts.put("compute3", FakeDriverSpec.of(4, 8192, 100));
        return cloud(hosts);
    }

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void bootsToActiveAndSpreadsInstancesByFreeRam() {
        Cloud c = threeHosts();
        List<Instance> booted = List.of(c.boot("web-1", "m1.small"), c.boot("web-2", "m1.small"), c.boot("web-3", "m1.small"));
        Set<String> hosts = new HashSet<>();
        for (Instance i : booted) {
            Instance active = c.awaitState(i.uuid(), VmStates.ACTIVE);
            assertThat(active.get(Instance.POWER_STATE)).isEqualTo(VmStates.Power.RUNNING);
            assertThat(active.get(Instance.LAUNCHED_AT)).isNotNull();
            assertThat(c.computes.get(active.host()).driver().has(i.uuid())).isTrue();
            hosts.add(active.host());
        }
        assertThat(hosts).as("three equal hosts each get one instance").hasSize(3);
        ComputeNodeRepository nodes = new ComputeNodeRepository(c.db);
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThat(nodes.list(ListQuery.all()))
                .allSatisfy(n -> assertThat(n.memoryMbUsed()).isEqualTo(2048)));
        var actions = new InstanceActionRepository(c.db).listForInstance(booted.get(0).uuid());
        assertThat(actions).extracting(a -> a.action()).containsExactly("create");
        assertThat(new InstanceActionRepository(c.db).listEvents(actions.get(0).id()))
                .anySatisfy(e -> {
                    assertThat(e.event()).isEqualTo("compute__do_build_and_run_instance");
                    assertThat(e.result()).isEqualTo("Success");
                });
    }

    @Test
    void aFailedSpawnIsRescheduledToAnotherHost() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(4, 8192, 100).failingSpawnFor("flaky-.*"));
        hosts.put("compute2", FakeDriverSpec.of(4, 4096, 100));
        Cloud c = cloud(hosts);
        Instance i = c.boot("flaky-1", "m1.small");
        Instance active = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(active.host()).as("compute1 has most free RAM, fails the spawn, compute2 gets the retry")
                .isEqualTo("compute2");
        assertThat(c.computes.get("compute1").driver().has(i.uuid())).isFalse();
        assertThat(c.computes.get("compute1").tracker().used().memoryMb()).isZero();
    }

    @Test
    void aBuildThatFailsEverywhereEndsInErrorAfterMaxAttempts() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        for (String h : List.of("compute1", "compute2", "compute3")) {
            hosts.put(h, FakeDriverSpec.of(4, 8192, 100).failingSpawnFor("doomed"));
        }
        Cloud c = cloud(hosts);
        Instance i = c.boot("doomed", "m1.tiny");
        Instance error = c.awaitState(i.uuid(), VmStates.ERROR);
        assertThat(error.host()).isNull();
        InstanceFaultRow fault = latestFault(c, i.uuid());
        assertThat(fault.message()).startsWith("No valid host was found. Exceeded maximum number of retries");
    }

    @Test
    void noValidHostSetsErrorWithAFaultNamingTheFilter() {
        Cloud c = threeHosts();
        Instance i = c.boot("huge", "m1.xlarge");
        c.awaitState(i.uuid(), VmStates.ERROR);
        InstanceFaultRow fault = latestFault(c, i.uuid());
        assertThat(fault.message()).startsWith("No valid host was found. ").contains("RamFilter");
        assertThat(fault.code()).isEqualTo(500);
    }

    @Test
    void deleteRemovesTheInstanceAndFreesItsResources() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("short-lived", "m1.small").uuid(), VmStates.ACTIVE);
        var host = c.computes.get(i.host());
        assertThat(host.tracker().used().memoryMb()).isEqualTo(2048);
        c.api.delete(c.ctx, i.uuid());
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThatThrownBy(() -> c.get(i.uuid()))
                .isInstanceOf(InstanceNotFound.class));
        assertThat(host.driver().has(i.uuid())).isFalse();
        assertThat(host.tracker().used().memoryMb()).isZero();
    }

    @Test
    void anInstanceThatNeverReachedAHostIsDeletedByTheApi() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("too-big", "m1.xlarge").uuid(), VmStates.ERROR);
        c.api.delete(c.ctx, i.uuid());
        assertThatThrownBy(() -> c.get(i.uuid())).isInstanceOf(InstanceNotFound.class);
    }

    @Test
    void actionsInTheWrongStateAreRefused() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("idle", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThatThrownBy(() -> c.api.start(c.ctx, i.uuid())).isInstanceOf(org.tandem.model.InstanceInvalidState.class)
                .hasMessage("Instance " + i.uuid() + " in vm_state active. Cannot start while the instance is in this state.");
        assertThatThrownBy(() -> c.api.confirmResize(c.ctx, i.uuid()))
                .isInstanceOf(org.tandem.model.InstanceInvalidState.class);
    }

    @Test
    void rebootStopAndStart() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("vm", "m1.tiny").uuid(), VmStates.ACTIVE);
        c.api.reboot(c.ctx, i.uuid(), "SOFT");
        await().atMost(Cloud.WAIT).until(() -> c.computes.get(i.host()).driver().consoleOutput(i.uuid()).stream()
                .anyMatch(l -> l.contains("SOFT reboot")));
        c.awaitState(i.uuid(), VmStates.ACTIVE);
        c.api.stop(c.ctx, i.uuid());
        Instance stopped = c.awaitState(i.uuid(), VmStates.STOPPED);
        assertThat(stopped.get(Instance.POWER_STATE)).isEqualTo(VmStates.Power.SHUTDOWN);
        assertThat(c.computes.get(i.host()).driver().guest(i.uuid()).powerState()).isEqualTo(VmStates.Power.SHUTDOWN);
        c.api.start(c.ctx, i.uuid());
        Instance started = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(started.get(Instance.POWER_STATE)).isEqualTo(VmStates.Power.RUNNING);
    }

    @Test
    void consoleOutputComesFromTheComputeHost() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("chatty", "m1.tiny").uuid(), VmStates.ACTIVE);
        String all = c.api.consoleOutput(c.ctx, i.uuid(), null);
        assertThat(all).contains("Booting chatty (" + i.uuid() + ") on " + i.host()).contains("login:");
        assertThat(c.api.consoleOutput(c.ctx, i.uuid(), 1)).doesNotContain("Booting").contains("login:");
    }

    @Test
    void resizeToAnotherHostThenConfirm() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("grow", "m1.tiny").uuid(), VmStates.ACTIVE);
        String source = i.host();
        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.small"));
        Instance resized = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(resized.host()).isNotEqualTo(source);
        assertThat(resized.get(Instance.MEMORY_MB)).isEqualTo(2048L);
        assertThat(resized.flavor().name()).isEqualTo("m1.small");
        assertThat(FlavorStorage.read(resized, FlavorSysmeta.OLD).name()).isEqualTo("m1.tiny");
        assertThat((FlavorStorage.readOrNull(resized, FlavorSysmeta.NEW) != null)).isFalse();
        MigrationRow m = new MigrationRepository(c.db).getByInstanceAndStatus(i.uuid(), "finished");
        assertThat(m.sourceCompute()).isEqualTo(source);
        assertThat(m.destCompute()).isEqualTo(resized.host());

        c.api.confirmResize(c.ctx, i.uuid());
        await().atMost(Cloud.WAIT).until(() -> "confirmed".equals(new MigrationRepository(c.db).get(m.id()).status()));
        Instance confirmed = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat((FlavorStorage.readOrNull(confirmed, FlavorSysmeta.OLD) != null)).isFalse();
        assertThat(c.computes.get(source).driver().has(i.uuid())).isFalse();
        assertThat(c.computes.get(source).tracker().used().memoryMb()).isZero();
        assertThat(c.computes.get(resized.host()).tracker().used().memoryMb()).isEqualTo(2048);
    }

    @Test
    void resizeThenRevertGoesBackToTheSourceWithTheOldFlavor() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("undo", "m1.tiny").uuid(), VmStates.ACTIVE);
        String source = i.host();
        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.small"));
        String dest = c.awaitState(i.uuid(), VmStates.RESIZED).host();
        c.api.revertResize(c.ctx, i.uuid());
        Instance reverted = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(reverted.host()).isEqualTo(source);
        assertThat(reverted.flavor().name()).isEqualTo("m1.tiny");
        assertThat(reverted.get(Instance.MEMORY_MB)).isEqualTo(512L);
        assertThat((FlavorStorage.readOrNull(reverted, FlavorSysmeta.OLD) != null)).isFalse();
        assertThat(c.computes.get(dest).driver().has(i.uuid())).isFalse();
        assertThat(c.computes.get(dest).tracker().used().memoryMb()).isZero();
        assertThat(c.computes.get(source).driver().guest(i.uuid()).powerState()).isEqualTo(VmStates.Power.RUNNING);
    }

    @Test
    void coldMigrateMovesTheInstanceWithItsFlavor() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("mover", "m1.tiny").uuid(), VmStates.ACTIVE);
        c.api.migrate(c.ctx, i.uuid());
        Instance moved = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(moved.host()).isNotEqualTo(i.host());
        assertThat(moved.flavor().name()).isEqualTo("m1.tiny");
        c.api.confirmResize(c.ctx, i.uuid());
        c.awaitState(i.uuid(), VmStates.ACTIVE);
    }

    @Test
    void resizeWithNoOtherHostFailsAndClearsTheTask() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("lonely", FakeDriverSpec.of(4, 8192, 100));
        Cloud c = cloud(hosts);
        Instance i = c.awaitState(c.boot("stuck", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThatThrownBy(() -> c.api.migrate(c.ctx, i.uuid())).isInstanceOf(NoValidHost.class)
                .hasMessageStartingWith("No valid host was found.");
        Instance after = c.get(i.uuid());
        assertThat(after.vmState()).isEqualTo(VmStates.ACTIVE);
        assertThat(after.taskState()).isNull();
    }

    @Test
    void disabledAndDownComputesAreAvoided() {
        Cloud c = threeHosts();
        ServiceRepository services = new ServiceRepository(c.db);
        ServiceRow c1 = services.getByHostAndBinary("compute1", "nova-compute");
        services.setDisabled(c1.id(), true, "maintenance");
        c.computes.get("compute3").close();
        await().atMost(Cloud.WAIT).until(() -> !services.getByHostAndBinary("compute3", "nova-compute")
                .isUp(java.time.Instant.now(),
                        java.time.Duration.ofSeconds(c.config.get(org.tandem.config.CommonOptions.SERVICE_DOWN_TIME))));
        for (int n = 0; n < 3; n++) {
            Instance i = c.awaitState(c.boot("only-two-" + n, "m1.tiny").uuid(), VmStates.ACTIVE);
            assertThat(i.host()).isEqualTo("compute2");
        }
    }

    @Test
    void aRestartedComputeKeepsCountingItsInstances() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(4, 8192, 100));
        Cloud c = cloud(hosts);
        c.awaitState(c.boot("survivor", "m1.small").uuid(), VmStates.ACTIVE);
        c.computes.get("compute1").close();
        var restarted = c.startCompute("compute1", FakeDriverSpec.of(4, 8192, 100));
        assertThat(restarted.tracker().used().memoryMb()).isEqualTo(2048);
        assertThat(new ComputeNodeRepository(c.db).list(ListQuery.all())).singleElement()
                .satisfies(n -> assertThat(n.memoryMbUsed()).isEqualTo(2048));
        assertThat(new ServiceRepository(c.db).list(ListQuery.where("binary", "nova-compute"))).hasSize(1);
    }

    @Test
    void aComputeKilledMidTaskFinishesOrUndoesTheTaskWhenItStartsAgain() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(8, 16384, 200));
        Cloud c = cloud(hosts);
        String deleting = c.awaitState(c.boot("deleting", "m1.tiny").uuid(), VmStates.ACTIVE).uuid();
        String building = c.awaitState(c.boot("building", "m1.tiny").uuid(), VmStates.ACTIVE).uuid();
        String migrating = c.awaitState(c.boot("migrating", "m1.tiny").uuid(), VmStates.ACTIVE).uuid();
        String stopping = c.awaitState(c.boot("stopping", "m1.tiny").uuid(), VmStates.ACTIVE).uuid();
        String prepping = c.awaitState(c.boot("prepping", "m1.tiny").uuid(), VmStates.ACTIVE).uuid();
        c.computes.get("compute1").close();
        // what the previous process left when it died with the messages it had acknowledged
        var jdbc = c.db.jdbc();
        jdbc.update("UPDATE instances SET task_state = 'deleting' WHERE uuid = ?", deleting);
        jdbc.update("UPDATE instances SET vm_state = 'building', task_state = 'spawning', power_state = 0 "
                + "WHERE uuid = ?", building);
        jdbc.update("UPDATE instances SET task_state = 'resize_migrating' WHERE uuid = ?", migrating);
        jdbc.update("UPDATE instances SET task_state = 'powering-off' WHERE uuid = ?", stopping);
        jdbc.update("UPDATE instances SET task_state = 'resize_prep' WHERE uuid = ?", prepping);

        var restarted = c.startCompute("compute1", FakeDriverSpec.of(8, 16384, 200));

        assertThat(c.db.jdbc().query("SELECT deleted FROM instances WHERE uuid = ?", r -> r.longValue("deleted"), deleting))
                .singleElement().isNotEqualTo(0L);
        Instance built = c.get(building);
        assertThat(built.vmState()).isEqualTo(VmStates.ACTIVE);
        assertThat(built.taskState()).isNull();
        Instance reverted = c.get(migrating);
        assertThat(reverted.vmState()).isEqualTo(VmStates.ACTIVE);
        assertThat(reverted.taskState()).isNull();
        assertThat(latestFault(c, migrating).message()).contains("resize interrupted");
        Instance stopped = c.get(stopping);
        assertThat(stopped.vmState()).isEqualTo(VmStates.STOPPED);
        assertThat(stopped.taskState()).isNull();
        // owned by work queued elsewhere (the destination's prep_resize): not touched
        assertThat(c.get(prepping).taskState()).isEqualTo("resize_prep");
        assertThat(restarted.tracker().used().memoryMb()).isEqualTo(4 * 512);
    }

    /** A compute's object save (object_action 'save') on the conductor, as sent. */
    private static boolean computeSave(RecordingTransport.Sent s) {
        return s.sender().startsWith("compute") && "object_action".equals(s.method())
                && "save".equals(s.args().get("objmethod"));
    }

    @Test
    void aBuildOrResizeFinishCutOffByABrokerRestartIsFinishedWhenTheConductorsAnswerAgain() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(8, 16384, 200));
        hosts.put("compute2", FakeDriverSpec.of(8, 16384, 200));
        Cloud c = cloud(hosts);
        // the build's first save (host, networking) never reaches the conductor: the request that carried
        // the build is gone with the connection, so before the fix the instance stayed in BUILD for good
        c.sent.cutOffNext(CloudTest::computeSave);
        Instance built = c.awaitState(c.boot("cut-build", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(built.host()).isIn("compute1", "compute2");
        assertThat(built.taskState()).isNull();
        assertThat(built.get(Instance.POWER_STATE)).isEqualTo(VmStates.Power.RUNNING);

        // a resize's finish on the destination loses its first save: finished to VERIFY_RESIZE, not left
        // half-resized and ACTIVE on the new flavor
        Instance other = c.awaitState(c.boot("cut-resize", "m1.tiny").uuid(), VmStates.ACTIVE);
        c.sent.cutOffNext(s -> computeSave(s) && !s.sender().equals(other.host())
                && "resize_finish".equals(c.get(other.uuid()).taskState()));
        c.api.resize(c.ctx, other.uuid(), c.flavor("m1.small"));
        Instance resized = c.awaitState(other.uuid(), VmStates.RESIZED);
        assertThat(resized.host()).isNotEqualTo(other.host());
        assertThat(resized.flavor().name()).isEqualTo("m1.small");
    }

    @Test
    void aResizeFinishWhoseSaveMetADatabaseRestartIsFinishedNotLeftActiveOnTheNewFlavor() {
        Cloud c = threeHosts();
        // the destination's save of resize_finish (new flavor, host and node) committed, but the commit's
        // answer was lost with the database restart: before the fix the compute took the task away and
        // the instance was ACTIVE on m1.small with its migration half done (the drill's resize again got
        // "When resizing, instances must change flavor!")
        resizeWithTheFinishSaveAnswered(c, "db-committed", new CommitOutcomeUnknownException("Committing a "
                + "transaction failed, so whether it took effect is unknown (connection lost); check the data "
                + "before trying again", null), true);
        // the database stayed away past the conductor's retry window: nothing was written
        resizeWithTheFinishSaveAnswered(c, "db-away", new DatabaseUnavailableException("No connection to "
                + "the database", null), false);
        // any other failure after the save took effect: the compute cannot take the task away either
        resizeWithTheFinishSaveAnswered(c, "other-error", new IllegalStateException("the conductor failed "
                + "after writing"), true);
    }

    /** Resizes a new instance to m1.small with the destination's resize_finish save answered by {@code error}. */
    private static void resizeWithTheFinishSaveAnswered(Cloud c, String name, RuntimeException error, boolean ran) {
        Instance i = c.awaitState(c.boot(name, "m1.tiny").uuid(), VmStates.ACTIVE);
        String source = i.host();
        c.sent.answerNextWith(s -> computeSave(s) && !s.sender().equals(source)
                && "resize_finish".equals(savedField(s, "task_state")), error, ran);
        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.small"));
        Instance resized = c.awaitState(i.uuid(), VmStates.RESIZED);
        assertThat(c.sent.pendingCutOffs()).as("%s: the finish's save was answered with the error", name).isZero();
        assertThat(resized.taskState()).isNull();
        assertThat(resized.host()).isNotEqualTo(source);
        assertThat(resized.flavor().name()).isEqualTo("m1.small");
        assertThat(new MigrationRepository(c.db).list(ListQuery.where("instance_uuid", i.uuid(), "status",
                "finished"))).as("%s: the migration is finished", name).hasSize(1);
        c.api.confirmResize(c.ctx, i.uuid());
        Instance confirmed = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(confirmed.taskState()).isNull();
        assertThat(confirmed.flavor().name()).isEqualTo("m1.small");
        assertThat(c.computes.get(source).driver().has(i.uuid())).as("%s: the source's guest is gone", name).isFalse();
    }

    /** A field of the object an object_action sends, as it went on the wire. */
    private static Object savedField(RecordingTransport.Sent s, String field) {
        return s.args().get("objinst") instanceof Map<?, ?> o && o.get("nova_object.data") instanceof Map<?, ?> d
                ? d.get(field) : null;
    }

    @Test
    void aResizeConfirmOrRevertCutOffByABrokerRestartIsFinishedWhenTheConductorsAnswerAgain() {
        Cloud c = threeHosts();
        MigrationRepository migrations = new MigrationRepository(c.db);
        // the source's part of a resize: its save of resize_migrated (guest off, disk handed over) was cut
        // off; before the fix the instance was left ACTIVE with its guest powered off and the resize gone
        Instance r = c.awaitState(c.boot("cut-send", "m1.tiny").uuid(), VmStates.ACTIVE);
        String sender = r.host();
        c.sent.cutOffNext(s -> instanceSaveBy(s, sender) && !migrations.list(ListQuery.where("instance_uuid",
                r.uuid(), "status", "post-migrating")).isEmpty());
        c.api.resize(c.ctx, r.uuid(), c.flavor("m1.small"));
        Instance sent = c.awaitState(r.uuid(), VmStates.RESIZED);
        assertThat(c.sent.pendingCutOffs()).as("the resize's instance save was cut off").isZero();
        assertThat(sent.host()).isNotEqualTo(sender);
        assertThat(sent.flavor().name()).isEqualTo("m1.small");

        // confirm: the source marked the migration confirmed, then its instance save was cut off; before
        // the fix the instance stayed VERIFY_RESIZE with a confirmed migration, so a retry got "not resized"
        Instance i = c.awaitState(c.boot("cut-confirm", "m1.tiny").uuid(), VmStates.ACTIVE);
        String source = i.host();
        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.small"));
        c.awaitState(i.uuid(), VmStates.RESIZED);
        long confirmId = migrations.getByInstanceAndStatus(i.uuid(), "finished").id();
        c.sent.cutOffNext(s -> instanceSaveBy(s, source) && "confirmed".equals(migrations.get(confirmId).status()));
        c.api.confirmResize(c.ctx, i.uuid());
        Instance confirmed = c.awaitState(i.uuid(), VmStates.ACTIVE);
        assertThat(c.sent.pendingCutOffs()).as("the confirm's instance save was cut off").isZero();
        assertThat(confirmed.taskState()).isNull();
        assertThat(confirmed.flavor().name()).isEqualTo("m1.small");
        assertThat((FlavorStorage.readOrNull(confirmed, FlavorSysmeta.OLD) != null)).isFalse();
        assertThat(c.computes.get(source).driver().has(i.uuid())).isFalse();

        // revert: the source's finish (old flavor back, guest on) lost its instance save
        Instance j = c.awaitState(c.boot("cut-revert", "m1.tiny").uuid(), VmStates.ACTIVE);
        String from = j.host();
        c.api.resize(c.ctx, j.uuid(), c.flavor("m1.small"));
        String to = c.awaitState(j.uuid(), VmStates.RESIZED).host();
        long revertId = migrations.getByInstanceAndStatus(j.uuid(), "finished").id();
        c.sent.cutOffNext(s -> instanceSaveBy(s, from) && "reverted".equals(migrations.get(revertId).status()));
        c.api.revertResize(c.ctx, j.uuid());
        Instance reverted = c.awaitState(j.uuid(), VmStates.ACTIVE);
        assertThat(c.sent.pendingCutOffs()).as("the revert's instance save was cut off").isZero();
        assertThat(reverted.host()).isEqualTo(from);
        assertThat(reverted.flavor().name()).isEqualTo("m1.tiny");
        assertThat(c.computes.get(to).driver().has(j.uuid())).isFalse();
        assertThat(c.computes.get(from).driver().guest(j.uuid()).powerState()).isEqualTo(VmStates.Power.RUNNING);
    }

    @Test
    void aDeleteCutOffByABrokerRestartIsFinishedWhenTheConductorsAnswerAgain() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("cut-delete", "m1.tiny").uuid(), VmStates.ACTIVE);
        // the compute destroyed the guest and saved vm_state deleted, then lost the conductors before the
        // record's destroy: before the fix the instance stayed DELETED and never went away
        c.sent.cutOffNext(s -> s.sender().equals(i.host()) && "object_action".equals(s.method())
                && "destroy".equals(s.args().get("objmethod")));
        c.api.delete(c.ctx, i.uuid());
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThatThrownBy(() -> c.get(i.uuid()))
                .isInstanceOf(InstanceNotFound.class));
        assertThat(c.sent.pendingCutOffs()).as("the delete's destroy was cut off").isZero();
        assertThat(c.computes.get(i.host()).driver().has(i.uuid())).isFalse();
    }

    @Test
    void schedulingCutOffByABrokerRestartIsTriedAgain() {
        Cloud c = threeHosts();
        // a conductor's select_destinations lost its connection (a broker restart): before the fix the build
        // went to ERROR with "cannot publish to exchange ... routing key scheduler"
        c.sent.cutOffNext(s -> "select_destinations".equals(s.method()));
        Instance i = c.awaitState(c.boot("cut-schedule", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(c.sent.pendingCutOffs()).as("the scheduling call was cut off").isZero();
        assertThat(i.taskState()).isNull();
        c.sent.cutOffNext(s -> "select_destinations".equals(s.method()));
        c.api.resize(c.ctx, i.uuid(), c.flavor("m1.small"));
        assertThat(c.awaitState(i.uuid(), VmStates.RESIZED).flavor().name()).isEqualTo("m1.small");
        assertThat(c.sent.pendingCutOffs()).isZero();
    }

    private static boolean instanceSaveBy(RecordingTransport.Sent s, String host) {
        return computeSave(s) && s.sender().equals(host) && s.args().get("objinst") instanceof Map<?, ?> o
                && "Instance".equals(o.get("nova_object.name"));
    }

    @Test
    void conductorWorkersMultiplyTheRequestsTheConductorRunsAtOnce() {
        cloud = new Cloud(dir, Map.of("compute1", FakeDriverSpec.of(4, 8192, 100)),
                c -> c.withOverride(CommonOptions.CONDUCTOR_WORKERS, 3)
                        .withOverride(CommonOptions.EXECUTOR_THREAD_POOL_SIZE, 4));
        assertThat(cloud.conductor.executorThreads()).isEqualTo(12);
        assertThat(cloud.scheduler.executorThreads()).isEqualTo(4);
        cloud.awaitState(cloud.boot("served", "m1.tiny").uuid(), VmStates.ACTIVE);
    }

    @Test
    void aRestartedComputeReportsInBeforeTakingWork() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(4, 8192, 100));
        Cloud c = cloud(hosts);
        c.computes.get("compute1").close();
        // The record keeps the heartbeat of the previous run, long past service_down_time.
        java.time.Instant longAgo = java.time.Instant.now().minusSeconds(3600);
        c.db.jdbc().update("UPDATE services SET last_seen_up = ?, updated_at = ? WHERE host = ?", longAgo, longAgo,
                "compute1");
        c.startCompute("compute1", FakeDriverSpec.of(4, 8192, 100));
        ServiceRow row = new ServiceRepository(c.db).getByHostAndBinary("compute1", "nova-compute");
        assertThat(row.isUp(java.time.Instant.now(), java.time.Duration.ofSeconds(8)))
                .as("up as soon as start() returns, without waiting for the first timer tick").isTrue();
        c.awaitState(c.boot("right-away", "m1.tiny").uuid(), VmStates.ACTIVE);
    }

    @Test
    void theConductorBackportsObjectsForAComputeOverRpc() {
        Cloud c = threeHosts();
        Instance i = c.awaitState(c.boot("old-reader", "m1.tiny").uuid(), VmStates.ACTIVE);
        var backport = new org.tandem.rpcapi.conductor.ConductorBackport();
        var serializer = new org.tandem.model.indirection.ModelSerializer(backport);
        backport.bind(new org.tandem.rpcapi.conductor.ConductorRpcApi(c.transport("test"), c.config,
                org.tandem.version.Release.JUNO, serializer));
        Map<String, Object> primitive = i.toPrimitive();
        Map<String, Object> back = backport.backport(c.ctx, primitive,
                new org.tandem.rpc.ObjectVersionMismatch("Instance", "1.15", "1.15"));
        assertThat(back).containsEntry("nova_object.name", "Instance").containsEntry("nova_object.version", "1.15");
        assertThat(((Map<?, ?>) back.get("nova_object.data")).get("uuid")).isEqualTo(i.uuid());
    }

    @Test
    void heartbeatsUpdateEveryService() {
        Cloud c = threeHosts();
        ServiceRepository services = new ServiceRepository(c.db);
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThat(services.list(ListQuery.all()))
                .hasSize(5)
                .allSatisfy(s -> {
                    assertThat(s.reportCount()).isGreaterThanOrEqualTo(2);
                    assertThat(s.lastSeenUp()).isNotNull();
                }));
        assertThat(services.list(ListQuery.all())).extracting(ServiceRow::binary)
                .containsExactlyInAnyOrder("nova-conductor", "nova-scheduler", "nova-compute", "nova-compute",
                        "nova-compute");
    }

    /** The newest fault; waits for it, as Nova records the fault just after the ERROR state. */
    private static InstanceFaultRow latestFault(Cloud c, String uuid) {
        InstanceFaultRepository repo = new InstanceFaultRepository(c.db);
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThat(repo.listByInstanceUuids(List.of(uuid))
                .getOrDefault(uuid, List.of())).as("faults of " + uuid).isNotEmpty());
        return repo.listByInstanceUuids(List.of(uuid)).get(uuid).get(0);
    }
}
