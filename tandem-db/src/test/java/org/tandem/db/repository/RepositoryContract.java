package org.tandem.db.repository;

import org.tandem.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tandem.db.Database;
import org.tandem.db.DuplicateEntryException;
import org.tandem.db.MarkerNotFoundException;
import org.tandem.db.NotFoundException;
import org.tandem.db.SchemaException;
import org.tandem.db.SchemaManager;
import org.tandem.db.SchemaVersions;
import org.tandem.db.UnexpectedStateException;
import org.tandem.version.Release;

/**
 * The schema and repository behaviour every supported database must show. Subclasses open a
 * fresh, empty database (H2 in a temp dir, or a new PostgreSQL/MariaDB database) and drop it
 * afterwards. Tests share the database, so each one works on its own random hosts, uuids, binaries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RepositoryContract {
    /** An instant with microseconds and not at UTC midnight, so time-zone or precision slips show. */
    protected static final Instant T0 = Instant.parse("2015-04-30T23:30:15.123456Z");

    protected final MutableClock clock = new MutableClock(T0);
    protected Database db;
    protected SchemaManager schema;
    protected InstanceRepository instances;
    protected FlavorRepository flavors;
    protected ServiceRepository services;
    protected ComputeNodeRepository nodes;
    protected MigrationRepository migrations;
    protected InstanceFaultRepository faults;
    protected InstanceActionRepository actions;
    protected int appliedOnFirstSync;

    /** Opens a new, empty database using {@link #clock}. */
    protected abstract Database openEmptyDatabase() throws Exception;

    /** Removes what {@link #openEmptyDatabase} created (the database is already closed). */
    protected void dropDatabase() throws Exception {
    }

    @BeforeAll
    void setUpDatabase() throws Exception {
        db = openEmptyDatabase();
        schema = new SchemaManager(db);
        assertThat(schema.currentVersion()).isEqualTo(SchemaVersions.INIT_VERSION);
        appliedOnFirstSync = schema.sync(Release.JUNO) + schema.sync(Release.KILO);
        instances = new InstanceRepository(db);
        flavors = new FlavorRepository(db);
        services = new ServiceRepository(db);
        nodes = new ComputeNodeRepository(db);
        migrations = new MigrationRepository(db);
        faults = new InstanceFaultRepository(db);
        actions = new InstanceActionRepository(db);
    }

    @AfterAll
    void tearDownDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
        dropDatabase();
    }

    protected static String rnd(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected Map<String, Object> instanceValues(String project) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("project_id", project);
        v.put("user_id", "u1");
        v.put("vm_state", "building");
        v.put("power_state", 0);
        v.put("memory_mb", 512);
        v.put("vcpus", 1);
        v.put("root_gb", 1);
        v.put("ephemeral_gb", 0);
        v.put("instance_type_id", 1);
        v.put("display_name", "vm");
        v.put("launched_at", T0);
        return v;
    }

    // ---------------------------------------------------------------- schema

    @Test
    void syncAppliedTheJunoAndKiloSchemaAndReapplyingIsANoOp() {
        // juno 254_0..254_4, kilo 266, 270, 276, 280
        assertThat(appliedOnFirstSync).isEqualTo(9);
        assertThat(schema.currentVersion()).isEqualTo(280);
        assertThat(schema.latestVersion()).isEqualTo(280);
        assertThat(schema.sync()).isZero();
        assertThat(schema.sync(280)).isZero();
        assertThat(schema.sync(Release.KILO)).isZero();
        assertThat(schema.pendingVersions()).isEmpty();
        assertThat(schema.currentVersion()).isEqualTo(280);
    }

    @Test
    void downgradeAndUnknownVersionsAreRefused() {
        assertThatThrownBy(() -> schema.sync(230)).isInstanceOf(SchemaException.class)
                .hasMessageContaining("refusing to downgrade").hasMessageContaining("280");
        assertThatThrownBy(() -> schema.sync(Release.JUNO)).isInstanceOf(SchemaException.class)
                .hasMessageContaining("refusing to downgrade to 254");
        assertThatThrownBy(() -> schema.sync(9999)).isInstanceOf(SchemaException.class)
                .hasMessageContaining("newer than this build knows");
        assertThat(schema.currentVersion()).isEqualTo(280);
    }

    // ---------------------------------------------------------------- flavors

    @Test
    void defaultFlavorsAreSeeded() {
        Object[][] expected = {
            {1L, "1", "m1.tiny", 512, 1, 1}, {2L, "2", "m1.small", 2048, 1, 20}, {3L, "3", "m1.medium", 4096, 2, 40},
            {4L, "4", "m1.large", 8192, 4, 80}, {5L, "5", "m1.xlarge", 16384, 8, 160}};
        for (Object[] e : expected) {
            FlavorRow f = flavors.getByFlavorId((String) e[1]);
            assertThat(f.id()).isEqualTo(e[0]);
            assertThat(f.name()).isEqualTo(e[2]);
            assertThat(f.memoryMb()).isEqualTo(e[3]);
            assertThat(f.vcpus()).isEqualTo(e[4]);
            assertThat(f.rootGb()).isEqualTo(e[5]);
            assertThat(f.ephemeralGb()).isZero();
            assertThat(f.swap()).isZero();
            assertThat(f.rxtxFactor()).isEqualTo(1.0);
            assertThat(f.vcpuWeight()).isNull();
            assertThat(f.isPublic()).isTrue();
            assertThat(f.disabled()).isFalse();
            assertThat(f.createdAt()).isNotNull();
            assertThat(f.extraSpecs()).isEmpty();
        }
        assertThat(flavors.getByName("m1.small").flavorid()).isEqualTo("2");
    }

    @Test
    void flavorLifecycleWithExtraSpecsUniqueNamesAndSoftDelete() {
        String name = rnd("flv");
        String flavorid = rnd("fid");
        Map<String, Object> v = Map.of("name", name, "flavorid", flavorid, "memory_mb", 100_000, "vcpus", 3,
                "root_gb", 7, "rxtx_factor", 2.5);
        FlavorRow f = flavors.create(v, Map.of("hw:numa_nodes", "2", "quota:cpu_shares", "10"));
        assertThat(f.extraSpecs()).containsOnly(Map.entry("hw:numa_nodes", "2"), Map.entry("quota:cpu_shares", "10"));
        assertThat(f.rxtxFactor()).isEqualTo(2.5);
        assertThat(f.createdAt()).isEqualTo(clock.instant());

        DuplicateEntryException dup = org.assertj.core.api.Assertions.catchThrowableOfType(
                DuplicateEntryException.class, () -> flavors.create(Map.of("name", name, "flavorid", rnd("other"),
                        "memory_mb", 1, "vcpus", 1), Map.of()));
        assertThat(dup.table()).isEqualTo("instance_types");
        assertThat(dup.columns()).containsExactly("name", "deleted");

        assertThat(flavors.updateExtraSpecs(f.id(), Map.of("hw:numa_nodes", "4", "new", "x")))
                .containsOnly(Map.entry("hw:numa_nodes", "4"), Map.entry("quota:cpu_shares", "10"), Map.entry("new", "x"));
        flavors.deleteExtraSpec(f.id(), "new");
        assertThat(flavors.extraSpecs(f.id())).doesNotContainKey("new");
        assertThatThrownBy(() -> flavors.deleteExtraSpec(f.id(), "new")).isInstanceOf(NotFoundException.class)
                .extracting(e -> ((NotFoundException) e).kind()).isEqualTo(FlavorRepository.EXTRA_SPEC_NOT_FOUND);

        assertThat(flavors.list(ListQuery.all().atLeast("memory_mb", 100_000)))
                .extracting(FlavorRow::name).contains(name).doesNotContain("m1.xlarge");

        flavors.softDelete(f.id());
        assertThatThrownBy(() -> flavors.getByFlavorId(flavorid)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(flavorid);
        FlavorRow deleted = flavors.get(f.id(), ReadDeleted.YES);
        assertThat(deleted.deleted()).isEqualTo(f.id());
        assertThat(deleted.deletedAt()).isEqualTo(clock.instant());
        assertThat(flavors.getByFlavorId(flavorid, ReadDeleted.YES).id()).isEqualTo(f.id());
        // The name and flavorid are free again once deleted (unique constraints include "deleted").
        FlavorRow again = flavors.create(v, Map.of());
        assertThat(again.id()).isNotEqualTo(f.id());
        assertThat(flavors.getByFlavorId(flavorid, ReadDeleted.YES).id()).isEqualTo(again.id());
        assertThatThrownBy(() -> flavors.softDelete(f.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void flavorCreateNeedsItsRequiredColumns() {
        assertThatThrownBy(() -> flavors.create(Map.of("name", "x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flavorid");
    }

    // ---------------------------------------------------------------- instances

    @Test
    void instanceCreateGetWithMetadataAndUtcTimestamps() {
        String project = rnd("p");
        InstanceRow row = instances.create(instanceValues(project), Map.of("instance_type_id", "1",
                "instance_type_name", "m1.tiny"), Map.of("role", "web"));
        assertThat(row.uuid()).hasSize(36);
        assertThat(row.id()).isPositive();
        assertThat(row.projectId()).isEqualTo(project);
        assertThat(row.vmState()).isEqualTo("building");
        assertThat(row.taskState()).isNull();
        assertThat(row.launchedAt()).isEqualTo(T0);
        assertThat(row.createdAt()).isEqualTo(clock.instant());
        assertThat(row.deleted()).isZero();
        assertThat(row.cleaned()).isZero();
        assertThat(instances.get(row.uuid())).isEqualTo(row);
        assertThat(instances.getById(row.id())).isEqualTo(row);
        assertThat(instances.systemMetadata(row.uuid())).containsOnly(Map.entry("instance_type_id", "1"),
                Map.entry("instance_type_name", "m1.tiny"));
        assertThat(instances.metadata(row.uuid())).containsOnly(Map.entry("role", "web"));
        InstanceExtraRow extra = instances.extra(row.uuid());
        assertThat(extra.numaTopology()).isNull();
        assertThat(instances.updateExtra(row.uuid(), Map.of("pci_requests", "[]")).pciRequests()).isEqualTo("[]");
    }

    @Test
    void duplicateUuidAndMissingInstancesHaveSpecificErrors() {
        Map<String, Object> v = instanceValues(rnd("p"));
        String uuid = UUID.randomUUID().toString();
        v.put("uuid", uuid);
        instances.create(v);
        DuplicateEntryException dup = org.assertj.core.api.Assertions.catchThrowableOfType(
                DuplicateEntryException.class, () -> instances.create(v));
        assertThat(dup.columns()).containsExactly("uuid");
        assertThat(dup.table()).isEqualTo("instances");
        String missing = UUID.randomUUID().toString();
        NotFoundException nf = org.assertj.core.api.Assertions.catchThrowableOfType(NotFoundException.class,
                () -> instances.get(missing));
        assertThat(nf.kind()).isEqualTo("Instance");
        assertThat(nf.key()).isEqualTo(missing);
        assertThat(nf).hasMessage("Instance with uuid " + missing + " could not be found.");
        assertThatThrownBy(() -> instances.update(missing, Map.of("progress", 1)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void badColumnsAndTypesAreRejectedClearly() {
        assertThatThrownBy(() -> instances.create(Map.of("flavor", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'flavor'")
                .hasMessageContaining("no such column").hasMessageContaining("vm_state");
        assertThatThrownBy(() -> instances.create(Map.of("memory_mb", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instances.memory_mb takes Integer");
        String uuid = instances.create(instanceValues(rnd("p"))).uuid();
        assertThatThrownBy(() -> instances.update(uuid, Map.of("uuid", "other")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be written");
        assertThatThrownBy(() -> instances.update(uuid, Map.of("deleted", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> instances.list(ListQuery.where("nonsense", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot filter instances");
    }

    @Test
    void compareAndSwapOnTaskState() {
        String uuid = instances.create(instanceValues(rnd("p"))).uuid();
        clock.advance(Duration.ofSeconds(5));
        InstanceRow spawning = instances.update(uuid, Map.of("task_state", "spawning"), ExpectedState.taskState((String) null));
        assertThat(spawning.taskState()).isEqualTo("spawning");
        assertThat(spawning.updatedAt()).isEqualTo(clock.instant());

        UnexpectedStateException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                UnexpectedStateException.class, () -> instances.update(uuid, Map.of("task_state", "deleting",
                        "progress", 50), ExpectedState.taskState(null, "scheduling")));
        assertThat(e.isTaskState()).isTrue();
        assertThat(e.actual()).isEqualTo("spawning");
        assertThat(e.expected()).containsExactly(null, "scheduling");
        assertThat(e.instanceUuid()).isEqualTo(uuid);
        InstanceRow unchanged = instances.get(uuid);
        assertThat(unchanged.taskState()).isEqualTo("spawning");
        assertThat(unchanged.progress()).isNull();

        InstanceRow active = instances.update(uuid, Map.of("task_state", "", "vm_state", "active"),
                ExpectedState.taskState("spawning").andVmState("building"));
        assertThat(active.vmState()).isEqualTo("active");
        HashMap<String, Object> clear = new HashMap<>();
        clear.put("task_state", null);
        assertThat(instances.update(uuid, clear).taskState()).isNull();
    }

    @Test
    void instancesNotUpdatedSinceAreListedOldestFirstAndClaimedByOneCaller() {
        String task = rnd("t");
        clock.set(T0);
        String old = instances.create(instanceValues(rnd("p"))).uuid();
        instances.update(old, Map.of("task_state", task));
        clock.advance(Duration.ofSeconds(10));
        String older = instances.create(instanceValues(rnd("p"))).uuid(); // created later, written earlier below
        clock.advance(Duration.ofSeconds(10));
        String fresh = instances.create(instanceValues(rnd("p"))).uuid();
        instances.update(fresh, Map.of("task_state", task));
        clock.set(T0.minusSeconds(5));
        instances.update(older, Map.of("task_state", task));
        clock.set(T0.plusSeconds(60));
        Instant before = T0.plusSeconds(15);

        assertThat(instances.listNotUpdatedSince(List.of(task), before, 10)).extracting(InstanceRow::uuid)
                .containsExactly(older, old);
        assertThat(instances.listNotUpdatedSince(List.of(task), before, 1)).extracting(InstanceRow::uuid)
                .containsExactly(older);
        assertThat(instances.listNotUpdatedSince(List.of("other" + task), before, 10)).isEmpty();

        assertThat(instances.claimNotUpdatedSince(old, task, before)).isTrue();
        assertThat(instances.get(old).updatedAt()).isEqualTo(clock.instant());
        assertThat(instances.claimNotUpdatedSince(old, task, before)).as("claimed once").isFalse();
        assertThat(instances.claimNotUpdatedSince(fresh, task, before)).as("written since").isFalse();
        assertThat(instances.claimNotUpdatedSince(older, "other" + task, before)).as("another task").isFalse();
        assertThat(instances.listNotUpdatedSince(List.of(task), before, 10)).extracting(InstanceRow::uuid)
                .containsExactly(older);
    }

    @Test
    void compareAndSwapLetsExactlyOneOfManyRacersWin() throws Exception {
        String uuid = instances.create(instanceValues(rnd("p"))).uuid();
        int racers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String state = "racer-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        instances.update(uuid, Map.of("task_state", state), ExpectedState.taskState((String) null));
                        return state;
                    } catch (UnexpectedStateException e) {
                        return null;
                    }
                }));
            }
            start.countDown();
            List<String> winners = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> f : results) {
                String w = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                if (w != null) {
                    winners.add(w);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(instances.get(uuid).taskState()).isEqualTo(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void compareAndSwapOnVmState() {
        String uuid = instances.create(instanceValues(rnd("p"))).uuid();
        UnexpectedStateException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                UnexpectedStateException.class, () -> instances.update(uuid, Map.of("vm_state", "resized"),
                        ExpectedState.vmState("active")));
        assertThat(e.field()).isEqualTo("vm_state");
        assertThat(e.actual()).isEqualTo("building");
        assertThat(instances.update(uuid, Map.of("vm_state", "active"), ExpectedState.vmState("building", "error"))
                .vmState()).isEqualTo("active");
    }

    @Test
    void systemMetadataAndMetadataHaveReplaceSemanticsWithSoftDelete() {
        String uuid = instances.create(instanceValues(rnd("p")), Map.of("a", "1", "b", "2"), Map.of("m", "1")).uuid();
        Map<String, String> next = new HashMap<>();
        next.put("b", "20");
        next.put("c", "3");
        next.put("n", null);
        instances.setSystemMetadata(uuid, next);
        assertThat(instances.systemMetadata(uuid)).isEqualTo(next);
        assertThat(deletedRows("instance_system_metadata", uuid)).isEqualTo(1);
        instances.mergeSystemMetadata(uuid, Map.of("d", "4"));
        assertThat(instances.systemMetadata(uuid)).containsKeys("b", "c", "n", "d").hasSize(4);
        instances.setMetadata(uuid, Map.of());
        assertThat(instances.metadata(uuid)).isEmpty();
        assertThat(deletedRows("instance_metadata", uuid)).isEqualTo(1);
        String missing = UUID.randomUUID().toString();
        assertThatThrownBy(() -> instances.setSystemMetadata(missing, Map.of("a", "b")))
                .isInstanceOf(NotFoundException.class);
    }

    protected long deletedRows(String table, String uuid) {
        return db.jdbc().query("SELECT COUNT(*) AS n FROM " + table + " WHERE instance_uuid = ? AND deleted <> 0",
                r -> r.longValue("n"), uuid).get(0);
    }

    @Test
    void softDeleteSetsDeletedToIdAndHidesTheInstanceAndItsRows() {
        String project = rnd("p");
        InstanceRow row = instances.create(instanceValues(project), Map.of("k", "v"), Map.of("m", "v"));
        clock.advance(Duration.ofMinutes(1));
        InstanceRow deleted = instances.softDelete(row.uuid());
        assertThat(deleted.deleted()).isEqualTo(row.id());
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.deletedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> instances.get(row.uuid())).isInstanceOf(NotFoundException.class);
        assertThat(instances.get(row.uuid(), ReadDeleted.YES).id()).isEqualTo(row.id());
        assertThat(instances.systemMetadata(row.uuid())).isEmpty();
        assertThat(instances.metadata(row.uuid())).isEmpty();
        assertThat(deletedRows("instance_extra", row.uuid())).isEqualTo(1);
        assertThat(instances.list(ListQuery.where("project_id", project))).isEmpty();
        assertThat(instances.list(ListQuery.where("project_id", project).withReadDeleted(ReadDeleted.ONLY)))
                .extracting(InstanceRow::uuid).containsExactly(row.uuid());
        assertThatThrownBy(() -> instances.softDelete(row.uuid())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> instances.update(row.uuid(), Map.of("progress", 1)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listFiltersAndPagesWithLimitAndMarker() {
        String project = rnd("p");
        String host = rnd("h");
        List<String> uuids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> v = instanceValues(project);
            v.put("host", i % 2 == 0 ? host : null);
            v.put("vm_state", i == 4 ? "error" : "active");
            uuids.add(instances.create(v).uuid());
        }
        ListQuery q = ListQuery.where("project_id", project);
        assertThat(instances.list(q)).extracting(InstanceRow::uuid).containsExactlyElementsOf(uuids);
        assertThat(instances.list(q.withLimit(2))).extracting(InstanceRow::uuid).containsExactly(uuids.get(0), uuids.get(1));
        assertThat(instances.list(q.withLimit(2).withMarker(uuids.get(1)))).extracting(InstanceRow::uuid)
                .containsExactly(uuids.get(2), uuids.get(3));
        assertThat(instances.list(q.withMarker(uuids.get(4)))).isEmpty();
        assertThat(instances.list(q.newestFirst().withLimit(2).withMarker(uuids.get(3)))).extracting(InstanceRow::uuid)
                .containsExactly(uuids.get(2), uuids.get(1));
        assertThat(instances.list(q.withLimit(0))).isEmpty();
        assertThat(instances.list(q.and("host", host))).extracting(InstanceRow::uuid)
                .containsExactly(uuids.get(0), uuids.get(2), uuids.get(4));
        assertThat(instances.list(q.and("host", null))).hasSize(2);
        assertThat(instances.list(q.and("vm_state", List.of("error", "deleted")))).extracting(InstanceRow::uuid)
                .containsExactly(uuids.get(4));
        assertThat(instances.list(q.and("vm_state", List.of()))).isEmpty();
        assertThat(instances.list(q.and("host", java.util.Arrays.asList(host, null)))).hasSize(5);
        assertThat(instances.listByHost(host)).hasSize(3);
        assertThatThrownBy(() -> instances.list(q.withMarker(UUID.randomUUID().toString())))
                .isInstanceOf(MarkerNotFoundException.class);
        assertThatThrownBy(() -> q.withLimit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- services

    @Test
    void serviceRegistrationHeartbeatAndDisable() {
        String host = rnd("h");
        ServiceRow s = services.create(host, "nova-compute", "compute", 3);
        assertThat(s.reportCount()).isZero();
        assertThat(s.forcedDown()).isFalse();
        assertThat(s.isDisabled()).isFalse();
        assertThat(s.lastSeenUp()).isNull();
        assertThat(s.version()).isEqualTo(3);
        assertThat(services.getByHostAndBinary(host, "nova-compute")).isEqualTo(s);
        assertThat(services.getByHostAndTopic(host, "compute").id()).isEqualTo(s.id());

        DuplicateEntryException dup = org.assertj.core.api.Assertions.catchThrowableOfType(
                DuplicateEntryException.class, () -> services.create(host, "nova-compute", "compute2", 3));
        assertThat(dup.columns()).containsExactly("host", "binary", "deleted");

        clock.advance(Duration.ofSeconds(10));
        ServiceRow beat = services.heartbeat(s.id());
        assertThat(beat.reportCount()).isEqualTo(1);
        assertThat(beat.lastSeenUp()).isEqualTo(clock.instant());
        assertThat(beat.updatedAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(10));
        assertThat(services.heartbeat(s.id()).reportCount()).isEqualTo(2);
        ServiceRow fresh = services.get(s.id());
        assertThat(fresh.isUp(clock.instant().plusSeconds(60), Duration.ofSeconds(60))).isTrue();
        assertThat(fresh.isUp(clock.instant().plusSeconds(61), Duration.ofSeconds(60))).isFalse();

        ServiceRow off = services.setDisabled(s.id(), true, "maintenance");
        assertThat(off.isDisabled()).isTrue();
        assertThat(off.disabledReason()).isEqualTo("maintenance");
        ServiceRow on = services.setDisabled(s.id(), false, null);
        assertThat(on.isDisabled()).isFalse();
        assertThat(on.disabledReason()).isNull();
        ServiceRow forced = services.setForcedDown(s.id(), true);
        assertThat(forced.forcedDown()).isTrue();
        assertThat(forced.isUp(clock.instant(), Duration.ofSeconds(60))).isFalse();
        assertThat(services.setVersion(s.id(), 4).version()).isEqualTo(4);
        assertThat(services.list(ListQuery.where("host", host))).extracting(ServiceRow::id).containsExactly(s.id());

        services.softDelete(s.id());
        assertThatThrownBy(() -> services.getByHostAndBinary(host, "nova-compute"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(host);
        assertThatThrownBy(() -> services.heartbeat(s.id())).isInstanceOf(NotFoundException.class);
        assertThat(services.list(ListQuery.where("host", host).withReadDeleted(ReadDeleted.YES)).get(0).deleted())
                .isEqualTo(s.id());
        // A deleted service's host+binary can register again.
        assertThat(services.create(host, "nova-compute", "compute", 4).id()).isNotEqualTo(s.id());
    }

    @Test
    void minimumVersionExcludesDeletedAndForcedDownAndCountsNullAsZero() {
        String binary = rnd("nova-test");
        String other = rnd("nova-other");
        assertThat(services.minimumVersion(binary)).isZero();
        ServiceRow a = services.create(rnd("h"), binary, rnd("t"), 5);
        ServiceRow b = services.create(rnd("h"), binary, rnd("t"), 3);
        services.create(rnd("h"), other, rnd("t"), 7);
        assertThat(services.minimumVersion(binary)).isEqualTo(3);
        services.setForcedDown(b.id(), true);
        assertThat(services.minimumVersion(binary)).isEqualTo(5);
        ServiceRow c = services.create(rnd("h"), binary, rnd("t"), 2);
        services.softDelete(c.id());
        assertThat(services.minimumVersion(binary)).isEqualTo(5);
        ServiceRow d = services.create(rnd("h"), binary, rnd("t"), 9);
        HashMap<String, Object> nullVersion = new HashMap<>();
        nullVersion.put("version", null);
        services.updateValues(d.id(), nullVersion);
        assertThat(services.minimumVersion(binary)).isZero();
        String none = rnd("nova-none");
        assertThat(services.minimumVersions(List.of(binary, other, none)))
                .containsExactly(Map.entry(binary, 0), Map.entry(other, 7), Map.entry(none, 0));
        assertThat(a.id()).isNotEqualTo(b.id());
    }

    // ---------------------------------------------------------------- compute nodes

    @Test
    void computeNodesCreateUpdateUsageAndUniqueHostNode() {
        String host = rnd("h");
        ServiceRow svc = services.create(host, "nova-compute", "compute", 1);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("service_id", (int) svc.id());
        v.put("host", host);
        v.put("hypervisor_hostname", host + ".node");
        v.put("vcpus", 8);
        v.put("memory_mb", 16384);
        v.put("local_gb", 100);
        v.put("hypervisor_type", "fake");
        v.put("hypervisor_version", 1000);
        v.put("cpu_info", "{}");
        ComputeNodeRow n = nodes.create(v);
        assertThat(n.vcpusUsed()).isZero();
        assertThat(n.memoryMb()).isEqualTo(16384);
        assertThat(nodes.getByHostAndNode(host, host + ".node")).isEqualTo(n);
        ComputeNodeRow used = nodes.updateByHostAndNode(host, host + ".node", Map.of("vcpus_used", 2,
                "memory_mb_used", 1024, "free_ram_mb", 15360, "running_vms", 2));
        assertThat(used.vcpusUsed()).isEqualTo(2);
        assertThat(used.freeRamMb()).isEqualTo(15360);
        assertThat(used.runningVms()).isEqualTo(2);
        assertThat(nodes.listByHost(host)).extracting(ComputeNodeRow::id).containsExactly(n.id());
        assertThatThrownBy(() -> nodes.create(v)).isInstanceOf(DuplicateEntryException.class)
                .extracting(e -> ((DuplicateEntryException) e).columns())
                .isEqualTo(List.of("host", "hypervisor_hostname", "deleted"));
        assertThatThrownBy(() -> nodes.updateByHostAndNode(host, "nope", Map.of("vcpus_used", 1)))
                .isInstanceOf(NotFoundException.class);
        nodes.softDelete(n.id());
        assertThat(nodes.listByHost(host)).isEmpty();
        assertThat(nodes.create(v).id()).isNotEqualTo(n.id());
    }

    // ---------------------------------------------------------------- migrations, faults, actions

    @Test
    void migrationsTrackResizeProgress() {
        String uuid = instances.create(instanceValues(rnd("p"))).uuid();
        String src = rnd("src");
        String dst = rnd("dst");
        MigrationRow m = migrations.create(Map.of("instance_uuid", uuid, "source_compute", src, "source_node", src,
                "dest_compute", dst, "dest_node", dst, "dest_host", "10.0.0.2", "status", "pre-migrating",
                "old_instance_type_id", 1, "new_instance_type_id", 2, "migration_type", "resize"));
        assertThat(m.status()).isEqualTo("pre-migrating");
        assertThat(migrations.listInProgressByHostAndNode(dst, dst)).extracting(MigrationRow::id).containsExactly(m.id());
        assertThat(migrations.update(m.id(), Map.of("status", "finished")).status()).isEqualTo("finished");
        assertThat(migrations.getByInstanceAndStatus(uuid, "finished").id()).isEqualTo(m.id());
        migrations.update(m.id(), Map.of("status", "confirmed"));
        assertThat(migrations.listInProgressByHostAndNode(src, src)).isEmpty();
        assertThat(migrations.list(ListQuery.where("instance_uuid", uuid))).hasSize(1);
        assertThatThrownBy(() -> migrations.getByInstanceAndStatus(uuid, "finished")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void faultsAreListedNewestFirstPerInstance() {
        String a = instances.create(instanceValues(rnd("p"))).uuid();
        String b = instances.create(instanceValues(rnd("p"))).uuid();
        faults.create(a, 500, "first", "trace1", "h1");
        clock.advance(Duration.ofSeconds(1));
        InstanceFaultRow second = faults.create(a, 404, "x".repeat(300), null, "h1");
        assertThat(second.message()).hasSize(255);
        Map<String, List<InstanceFaultRow>> byUuid = faults.listByInstanceUuids(List.of(a, b));
        assertThat(byUuid.get(a)).extracting(InstanceFaultRow::code).containsExactly(404, 500);
        assertThat(byUuid.get(b)).isEmpty();
        assertThat(faults.listByInstanceUuids(List.of())).isEmpty();
    }

    @Test
    void actionsAndEventsRecordTheAuditTrail() {
        String uuid = instances.create(instanceValues(rnd("p"))).uuid();
        InstanceActionRow a = actions.start(uuid, "create", "req-1", "u1", "p1");
        assertThat(a.startTime()).isEqualTo(clock.instant());
        InstanceActionEventRow e = actions.eventStart(uuid, "req-1", "compute__do_build_and_run_instance", "h1");
        assertThat(e.actionId()).isEqualTo((int) a.id());
        clock.advance(Duration.ofSeconds(3));
        InstanceActionEventRow done = actions.eventFinish(uuid, "req-1", "compute__do_build_and_run_instance",
                InstanceActionRepository.ERROR, "Traceback ...");
        assertThat(done.result()).isEqualTo("Error");
        assertThat(done.finishTime()).isEqualTo(clock.instant());
        assertThat(actions.getByRequestId(uuid, "req-1").message()).isEqualTo("Error");
        assertThat(actions.finish(uuid, "req-1", null).finishTime()).isEqualTo(clock.instant());
        actions.start(uuid, "reboot", "req-2", "u1", "p1");
        assertThat(actions.listForInstance(uuid)).extracting(InstanceActionRow::action).containsExactly("reboot", "create");
        assertThat(actions.listEvents(a.id())).hasSize(1);
        assertThatThrownBy(() -> actions.eventStart(uuid, "req-none", "x", "h")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> actions.eventFinish(uuid, "req-2", "never-started", "Success", null))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void transactionsRollBackTogether() {
        String project = rnd("p");
        assertThatThrownBy(() -> db.jdbc().inTransaction(() -> {
            instances.create(instanceValues(project));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(instances.list(ListQuery.where("project_id", project))).isEmpty();
    }
}
