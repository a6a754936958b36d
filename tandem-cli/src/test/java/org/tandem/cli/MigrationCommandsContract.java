package org.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.repository.FlavorMigrationRepository;
import picocli.CommandLine;

/**
 * {@code nova-manage migrate_flavor_data} and {@code db online_data_migrations} as an operator runs
 * them, on each database: exact output lines and exit codes, and a run killed with SIGKILL
 * mid-way that a rerun finishes.
 */
abstract class MigrationCommandsContract {
    @TempDir
    Path dir;

    /** The {@code --database-connection} of a fresh, empty database. */
    protected abstract String openEmptyDatabase() throws Exception;

    protected void dropDatabase() throws Exception {
    }

    protected String connection;

    record Result(int exit, String out, String err) {
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NovaManageCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--database-connection", connection)).toArray(String[]::new);
        return new Result(cl.execute(all), out.toString(), err.toString());
    }

    Database open() {
        return Database.open(ConnectionUrl.parse(connection, dir), 3, java.time.Clock.systemUTC());
    }

    @BeforeEach
    void setUp() throws Exception {
        connection = openEmptyDatabase();
        assertThat(run("db", "sync", "--release", "juno").exit()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        dropDatabase();
    }

    private List<String> juno(int n, String vmState, String taskState) {
        try (Database db = open()) {
            return JunoInstances.create(db, n, vmState, taskState);
        }
    }

    private long unmigrated() {
        try (Database db = open()) {
            return new FlavorMigrationRepository(db).countUnmigrated();
        }
    }

    @Test
    void theSeedsRunsInChunksUntilZeroMatched() {
        juno(25, "active", null);
        juno(7, "active", "resize_prep");
        assertThat(run("db", "sync").exit()).isZero();
        Result first = run("migrate_flavor_data", "--max-number", "10");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).isEqualTo("10 instances matched query, 10 completed" + System.lineSeparator());
        assertThat(run("db", "migrate_flavor_data", "--max-number", "10").out().strip())
                .isEqualTo("10 instances matched query, 10 completed");
        assertThat(run("migrate_flavor_data").out().strip()).isEqualTo("12 instances matched query, 5 completed");
        Result stuck = run("migrate_flavor_data");
        assertThat(stuck.exit()).isZero();
        assertThat(stuck.out().strip()).isEqualTo("7 instances matched query, 0 completed");
        assertThat(stuck.err()).contains("skipped 7 instance(s)").contains("task_state").contains("--force");
        assertThat(run("migrate_flavor_data", "--force").out().strip()).isEqualTo("7 instances matched query, 7 completed");
        assertThat(run("migrate_flavor_data").out().strip()).isEqualTo("0 instances matched query, 0 completed");
        assertThat(unmigrated()).isZero();
    }

