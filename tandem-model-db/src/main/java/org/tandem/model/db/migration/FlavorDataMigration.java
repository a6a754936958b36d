package org.tandem.model.db.migration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.db.Database;
import org.tandem.db.Jdbc;
import org.tandem.db.NotFoundException;
import org.tandem.db.SchemaException;
import org.tandem.db.repository.FlavorMigrationRepository;
import org.tandem.db.repository.FlavorMigrationRepository.ExtraFlavor;
import org.tandem.db.repository.FlavorMigrationRepository.FlavorWrite;
import org.tandem.db.repository.FlavorMigrationRepository.LockedInstance;
import org.tandem.db.repository.FlavorMigrationRepository.MetaRow;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ReadDeleted;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorExtra;
import org.tandem.model.FlavorStorage;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.VmStates;
import org.tandem.model.db.FlavorRows;

/**
 * Kilo's flavor data migration ({@code nova-manage db migrate_flavor_data}, facts §5.4): writes
 * every live instance's flavors into {@code instance_extra.flavor} and removes the juno
 * {@code instance_type_*} keys from its system_metadata, with the same conversion kilo services
 * apply on load and save ({@link FlavorStorage#migrate}, {@link FlavorExtra#toJson}).
 *
 * <p>Each batch is one transaction: it locks its instance rows, re-reads their data under the lock,
 * skips instances in a transitional state (unless forced), and writes set-wise. A concurrent API
 * save either committed before the lock (the batch migrates what it wrote) or waits for the batch
 * and then writes over it (the save wins); a batch never writes data it read before a save. A
 * killed run loses nothing: committed batches are complete, the open one rolls back, and a rerun
 * finds only what is left. Work is found by paging on the last instance id seen.
 */
public final class FlavorDataMigration implements OnlineMigration {
    private static final Logger LOG = LoggerFactory.getLogger(FlavorDataMigration.class);
    /** The migration's name in {@code online_data_migrations}. */
    public static final String NAME = "migrate_flavor_data";
    /** Batch size when none is given: Nova's {@code online_data_migrations} batch. */
    public static final int DEFAULT_BATCH_SIZE = 50;
    /** vm states whose instances are left alone unless forced: they may be mid-operation or need an operator. */
    public static final Set<String> UNSETTLED_VM_STATES = Set.of(VmStates.ERROR, VmStates.RESCUED, VmStates.RESIZED);
    /** How many instance uuids a skip reason lists. */
    public static final int SKIP_EXAMPLES = 5;

    /** Why instances were not migrated: a count and the first few uuids per reason. */
    public static final class Skips {
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private final Map<String, List<String>> examples = new LinkedHashMap<>();

        void add(String reason, String uuid) {
            counts.merge(reason, 1, Integer::sum);
            List<String> first = examples.computeIfAbsent(reason, k -> new ArrayList<>());
            if (first.size() < SKIP_EXAMPLES) {
                first.add(uuid);
            }
        }

        void addAll(Skips other) {
            other.counts.forEach((reason, n) -> counts.merge(reason, n, Integer::sum));
            other.examples.forEach((reason, uuids) -> {
                List<String> first = examples.computeIfAbsent(reason, k -> new ArrayList<>());
                for (String u : uuids) {
                    if (first.size() < SKIP_EXAMPLES) {
                        first.add(u);
                    }
                }
            });
        }

        /** Skipped instances per reason. */
        public Map<String, Integer> counts() {
            return counts;
        }

        /** The first {@link #SKIP_EXAMPLES} uuids per reason. */
        public Map<String, List<String>> examples() {
            return examples;
        }

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** One line per reason: how many were skipped, the first uuids, why and what to do. */
        public List<String> describe() {
            List<String> out = new ArrayList<>();
            counts.forEach((reason, n) -> out.add("Flavor migration skipped " + n + " instance(s) ("
                    + String.join(", ", examples.get(reason)) + (n > SKIP_EXAMPLES ? ", ..." : "") + ") because "
                    + reason));
            return out;
        }
    }

    /** The outcome of {@link #run}: Nova's matched and completed counts, and what was skipped. */
    public record Report(int matched, int completed, Skips skips) {
    }

    /** Called after every committed batch with the running totals. */
    @FunctionalInterface
    public interface Progress {
        void batchCommitted(int matched, int completed);
    }

    /** Test hook: runs inside each batch's transaction at the named point. */
    @FunctionalInterface
    interface BatchHook {
        void at(String point, List<Long> ids);
    }

    private final Jdbc jdbc;
    private final FlavorMigrationRepository rows;
    private final FlavorRepository flavors;
    private final Map<String, Map<String, String>> specsByFlavorId = new HashMap<>();
    private long cursor;
    private double niceRatio;
    private BatchHook hook = (point, ids) -> { };

