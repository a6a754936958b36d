package org.tandem.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.DbVendor;
import org.tandem.db.SchemaManager;
import org.tandem.db.repository.FlavorMigrationRepository;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.db.FlavorRows;
import org.tandem.model.db.migration.FlavorDataMigration;
import org.tandem.version.Release;

/**
 * {@code tools/bench/migrate-bench}: times kilo's flavor data migration against a raw-SQL batch
 * rewrite of the same data, in one run, on PostgreSQL and MariaDB. For every timed run it creates
 * a fresh database, syncs the juno schema, writes N juno instances (10 {@code instance_type_*}
 * rows each, set-wise in SQL), times {@code db sync} to kilo on them, analyses the tables, then
 * migrates everything in batches of the given size and checks that nothing is left (after one
 * untimed warm-up run of each method on 5,000 instances). With {@code --api-rate R}, a thread
 * loads and saves random instances through the kilo object backend R times a second, for
 * {@code --steady-seconds} before the migration and during it, and the p50/p99 of both phases are
 * printed. Rates are
 * instances per second over the whole run and over its first and last 10% (or 100,000 instances
 * when N is at least 1,000,000).
 */
public final class MigrateBench {
    private record Target(String label, DbVendor vendor, String adminJdbc, String name) {
        String jdbc() {
            return vendor == DbVendor.POSTGRESQL ? adminJdbc.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name)
                    : adminJdbc.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + name);
        }
    }

    private record Run(String what, int batch, int n, double seconds, double first, double last, double syncSeconds,
            String api) {
        double rate() {
            return n / seconds;
        }
    }

    /**
     * What the API service does to instances while the migration runs: every {@code 1000 / rate} ms
     * it loads a random instance through the kilo object backend and saves a changed display name
     * (a kilo load of an unmigrated instance migrates it on save). Latencies are kept per phase.
     */
    private static final class ApiLoad implements AutoCloseable {
        private final DbObjectBackend backend;
        private final List<String> uuids;
        private final long periodNanos;
        private final Map<String, List<Long>> latencies = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile String phase = "steady";
        private volatile boolean running = true;
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();

        ApiLoad(Database db, int ratePerSecond, Release release) {
            this.backend = new DbObjectBackend(db, "api", release);
            this.uuids = db.jdbc().query("SELECT uuid FROM instances", r -> r.string("uuid"));
            this.periodNanos = 1_000_000_000L / ratePerSecond;
            this.thread = new Thread(this::loop, "api-load");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            var ctx = org.tandem.rpc.RequestContext.admin();
            var random = new java.util.Random(42);
            long next = System.nanoTime();
            while (running) {
                String uuid = uuids.get(random.nextInt(uuids.size()));
                long t0 = System.nanoTime();
                try {
                    Instance inst = (Instance) backend.classAction(ctx, "Instance", "get_by_uuid", Instance.VERSION,
                            Map.of("uuid", uuid));
                    inst.set(Instance.DISPLAY_NAME, "vm-" + t0);
                    backend.objectAction(ctx, inst, "save", Map.of());
                    latencies.computeIfAbsent(phase, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(System.nanoTime() - t0);
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                }
                next += periodNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                } else {
                    next = System.nanoTime();
                }
            }
        }

        void phase(String p) {
            phase = p;
        }

        /** The q-quantile (0..1) latency of a phase in milliseconds. */
        double quantileMs(String p, double q) {
            List<Long> l = new ArrayList<>(latencies.getOrDefault(p, List.of()));
            if (l.isEmpty()) {
                return Double.NaN;
            }
            java.util.Collections.sort(l);
            return l.get(Math.min(l.size() - 1, (int) Math.ceil(q * l.size()) - 1)) / 1e6;
        }

        int count(String p) {
            return latencies.getOrDefault(p, List.of()).size();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }

    public static void main(String[] args) throws Exception {
        int n = 100_000;
        List<Integer> batches = List.of(50, 1000);
        List<String> vendors = List.of("postgresql", "mariadb");
        String pg = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        String maria = "jdbc:mariadb://127.0.0.1:3306/?user=root&sslMode=disable";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> n = Integer.parseInt(args[++i]);
                case "--batch-sizes" -> batches = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--vendors" -> vendors = List.of(args[++i].split(","));
                case "--postgresql-admin" -> pg = args[++i];
                case "--mariadb-admin" -> maria = args[++i];
                case "--api-rate" -> apiRate = Integer.parseInt(args[++i]);
                case "--steady-seconds" -> steadySeconds = Integer.parseInt(args[++i]);
                case "--sync-only" -> syncOnly = true;
                case "--nice-ratio" -> niceRatio = Double.parseDouble(args[++i]);
                case "--tandem-only" -> tandemOnly = true;
                case "-h", "--help" -> {
                    System.out.println("Usage: tools/bench/migrate-bench [--instances N (100000)] [--batch-sizes 50,1000] "
                            + "[--vendors postgresql,mariadb] [--postgresql-admin JDBC] [--mariadb-admin JDBC] [--api-rate PER_SECOND "
                            + "(0: no API load)] [--steady-seconds S (10)] [--sync-only (time db sync under the API load, no migration)] "
                            + "[--nice-ratio R (Tandem sleeps R x each batch's time; 0: flat out)] [--tandem-only (no raw SQL runs)]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        Map<String, List<Run>> results = new LinkedHashMap<>();
        for (String v : vendors) {
            Target t = v.equals("postgresql") ? new Target("PostgreSQL", DbVendor.POSTGRESQL, pg, "tandem_migrate_bench")
                    : new Target("MariaDB", DbVendor.MARIADB, maria, "tandem_migrate_bench");
            List<Run> runs = new ArrayList<>();
            // Untimed warm-up of both code paths (JIT, driver, connection pool), so the first 10% of the
            // first timed run does not measure the compiler.
            int warm = apiRate;
            apiRate = 0;
            timed(t, Math.min(n, 5000), batches.get(0), true);
            timed(t, Math.min(n, 5000), batches.get(0), false);
            apiRate = warm;
            for (int batch : syncOnly ? batches.subList(0, 1) : batches) {
                if (syncOnly) {
                    runs.add(timed(t, n, batch, false));
                    continue;
                }
                if (!tandemOnly) {
                    runs.add(timed(t, n, batch, true));
                }
                runs.add(timed(t, n, batch, false));
            }
            results.put(t.label(), runs);
            admin(t, "DROP DATABASE IF EXISTS " + t.name() + (t.vendor() == DbVendor.POSTGRESQL ? " WITH (FORCE)" : ""));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %-7s %6s %9s %8s %11s %11s %11s %10s %9s  %s%n", "database", "method", "batch",
                "instances", "seconds", "inst/s", "first 10%/s", "last 10%/s", "last/first", "db sync s",
                "API p50/p99 steady -> during (calls)");
        if (syncOnly) {
            results.forEach((db, runs) -> runs.forEach(r -> System.out.printf(Locale.ROOT,
                    "%-11s %9d juno instances: db sync to kilo %.2f s; juno API p50/p99 steady -> during db sync: %s%n",
                    db, r.n(), r.syncSeconds(), r.api())));
            return;
        }
        results.forEach((db, runs) -> {
            for (Run r : runs) {
                System.out.printf(Locale.ROOT, "%-11s %-7s %6d %9d %8.1f %11.0f %11.0f %11.0f %10.2f %9.2f  %s%n", db,
                        r.what() + (!r.what().startsWith("raw") && niceRatio > 0 ? " (nice " + niceRatio + ")" : ""),
                        r.batch(), r.n(), r.seconds(), r.rate(), r.first(), r.last(), r.last() / r.first(),
                        r.syncSeconds(), r.api());
            }
            for (int i = 0; !tandemOnly && i + 1 < runs.size(); i += 2) {
                System.out.printf(Locale.ROOT, "%-11s ratio Tandem/raw at batch %d: %.2f (target >= 0.70)%n", db,
                        runs.get(i).batch(), runs.get(i + 1).rate() / runs.get(i).rate());
            }
        });
    }

    private static int apiRate = 0;
    private static int steadySeconds = 10;
    private static boolean syncOnly;
    private static double niceRatio;
    private static boolean tandemOnly;

    private static Run timed(Target t, int n, int batch, boolean raw) throws Exception {
        admin(t, "DROP DATABASE IF EXISTS " + t.name() + (t.vendor() == DbVendor.POSTGRESQL ? " WITH (FORCE)" : ""));
        admin(t, "CREATE DATABASE " + t.name() + (t.vendor() == DbVendor.MARIADB ? " CHARACTER SET utf8mb4" : ""));
        try (Database db = Database.open(ConnectionUrl.parse(t.jdbc(), null), 3, Clock.systemUTC())) {
            SchemaManager schema = new SchemaManager(db);
            schema.sync(Release.JUNO);
            long p0 = System.nanoTime();
            populate(db, n);
            long p1 = System.nanoTime();
            String syncApi = "-";
            double sync;
            // db sync with kilo code while a juno API reads and saves instances (the seed's Step 1)
            try (ApiLoad juno = apiRate > 0 ? new ApiLoad(db, apiRate, Release.JUNO) : null) {
                if (juno != null) {
                    Thread.sleep(steadySeconds * 1000L);
                    juno.phase("dbsync");
                }
                p1 = System.nanoTime();
                schema.sync(Release.KILO);
                sync = (System.nanoTime() - p1) / 1e9;
                if (juno != null) {
                    juno.phase("after");
                    Thread.sleep(1000);
                    syncApi = String.format(Locale.ROOT, "%.1f/%.1f ms (%d) -> %.1f/%.1f ms (%d), %d errors",
                            juno.quantileMs("steady", 0.5), juno.quantileMs("steady", 0.99), juno.count("steady"),
                            juno.quantileMs("dbsync", 0.5), juno.quantileMs("dbsync", 0.99), juno.count("dbsync"),
                            juno.errors.get());
                    System.err.printf(Locale.ROOT, "%s: juno API p50/p99 steady -> during db sync: %s%n", t.label(),
                            syncApi);
                }
            }
            if (syncOnly) {
                return new Run("sync only", batch, n, 0, 0, 0, sync, syncApi);
            }
            analyze(db);
            System.err.printf(Locale.ROOT, "%s %s batch %d: %d juno instances written in %.1f s, db sync to kilo %.2f s%n",
                    t.label(), raw ? "raw" : "tandem", batch, n, (p1 - p0) / 1e9, sync);
            List<long[]> marks = new ArrayList<>();
            long start;
            long end;
            String api = "-";
            try (ApiLoad load = apiRate > 0 ? new ApiLoad(db, apiRate, Release.KILO) : null) {
                if (load != null) {
                    Thread.sleep(steadySeconds * 1000L);
                    load.phase("migration");
                }
                start = System.nanoTime();
                marks.add(new long[] {0, start});
                if (raw) {
                    rawRewrite(db, batch, marks);
                } else {
                    new FlavorDataMigration(db).niceRatio(niceRatio).run(null, false, batch,
                            (m, c) -> marks.add(new long[] {m, System.nanoTime()}));
                }
                end = System.nanoTime();
                if (load != null) {
                    load.phase("after");
                    api = String.format(Locale.ROOT, "%.1f/%.1f ms (%d) -> %.1f/%.1f ms (%d)", load.quantileMs("steady", 0.5),
                            load.quantileMs("steady", 0.99), load.count("steady"), load.quantileMs("migration", 0.5),
                            load.quantileMs("migration", 0.99), load.count("migration"));
                }
            }
            long left = new FlavorMigrationRepository(db).countUnmigrated();
            int migrated = (int) marks.get(marks.size() - 1)[0];
            if (left != 0) {
                throw new IllegalStateException(t.label() + (raw ? " raw" : " tandem") + " run left " + left
                        + " unmigrated of " + n);
            }
            int window = migrated >= 1_000_000 ? 100_000 : Math.max(1, migrated / 10);
            Run r = new Run(raw ? "raw SQL" : "Tandem", batch, migrated, (end - start) / 1e9, rate(marks, 0, window),
                    rate(marks, migrated - window, migrated), sync, api);
            System.err.printf(Locale.ROOT, "  %.1f s, %.0f instances/s, API p50/p99 steady -> during: %s%n", r.seconds(),
                    r.rate(), api);
            return r;
        }
    }

    /** Instances per second between the marks nearest to {@code from} and {@code to} instances. */
    private static double rate(List<long[]> marks, long from, long to) {
        long[] a = marks.get(0);
        long[] b = marks.get(marks.size() - 1);
        for (long[] m : marks) {
            if (m[0] <= from) {
                a = m;
            }
        }
        for (int i = marks.size() - 1; i >= 0; i--) {
            if (marks.get(i)[0] >= to) {
                b = marks.get(i);
            }
        }
        return (b[0] - a[0]) / ((b[1] - a[1]) / 1e9);
    }

    /** N juno instances as a juno cloud leaves them: m1.small in 10 system_metadata rows each, empty extra rows. */
    private static void populate(Database db, int n) {
        var jdbc = db.jdbc();
        var small = new FlavorRepository(db).getByFlavorId("2");
        Map<String, String> sysmeta = FlavorSysmeta.save(new LinkedHashMap<>(), FlavorRows.toFlavor(small),
                FlavorSysmeta.CURRENT);
        jdbc.update("CREATE TABLE bench_keys (k VARCHAR(255), v VARCHAR(255))");
        List<Object[]> keys = new ArrayList<>();
        sysmeta.forEach((k, v) -> keys.add(new Object[] {k, v}));
        jdbc.batchUpdate("INSERT INTO bench_keys (k, v) VALUES (?, ?)", keys);
        boolean pg = db.vendor() == DbVendor.POSTGRESQL;
        String series = pg ? "generate_series(1, " + n + ") AS g(seq)" : "seq_1_to_" + n;
        String uuid = pg ? "md5(seq::text)::uuid::text" : "UUID()";
        jdbc.update("INSERT INTO instances (created_at, deleted, uuid, vm_state, power_state, instance_type_id, memory_mb, "
                + "vcpus, root_gb, ephemeral_gb, host, node, project_id, user_id, display_name) SELECT CURRENT_TIMESTAMP, 0, "
                + uuid + ", 'active', 1, " + small.id() + ", " + small.memoryMb() + ", " + small.vcpus() + ", 20, 0, "
                + "CONCAT('compute', seq % 10), CONCAT('compute', seq % 10), 'project', 'user', CONCAT('vm-', seq) FROM "
                + series);
        jdbc.update("INSERT INTO instance_extra (created_at, deleted, instance_uuid) SELECT CURRENT_TIMESTAMP, 0, uuid "
                + "FROM instances");
        jdbc.update("INSERT INTO instance_system_metadata (created_at, deleted, instance_uuid, \"key\", \"value\") "
                + "SELECT CURRENT_TIMESTAMP, 0, i.uuid, b.k, b.v FROM instances i CROSS JOIN bench_keys b ORDER BY i.id");
        jdbc.update("DROP TABLE bench_keys");
    }

    private static void analyze(Database db) {
        if (db.vendor() == DbVendor.POSTGRESQL) {
            db.jdbc().update("VACUUM ANALYZE");
        } else {
            db.jdbc().query("ANALYZE TABLE instances, instance_extra, instance_system_metadata", r -> null);
        }
    }

    /**
     * The baseline: what a hand-written script would do. Pages on instance id like Tandem, then per
     * batch one UPDATE that builds the JSON in SQL from the instance's system_metadata rows and one
     * UPDATE that soft-deletes those rows, committed together. No state checks, locks or extra specs.
     */
    private static void rawRewrite(Database db, int batch, List<long[]> marks) {
        var jdbc = db.jdbc();
        boolean pg = db.vendor() == DbVendor.POSTGRESQL;
        String in = "s.\"key\" LIKE 'instance\\_type\\_%'";
        String field = pg ? "(m->>'instance_type_%s')" : "JSON_VALUE(m, '$.instance_type_%s')";
        String obj = pg ? "json_build_object" : "JSON_OBJECT";
        StringBuilder data = new StringBuilder(obj + "(");
        String[][] fields = {{"id", "int"}, {"name", "str"}, {"memory_mb", "int"}, {"vcpus", "int"}, {"root_gb", "int"},
            {"ephemeral_gb", "int"}, {"flavorid", "str"}, {"swap", "int"}, {"rxtx_factor", "float"}, {"vcpu_weight", "int"}};
        for (int i = 0; i < fields.length; i++) {
            String f = String.format(field, fields[i][0]);
            String cast = switch (fields[i][1]) {
                case "int" -> pg ? f + "::int" : "CAST(" + f + " AS INTEGER)";
                case "float" -> pg ? f + "::float" : "CAST(" + f + " AS DOUBLE)";
                default -> f;
            };
            data.append(i == 0 ? "" : ", ").append("'").append(fields[i][0]).append("', ").append(cast);
        }
        data.append(", 'extra_specs', ").append(obj).append("())");
        String flavor = obj + "('cur', " + obj + "('nova_object.name', 'Flavor', 'nova_object.namespace', 'nova', "
                + "'nova_object.version', '1.1', 'nova_object.data', " + data + "), 'old', NULL, 'new', NULL)";
        String agg = pg ? "json_object_agg(s.\"key\", s.\"value\")" : "JSON_OBJECTAGG(s.\"key\", s.\"value\")";
        String sub = "SELECT s.instance_uuid, " + agg + " AS m FROM instance_system_metadata s JOIN instances i ON "
                + "i.uuid = s.instance_uuid WHERE i.id > ? AND i.id <= ? AND s.deleted = 0 AND " + in
                + " GROUP BY s.instance_uuid";
        String setFlavor = pg
                ? "UPDATE instance_extra e SET flavor = " + flavor + "::text, updated_at = CURRENT_TIMESTAMP FROM (" + sub
                        + ") x WHERE e.instance_uuid = x.instance_uuid AND e.deleted = 0"
                : "UPDATE instance_extra e JOIN (" + sub + ") x ON e.instance_uuid = x.instance_uuid SET e.flavor = "
                        + flavor + ", e.updated_at = CURRENT_TIMESTAMP WHERE e.deleted = 0";
        // MariaDB 10.x runs an IN (subquery) of a single-table UPDATE per row (no semi-join): use its
        // multi-table UPDATE so that both databases touch only the batch's rows.
        String dropKeys = pg
                ? "UPDATE instance_system_metadata s SET deleted = s.id, deleted_at = CURRENT_TIMESTAMP FROM instances i "
                        + "WHERE i.uuid = s.instance_uuid AND i.id > ? AND i.id <= ? AND s.deleted = 0 AND " + in
                : "UPDATE instance_system_metadata s JOIN instances i ON i.uuid = s.instance_uuid SET s.deleted = s.id, "
                        + "s.deleted_at = CURRENT_TIMESTAMP WHERE i.id > ? AND i.id <= ? AND s.deleted = 0 AND " + in;
        long after = 0;
        long done = 0;
        while (true) {
            List<Long> ids = jdbc.query("SELECT id FROM instances WHERE deleted = 0 AND id > ? ORDER BY id LIMIT " + batch,
                    r -> r.longValue("id"), after);
            if (ids.isEmpty()) {
                break;
            }
            long lo = after;
            long hi = ids.get(ids.size() - 1);
            jdbc.inTransaction(() -> {
                jdbc.update(setFlavor, lo, hi);
                jdbc.update(dropKeys, lo, hi);
            });
            after = hi;
            done += ids.size();
            marks.add(new long[] {done, System.nanoTime()});
        }
    }

    private static void admin(Target t, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(t.adminJdbc()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private MigrateBench() {
    }
}