    @Test
    void theNextReleaseRefusesUntilTheFlavorsAreMigrated() {
        juno(3, "active", null);
        juno(1, "error", null);
        run("db", "sync");
        for (String[] args : new String[][] {{"db", "sync", "--release", "liberty"}, {"db", "sync", "--version", "291"}}) {
            Result refused = run(args);
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err().strip()).isEqualTo("ERROR: There are still 4 unmigrated flavor records. Migration "
                    + "cannot continue until all instance flavor records have been migrated to the new format. Please "
                    + "run `nova-manage db migrate_flavor_data' first.");
        }
        assertThat(run("db", "version").out().strip()).isEqualTo("280");
        run("migrate_flavor_data", "--force");
        Result shipped = run("db", "sync", "--release", "liberty");
        assertThat(shipped.exit()).isEqualTo(1);
        assertThat(shipped.err()).contains("newer than this build knows");
    }

    @Test
    void badMaxNumberAndJunoSchemaAreRefused() {
        juno(1, "active", null);
        Result juno = run("migrate_flavor_data");
        assertThat(juno.exit()).isEqualTo(1);
        assertThat(juno.err()).contains("older than kilo").contains("nova-manage db sync");
        Result online = run("db", "online_data_migrations");
        assertThat(online.exit()).isEqualTo(1);
        assertThat(online.err().strip()).startsWith("ERROR: ").contains("older than kilo")
                .contains("nova-manage db sync").doesNotContain("\tat ");
        assertThat(online.out()).doesNotContain("An error has occurred");
        run("db", "sync");
        Result negative = run("migrate_flavor_data", "--max-number", "-1");
        assertThat(negative.exit()).isEqualTo(1);
        assertThat(negative.out().strip()).isEqualTo("Must supply a positive value for max_number");
        assertThat(unmigrated()).isEqualTo(1);
    }

    @Test
    void onlineDataMigrationsRunsTheRegisteredFlavorMigration() {
        juno(12, "active", null);
        juno(2, "error", null);
        run("db", "sync");
        Result limited = run("db", "online_data_migrations", "--max-count", "5");
        assertThat(limited.exit()).as("more may remain").isEqualTo(1);
        assertThat(limited.out()).startsWith("5 rows matched query migrate_flavor_data, 5 migrated")
                .contains("| migrate_flavor_data |      5       |     5     |");
        Result all = run("db", "online_data_migrations");
        assertThat(all.exit()).as(all.out()).isZero();
        assertThat(all.out()).startsWith("Running batches of 50 until complete" + System.lineSeparator()
                + "9 rows matched query migrate_flavor_data, 7 migrated" + System.lineSeparator());
        assertThat(all.out()).contains("|      Migration      | Total Needed | Completed |")
                .contains("| migrate_flavor_data |      9       |     7     |");
        for (String bad : new String[] {"0", "-3", "abc"}) {
            Result r = run("db", "online_data_migrations", "--max-count", bad);
            assertThat(r.exit()).isEqualTo(127);
            assertThat(r.out().strip()).isEqualTo("Must supply a positive value for max_number");
        }
    }

    @Test
    void aRunKilledMidwayLosesNothingAndARerunFinishes() throws Exception {
        int total = 1500;
        juno(total, "active", null);
        run("db", "sync");
        // This JVM keeps the database open while the command runs in its own JVM (for H2 this makes the
        // test JVM the AUTO_SERVER owner, so both processes never race for the file lock).
        Database watcher = open();
        FlavorMigrationRepository watch = new FlavorMigrationRepository(watcher);
        Path log = dir.resolve("killed.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), NovaManageCommand.class.getName(), "migrate_flavor_data",
                "--batch-size", "1", "--database-connection", connection)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        long left = total;
        while (Instant.now().isBefore(deadline) && p.isAlive()) {
            left = watch.countUnmigrated();
            if (left < total - 50) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(p.isAlive()).as("still migrating when killed; output: " + readQuietly(log)).isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long afterKill = watch.countUnmigrated();
        assertThat(afterKill).isBetween(1L, total - 50L);
        try (Database db = watcher) {
            // Every instance is in exactly one layout: legacy keys complete, or migrated with none left.
            long both = db.jdbc().queryOne("SELECT COUNT(*) AS n FROM instance_extra e JOIN instance_system_metadata s "
                    + "ON s.instance_uuid = e.instance_uuid AND s.deleted = 0 AND s.\"key\" = ? WHERE e.flavor IS NOT NULL "
                    + "AND e.deleted = 0", r -> r.longValue("n"), "instance_type_id").orElseThrow();
            long partial = db.jdbc().queryOne("SELECT COUNT(*) AS n FROM (SELECT instance_uuid FROM "
                    + "instance_system_metadata WHERE deleted = 0 GROUP BY instance_uuid HAVING COUNT(*) <> 10) x",
                    r -> r.longValue("n"), new Object[0]).orElseThrow();
            assertThat(both).isZero();
            assertThat(partial).isZero();
        }
        Result rerun = run("migrate_flavor_data");
        assertThat(rerun.exit()).isZero();
        assertThat(rerun.out().strip()).isEqualTo(afterKill + " instances matched query, " + afterKill + " completed");
        assertThat(unmigrated()).isZero();
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
