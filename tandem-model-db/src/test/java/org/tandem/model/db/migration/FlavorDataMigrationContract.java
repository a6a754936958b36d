package org.tandem.model.db.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tandem.db.Database;
import org.tandem.db.SchemaException;
import org.tandem.db.SchemaManager;
import org.tandem.db.repository.FlavorMigrationRepository;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.db.repository.FlavorRow;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorExtra;
import org.tandem.model.FlavorStorage;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.db.FlavorRows;
import org.tandem.rpc.RequestContext;
import org.tandem.testing.MutableClock;
import org.tandem.version.Release;

/**
 * Kilo's flavor data migration on every supported database: a fresh database per test, juno
 * instances written in juno's layout, then migrated and read back through kilo and juno objects.
 */
public abstract class FlavorDataMigrationContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2015-04-30T23:30:15.123456Z"));
    protected final RequestContext ctx = RequestContext.admin();
    protected Database db;
    protected InstanceRepository instances;
    protected FlavorRepository flavors;

    /** A new, empty database using {@link #clock}. */
    protected abstract Database openEmptyDatabase() throws Exception;

    /** Removes what {@link #openEmptyDatabase} created (the database is closed already). */
    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openEmptyDatabase();
        new SchemaManager(db).sync(Release.JUNO);
        instances = new InstanceRepository(db);
        flavors = new FlavorRepository(db);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        dropDatabase();
    }

    private void syncKilo() {
        new SchemaManager(db).sync(Release.KILO);
    }

    /** A juno instance (flavors in system_metadata) with the given states; returns its uuid. */
    protected String junoInstance(String flavorid, String vmState, String taskState, Map<String, String> moreSysmeta) {
        FlavorRow row = flavors.getByFlavorId(flavorid);
        Map<String, String> sysmeta = new LinkedHashMap<>(moreSysmeta);
        FlavorSysmeta.save(sysmeta, FlavorRows.toFlavor(row), FlavorSysmeta.CURRENT);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("vm_state", vmState);
        values.put("task_state", taskState);
        values.put("instance_type_id", (int) row.id());
        values.put("memory_mb", row.memoryMb());
        return instances.create(values, sysmeta, Map.of()).uuid();
    }

    protected String junoInstance() {
        return junoInstance("1", "active", null, Map.of("image_base_image_ref", "70a599e0"));
    }

    private Instance kiloLoad(String uuid) {
        return (Instance) new DbObjectBackend(db, "api", Release.KILO).classAction(ctx, "Instance", "get_by_uuid",
                Instance.VERSION, Map.of("uuid", uuid));
    }

    private Map<String, String> legacyKeys(String uuid) {
        Map<String, String> out = new LinkedHashMap<>(instances.systemMetadata(uuid));
        out.keySet().removeIf(k -> !k.contains("instance_type_"));
        return out;
    }

    private FlavorExtra.Flavors stored(String uuid) {
        String json = instances.extraFlavor(uuid);
        assertThat(json).as("instance_extra.flavor of " + uuid).isNotNull();
        return FlavorExtra.fromJson(uuid, json);
    }

    @Test
    void refusesAJunoSchema() {
        assertThatThrownBy(() -> new FlavorDataMigration(db)).isInstanceOf(SchemaException.class)
                .hasMessageContaining("nova-manage db sync");
    }

    @Test
    void migratesEveryInstanceInBatchesAndARerunMatchesNothing() {
        List<String> uuids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            uuids.add(junoInstance());
        }
        String deleted = junoInstance();
        instances.softDelete(deleted);
        syncKilo();
        List<int[]> progress = new java.util.ArrayList<>();
        var report = new FlavorDataMigration(db).run(null, false, 3, (m, c) -> progress.add(new int[] {m, c}));
        assertThat(report.matched()).as("the deleted instance is not matched").isEqualTo(7);
        assertThat(report.completed()).isEqualTo(7);
        assertThat(progress).extracting(p -> p[0] + "/" + p[1]).containsExactly("3/3", "6/6", "7/7");
        Flavor tiny = FlavorRows.toFlavor(flavors.getByFlavorId("1"));
        for (String uuid : uuids) {
            assertThat(legacyKeys(uuid)).isEmpty();
            assertThat(instances.systemMetadata(uuid)).containsEntry("image_base_image_ref", "70a599e0");
            FlavorExtra.Flavors f = stored(uuid);
            assertThat(f.cur().memoryMb()).isEqualTo(tiny.memoryMb());
            assertThat(f.cur().get(Flavor.FLAVORID)).isEqualTo("1");
            assertThat(f.old()).isNull();
            assertThat(f.next()).isNull();
            assertThat(kiloLoad(uuid).flavor().name()).isEqualTo(tiny.name());
        }
        assertThat(new FlavorMigrationRepository(db).countUnmigrated()).isZero();
        var again = new FlavorDataMigration(db).run(null, false, 3, null);
        assertThat(again.matched()).isZero();
        assertThat(again.completed()).isZero();
    }

    @Test
    void maxNumberBoundsTheWorkAndSuccessiveRunsFinishIt() {
        for (int i = 0; i < 5; i++) {
            junoInstance();
        }
        syncKilo();
        var first = new FlavorDataMigration(db).run(2, false, 50, null);
        assertThat(first.matched()).isEqualTo(2);
        assertThat(first.completed()).isEqualTo(2);
        assertThat(new FlavorMigrationRepository(db).countUnmigrated()).isEqualTo(3);
        var zero = new FlavorDataMigration(db).run(0, false, 50, null);
        assertThat(zero.matched()).isZero();
        var rest = new FlavorDataMigration(db).run(10, false, 2, null);
        assertThat(rest.matched()).isEqualTo(3);
        assertThat(rest.completed()).isEqualTo(3);
        assertThatThrownBy(() -> new FlavorDataMigration(db).run(-1, false, 50, null))
                .hasMessage("Must supply a positive value for max_number");
    }

    @Test
    void aNiceRatioSleepsThatManyTimesEachBatchsTimeBetweenBatches() {
        for (int i = 0; i < 6; i++) {
            junoInstance();
        }
        syncKilo();
        FlavorDataMigration migration = new FlavorDataMigration(db).niceRatio(2);
        List<Long> batchStarts = new java.util.ArrayList<>();
        migration.setHook((point, ids) -> {
            if (point.equals("after-read")) {
                batchStarts.add(System.nanoTime());
                sleepMillis(60); // each batch takes at least 60 ms, so the pause after it is at least 120 ms
            }
        });
        var report = migration.run(null, false, 2, null);
        assertThat(report.completed()).isEqualTo(6);
        assertThat(batchStarts).hasSize(3);
        for (int i = 1; i < batchStarts.size(); i++) {
            assertThat((batchStarts.get(i) - batchStarts.get(i - 1)) / 1_000_000).as("batch %d to %d", i, i + 1)
                    .isGreaterThanOrEqualTo(60 + 120);
        }
        assertThatThrownBy(() -> new FlavorDataMigration(db).niceRatio(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> new FlavorDataMigration(db).niceRatio(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void skipsInstancesInATransitionalStateUnlessForced() {
        String resizing = junoInstance("1", "active", "resize_prep", Map.of());
        String error = junoInstance("1", "error", null, Map.of());
        String rescued = junoInstance("1", "rescued", null, Map.of());
        String resized = junoInstance("1", "resized", null, Map.of());
        String stopped = junoInstance("1", "stopped", null, Map.of());
        syncKilo();
        var report = new FlavorDataMigration(db).run(null, false, 50, null);
        assertThat(report.matched()).isEqualTo(5);
        assertThat(report.completed()).isEqualTo(1);
        assertThat(report.skips().total()).isEqualTo(4);
        assertThat(report.skips().examples().values().stream().flatMap(List::stream))
                .containsExactlyInAnyOrder(resizing, error, rescued, resized);
        assertThat(report.skips().counts().keySet()).anyMatch(r -> r.contains("task_state") && r.contains("--force"))
                .anyMatch(r -> r.contains("vm_state is error"));
        assertThat(legacyKeys(resizing)).isNotEmpty();
        assertThat(legacyKeys(stopped)).isEmpty();

        var again = new FlavorDataMigration(db).run(null, false, 50, null);
        assertThat(again.matched()).isEqualTo(4);
        assertThat(again.completed()).isZero();

        var forced = new FlavorDataMigration(db).run(null, true, 50, null);
        assertThat(forced.matched()).isEqualTo(4);
        assertThat(forced.completed()).isEqualTo(4);
        for (String uuid : List.of(resizing, error, rescued, resized)) {
            assertThat(legacyKeys(uuid)).isEmpty();
            assertThat(stored(uuid).cur().get(Flavor.FLAVORID)).isEqualTo("1");
        }
    }

    @Test
    void oldAndNewFlavorsAndTheFlavorsExtraSpecsAreKept() {
        FlavorRow small = flavors.getByFlavorId("2");
        flavors.updateExtraSpecs(small.id(), Map.of("hw:numa_nodes", "1", "quota:cpu_shares", "512"));
        Map<String, String> more = new LinkedHashMap<>();
        FlavorSysmeta.save(more, FlavorRows.toFlavor(flavors.getByFlavorId("1")), FlavorSysmeta.OLD);
        Flavor target = FlavorRows.toFlavor(flavors.getByFlavorId("2"));
        target.set(Flavor.EXTRA_SPECS, Map.of("hw:numa_cpus.0", "0", "quota:cpu_shares", "1024"));
        FlavorSysmeta.save(more, target, FlavorSysmeta.NEW);
        String uuid = junoInstance("2", "active", null, more);
        syncKilo();
        assertThat(new FlavorDataMigration(db).run(null, false, 50, null).completed()).isEqualTo(1);
        FlavorExtra.Flavors f = stored(uuid);
        assertThat(f.old().get(Flavor.FLAVORID)).isEqualTo("1");
        assertThat(f.next().get(Flavor.FLAVORID)).isEqualTo("2");
        assertThat(f.cur().get(Flavor.EXTRA_SPECS)).containsEntry("hw:numa_nodes", "1")
                .containsEntry("quota:cpu_shares", "512");
        assertThat(f.next().get(Flavor.EXTRA_SPECS)).as("stored NUMA spec kept, missing specs added, stored wins")
                .containsEntry("hw:numa_cpus.0", "0").containsEntry("hw:numa_nodes", "1")
                .containsEntry("quota:cpu_shares", "512");
        assertThat(legacyKeys(uuid)).isEmpty();
    }

    @Test
    void legacyKeysAJunoNodeWroteBackAfterTheMigrationAreMigratedAgain() {
        String uuid = junoInstance();
        syncKilo();
        new FlavorDataMigration(db).run(null, false, 50, null);
        // A juno API (rollback path) resizes the instance: it writes the legacy layout back.
        DbObjectBackend juno = new DbObjectBackend(db, "api", Release.JUNO);
        Instance inst = (Instance) juno.classAction(ctx, "Instance", "get_by_uuid", Instance.VERSION, Map.of("uuid", uuid));
        FlavorStorage.SYSTEM_METADATA.write(inst, FlavorSysmeta.NEW, FlavorRows.toFlavor(flavors.getByFlavorId("3")));
        juno.objectAction(ctx, inst, "save", Map.of());
        assertThat(legacyKeys(uuid)).containsKey("new_instance_type_id");

        var report = new FlavorDataMigration(db).run(null, false, 50, null);
        assertThat(report.matched()).isEqualTo(1);
        assertThat(report.completed()).isEqualTo(1);
        assertThat(legacyKeys(uuid)).isEmpty();
        assertThat(stored(uuid).next().get(Flavor.FLAVORID)).isEqualTo("3");
        assertThat(stored(uuid).cur().get(Flavor.FLAVORID)).isEqualTo("1");
    }

    @Test
    void anInstanceWithNoFlavorAnywhereGetsItsInstanceTypeIdsFlavorOrIsReported() {
        FlavorRow medium = flavors.getByFlavorId("3");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("vm_state", "active");
        values.put("instance_type_id", (int) medium.id());
        String bare = instances.create(values, Map.of(), Map.of()).uuid();
        values.put("instance_type_id", 999_999);
        String lost = instances.create(values, Map.of(), Map.of()).uuid();
        syncKilo();
        var report = new FlavorDataMigration(db).run(null, false, 50, null);
        assertThat(report.matched()).isEqualTo(2);
        assertThat(report.completed()).isEqualTo(1);
        assertThat(stored(bare).cur().get(Flavor.FLAVORID)).isEqualTo("3");
        assertThat(report.skips().examples().values().stream().flatMap(List::stream)).containsExactly(lost);
        assertThat(report.skips().counts().keySet()).singleElement().asString().contains("999999")
                .contains("instance_type_id");
    }

    /** One raw row of instance_system_metadata (live or soft-deleted). */
    record SysmetaRow(long id, String key, String value, long deleted, Instant deletedAt) {
    }

    /** Every instance_system_metadata row of {@code uuid}, soft-deleted ones included, as stored. */
    private List<SysmetaRow> rawSysmeta(String uuid) {
        return db.jdbc().query("SELECT id, \"key\", \"value\", deleted, deleted_at FROM instance_system_metadata "
                + "WHERE instance_uuid = ? ORDER BY id", r -> new SysmetaRow(r.longValue("id"), r.string("key"),
                        r.string("value"), r.longValue("deleted"), r.instant("deleted_at")), uuid);
    }

    /** The raw instance_extra.flavor column of {@code uuid}'s live row. */
    private String rawExtraFlavor(String uuid) {
        List<String> rows = db.jdbc().query("SELECT flavor FROM instance_extra WHERE instance_uuid = ? AND deleted = 0",
                r -> r.string("flavor"), uuid);
        assertThat(rows).as("live instance_extra rows of " + uuid).hasSize(1);
        return rows.get(0);
    }

    private static List<SysmetaRow> legacy(List<SysmetaRow> rows, boolean live) {
        return rows.stream().filter(r -> r.key().contains("instance_type_") && (r.deleted() == 0) == live).toList();
    }

    /** A kilo service loads {@code uuid}, changes its display name and saves it. */
    private void kiloRename(String uuid, String name) {
        DbObjectBackend kilo = new DbObjectBackend(db, "api", Release.KILO);
        Instance inst = (Instance) kilo.classAction(ctx, "Instance", "get_by_uuid", Instance.VERSION, Map.of("uuid", uuid));
        inst.set(Instance.DISPLAY_NAME, name);
        kilo.objectAction(ctx, inst, "save", Map.of());
    }

    @Test
    void aKiloSaveOfAJunoLayoutRowWritesInstanceExtraFlavorAndSoftDeletesTheLegacyRows() {
        String uuid = junoInstance();
        syncKilo();
        List<SysmetaRow> before = rawSysmeta(uuid);
        assertThat(legacy(before, true)).as("juno's layout: the flavor lives in system_metadata").isNotEmpty();
        assertThat(rawExtraFlavor(uuid)).as("juno wrote no instance_extra.flavor").isNull();

        kiloRename(uuid, "saved-by-kilo");

        String json = rawExtraFlavor(uuid);
        assertThat(json).as("the kilo save wrote the new layout").isNotNull();
        FlavorExtra.Flavors f = FlavorExtra.fromJson(uuid, json);
        assertThat(f.cur().get(Flavor.FLAVORID)).isEqualTo("1");
        assertThat(f.cur().memoryMb()).isEqualTo(flavors.getByFlavorId("1").memoryMb());
        assertThat(f.old()).isNull();
        assertThat(f.next()).isNull();
        List<SysmetaRow> after = rawSysmeta(uuid);
        assertThat(legacy(after, true)).as("no live legacy row is left").isEmpty();
        List<SysmetaRow> gone = legacy(after, false);
        assertThat(gone).extracting(SysmetaRow::id).as("the same rows, soft-deleted, not removed")
                .containsExactlyElementsOf(legacy(before, true).stream().map(SysmetaRow::id).toList());
        assertThat(gone).allSatisfy(r -> {
            assertThat(r.deleted()).as(r.key() + ": deleted = id").isEqualTo(r.id());
            assertThat(r.deletedAt()).as(r.key() + ": deleted_at").isNotNull();
        });
        assertThat(after).filteredOn(r -> r.deleted() == 0).extracting(SysmetaRow::key).as("other keys stay live")
                .containsExactly("image_base_image_ref");
        assertThat(instances.get(uuid).displayName()).isEqualTo("saved-by-kilo");
    }

    @Test
    void legacyKeysAJunoSaveReAddsAreFoldedBackByTheNextKiloSave() {
        String uuid = junoInstance();
        syncKilo();
        kiloRename(uuid, "migrated");
        String migrated = rawExtraFlavor(uuid);

        // A juno API (rollback path, or one not upgraded yet) resizes: it writes juno's layout again.
        DbObjectBackend juno = new DbObjectBackend(db, "api", Release.JUNO);
        Instance inst = (Instance) juno.classAction(ctx, "Instance", "get_by_uuid", Instance.VERSION, Map.of("uuid", uuid));
        FlavorStorage.SYSTEM_METADATA.write(inst, FlavorSysmeta.NEW, FlavorRows.toFlavor(flavors.getByFlavorId("3")));
        juno.objectAction(ctx, inst, "save", Map.of());
        assertThat(legacy(rawSysmeta(uuid), true)).extracting(SysmetaRow::key).as("juno re-added legacy rows")
                .contains("instance_type_flavorid", "new_instance_type_flavorid");
        assertThat(rawExtraFlavor(uuid)).as("juno does not touch instance_extra.flavor").isEqualTo(migrated);

        kiloRename(uuid, "folded");

        assertThat(legacy(rawSysmeta(uuid), true)).as("the kilo save folded them back").isEmpty();
        FlavorExtra.Flavors f = FlavorExtra.fromJson(uuid, rawExtraFlavor(uuid));
        assertThat(f.cur().get(Flavor.FLAVORID)).isEqualTo("1");
        assertThat(f.next().get(Flavor.FLAVORID)).as("juno's resize target survived the fold").isEqualTo("3");
        assertThat(f.old()).isNull();
        assertThat(rawSysmeta(uuid)).filteredOn(r -> r.deleted() == 0).extracting(SysmetaRow::key)
                .containsExactly("image_base_image_ref");
    }

    /** A juno API resizes {@code uuid} (writes a new_ flavor into system_metadata) on another thread. */
    private CompletableFuture<Void> junoResizeSave(String uuid, String flavorid) {
        return CompletableFuture.runAsync(() -> {
            DbObjectBackend juno = new DbObjectBackend(db, "api", Release.JUNO);
            Instance inst = (Instance) juno.classAction(ctx, "Instance", "get_by_uuid", Instance.VERSION,
                    Map.of("uuid", uuid));
            FlavorStorage.SYSTEM_METADATA.write(inst, FlavorSysmeta.NEW, FlavorRows.toFlavor(flavors.getByFlavorId(flavorid)));
            juno.objectAction(ctx, inst, "save", Map.of());
        });
    }

    @Test
    void anApiSaveCommittedBeforeTheBatchLocksIsWhatGetsMigrated() {
        String uuid = junoInstance();
        syncKilo();
        FlavorDataMigration migration = new FlavorDataMigration(db);
        migration.setHook((point, ids) -> {
            if (point.equals("before-lock")) {
                junoResizeSave(uuid, "4").join();
            }
        });
        var report = migration.run(null, false, 50, null);
        assertThat(report.completed()).isEqualTo(1);
        assertThat(stored(uuid).next().get(Flavor.FLAVORID)).as("the save's resize target").isEqualTo("4");
        assertThat(legacyKeys(uuid)).isEmpty();
    }

    @Test
    void anApiSaveDuringTheBatchWaitsForItAndWins() throws Exception {
        String uuid = junoInstance();
        syncKilo();
        FlavorDataMigration migration = new FlavorDataMigration(db);
        CompletableFuture<Void>[] save = new CompletableFuture[1];
        migration.setHook((point, ids) -> {
            if (point.equals("after-read")) {
                save[0] = junoResizeSave(uuid, "4");
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertThat(save[0]).as("the save waits for the batch's lock on the instance").isNotDone();
            }
        });
        var report = migration.run(null, false, 50, null);
        assertThat(report.completed()).isEqualTo(1);
        save[0].get(30, TimeUnit.SECONDS);
        // The save wrote after the batch: its resize target is there, in the legacy layout it writes, and
        // every reader sees it (legacy keys win); nothing of it was overwritten by the migration.
        assertThat(legacyKeys(uuid)).containsEntry("new_instance_type_flavorid", "4");
        assertThat(kiloLoad(uuid).get(Instance.NEW_FLAVOR).get(Flavor.FLAVORID)).isEqualTo("4");
        var rerun = new FlavorDataMigration(db).run(null, false, 50, null);
        assertThat(rerun.completed()).isEqualTo(1);
        assertThat(stored(uuid).next().get(Flavor.FLAVORID)).isEqualTo("4");
        assertThat(legacyKeys(uuid)).isEmpty();
    }

    @Test
    void aFailingBatchRollsBackWholeAndARerunFinishes() {
        for (int i = 0; i < 6; i++) {
            junoInstance();
        }
        syncKilo();
        FlavorDataMigration migration = new FlavorDataMigration(db);
        int[] batches = {0};
        migration.setHook((point, ids) -> {
            if (point.equals("after-write") && ++batches[0] == 2) {
                throw new IllegalStateException("simulated crash after the second batch's writes");
            }
        });
        assertThatThrownBy(() -> migration.run(null, false, 2, null)).hasMessageContaining("simulated crash");
        assertThat(new FlavorMigrationRepository(db).countUnmigrated()).as("first batch kept, second rolled back")
                .isEqualTo(4);
        var rest = new FlavorDataMigration(db).run(null, false, 2, null);
        assertThat(rest.matched()).isEqualTo(4);
        assertThat(rest.completed()).isEqualTo(4);
    }
}