    /**
     * @throws SchemaException when the schema predates kilo's migration 270 (no {@code instance_extra.flavor})
     */
    public FlavorDataMigration(Database db) {
        if (!new InstanceRepository(db).hasFlavorColumn()) {
            throw new SchemaException("instance_extra.flavor does not exist: the schema of " + db.url().display()
                    + " is older than kilo (migration 270). Run 'nova-manage db sync' with kilo code first.");
        }
        this.jdbc = db.jdbc();
        this.rows = new FlavorMigrationRepository(db);
        this.flavors = new FlavorRepository(db);
    }

    void setHook(BatchHook hook) {
        this.hook = hook;
    }

    /**
     * Paces the migration to leave the database to the services: after each batch, {@link #run}
     * sleeps {@code ratio} times as long as the batch took (0, the default, runs flat out; 1 about
     * halves the rate and the load it puts on the database). The idea of gh-ost's
     * {@code --nice-ratio}; Nova had no pacing, operators ran {@code --max-number} in a loop.
     *
     * @throws IllegalArgumentException when {@code ratio} is negative or not a number
     */
    public FlavorDataMigration niceRatio(double ratio) {
        if (!(ratio >= 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("nice ratio must be a number of at least 0, got " + ratio);
        }
        this.niceRatio = ratio;
        return this;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** One online_data_migrations step: up to {@code maxCount} instances, continuing where the last call stopped. */
    @Override
    public Result migrate(int maxCount) {
        Report r = run(maxCount, false, Math.min(maxCount, 1000), null);
        logSkips(r.skips());
        return new Result(r.matched(), r.completed());
    }

    /** How many instances a full run would match now (one pass over the instances; for progress bars). */
    public long countCandidates() {
        return rows.countCandidates();
    }

    /**
     * Migrates up to {@code maxNumber} matching instances (all when null) in batches of
     * {@code batchSize}, continuing after the last instance an earlier call on this object saw.
     *
     * @param force also migrate instances with a task in progress or in an error, rescued or resized state
     */
    public Report run(Integer maxNumber, boolean force, int batchSize, Progress progress) {
        if (maxNumber != null && maxNumber < 0) {
            throw new IllegalArgumentException("Must supply a positive value for max_number");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        int matched = 0;
        int completed = 0;
        Skips skips = new Skips();
        while (maxNumber == null || matched < maxNumber) {
            int limit = maxNumber == null ? batchSize : Math.min(batchSize, maxNumber - matched);
            Skips batchSkips = new Skips();
            long started = System.nanoTime();
            Batch b = jdbc.inTransaction(() -> migrateBatch(cursor, limit, force, batchSkips));
            long took = System.nanoTime() - started;
            if (b.scanned() == 0) {
                break;
            }
            cursor = b.lastId();
            matched += b.matched();
            completed += b.done();
            skips.addAll(batchSkips);
            if (progress != null && b.matched() > 0) {
                progress.batchCommitted(matched, completed);
            }
            boolean more = b.scanned() == limit && (maxNumber == null || matched < maxNumber);
            if (!more || !pause(took)) {
                break;
            }
        }
        return new Report(matched, completed, skips);
    }

    /** Sleeps {@link #niceRatio} times {@code batchNanos}; false when interrupted (the run stops after its last commit). */
    private boolean pause(long batchNanos) {
        long nanos = (long) (batchNanos * niceRatio);
        if (nanos <= 0) {
            return true;
        }
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Flavor migration interrupted while pacing; every batch so far is committed, rerun to go on");
            return false;
        }
    }

    /** One committed batch: instances looked at (and the last id), how many needed the migration, how many got it. */
    private record Batch(int scanned, long lastId, int matched, int done) {
    }

    private Batch migrateBatch(long afterId, int limit, boolean force, Skips skips) {
        hook.at("before-lock", List.of(afterId));
        List<LockedInstance> page = rows.lockPage(afterId, limit);
        if (page.isEmpty()) {
            return new Batch(0, afterId, 0, 0);
        }
        List<String> uuids = page.stream().map(LockedInstance::uuid).toList();
        Map<String, List<MetaRow>> sysmeta = rows.systemMetadata(uuids);
        Map<String, ExtraFlavor> extra = rows.extraFlavors(uuids);
        List<Long> ids = page.stream().map(LockedInstance::id).toList();
        hook.at("after-read", ids);
        List<FlavorWrite> writes = new ArrayList<>();
        int matched = 0;
        for (LockedInstance i : page) {
            List<MetaRow> meta = sysmeta.getOrDefault(i.uuid(), List.of());
            ExtraFlavor ex = extra.get(i.uuid());
            boolean legacy = meta.stream().anyMatch(m -> FlavorMigrationRepository.MARKER_KEYS.contains(m.key()));
            if (!legacy && ex != null && ex.flavor() != null) {
                continue; // migrated already
            }
            matched++;
            String reason = force ? null : unsettled(i);
            if (reason != null) {
                skips.add(reason, i.uuid());
                continue;
            }
            FlavorWrite w = convert(i, meta, ex, skips);
            if (w != null) {
                writes.add(w);
            }
        }
        rows.write(writes);
        hook.at("after-write", ids);
        return new Batch(page.size(), page.get(page.size() - 1).id(), matched, writes.size());
    }

    private static String unsettled(LockedInstance i) {
        if (i.taskState() != null) {
            return "a task is in progress (task_state set): let it finish and rerun, or rerun with --force";
        }
        if (i.vmState() != null && UNSETTLED_VM_STATES.contains(i.vmState())) {
            return "vm_state is " + i.vmState() + ": " + switch (i.vmState()) {
                case VmStates.ERROR -> "repair (reset-state) or delete the instance";
                case VmStates.RESCUED -> "unrescue the instance";
                default -> "confirm or revert the resize";
            } + " and rerun, or rerun with --force";
        }
        return null;
    }

    /** The write that migrates one locked instance, or null when there is nothing to do or it cannot be done. */
    private FlavorWrite convert(LockedInstance i, List<MetaRow> meta, ExtraFlavor ex, Skips skips) {
        Map<String, String> sysmeta = asMap(meta);
        Instance inst = new Instance();
        inst.set(Instance.UUID, i.uuid());
        boolean legacy = FlavorSysmeta.hasAny(sysmeta);
        if (ex != null && ex.flavor() != null) {
            try {
                FlavorExtra.apply(inst, ex.flavor());
            } catch (RuntimeException e) {
                if (!legacy) {
                    skips.add("its instance_extra.flavor is unreadable (" + e.getMessage() + "); set it to NULL "
                            + "only if system_metadata still holds the flavor, else repair it by hand", i.uuid());
                    return null;
                }
                LOG.warn("Instance {}: ignoring unreadable instance_extra.flavor, its system_metadata flavor wins: {}",
                        i.uuid(), e.getMessage());
            }
        }
        inst.set(Instance.SYSTEM_METADATA, sysmeta);
        if (legacy) {
            try {
                FlavorStorage.INSTANCE_FIELDS.migrate(inst);
            } catch (IllegalArgumentException e) {
                skips.add("its system_metadata holds an incomplete flavor (" + e.getMessage() + ")", i.uuid());
                return null;
            }
        } else if (ex != null && ex.flavor() != null) {
            return null;
        } else {
            Flavor byId = flavorById(i.instanceTypeId());
            if (byId == null) {
                skips.add("it has no flavor in system_metadata and its instance_type_id (" + i.instanceTypeId()
                        + ") names no flavor; set instance_type_id to an existing flavor's id (deleted ones count) "
                        + "and rerun", i.uuid());
                return null;
            }
            inst.set(Instance.FLAVOR, byId);
        }
        if (!inst.isSet(Instance.FLAVOR) || inst.get(Instance.FLAVOR) == null) {
            skips.add("it has an old or new flavor in system_metadata but no current one", i.uuid());
            return null;
        }
        for (String prefix : FlavorSysmeta.PREFIXES) {
            Flavor f = inst.isSet(FlavorStorage.field(prefix)) ? inst.get(FlavorStorage.field(prefix)) : null;
            if (f != null) {
                addMissingSpecs(f);
            }
        }
        List<Long> legacyRows = new ArrayList<>();
        for (MetaRow m : meta) {
            for (String prefix : FlavorSysmeta.PREFIXES) {
                if (FlavorSysmeta.isKeyOf(m.key(), prefix)) {
                    legacyRows.add(m.id());
                    break;
                }
            }
        }
        return new FlavorWrite(i.uuid(), FlavorExtra.toJson(inst), ex != null, legacyRows);
    }

    /** Juno kept only NUMA extra specs per instance; the rest come from the flavor, deleted or not (stored keys win). */
    private void addMissingSpecs(Flavor f) {
        if (!f.isSet(Flavor.FLAVORID)) {
            return;
        }
        Map<String, String> fromDb = specsByFlavorId.computeIfAbsent(f.get(Flavor.FLAVORID), id -> {
            try {
                var row = flavors.getByFlavorId(id, ReadDeleted.YES);
                return row.extraSpecs() == null ? Map.of() : row.extraSpecs();
            } catch (NotFoundException e) {
                return Map.of();
            }
        });
        if (fromDb.isEmpty()) {
            return;
        }
        Map<String, String> specs = new LinkedHashMap<>(f.isSet(Flavor.EXTRA_SPECS) ? f.get(Flavor.EXTRA_SPECS) : Map.of());
        fromDb.forEach(specs::putIfAbsent);
        f.set(Flavor.EXTRA_SPECS, specs);
    }

    private Flavor flavorById(Integer id) {
        if (id == null) {
            return null;
        }
        try {
            return FlavorRows.toFlavor(flavors.get(id, ReadDeleted.YES));
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static Map<String, String> asMap(List<MetaRow> meta) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MetaRow m : meta) {
            out.put(m.key(), m.value());
        }
        return out;
    }

    /** Logs, per reason, how many instances were skipped, the first uuids, and what to do (in the reason). */
    public static void logSkips(Skips skips) {
        skips.describe().forEach(LOG::warn);
    }
}
