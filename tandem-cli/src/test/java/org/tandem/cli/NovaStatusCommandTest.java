package org.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.cli.status.UpgradeCheck;
import org.tandem.cli.status.UpgradeChecks;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.testing.MutableClock;
import org.tandem.version.Release;
import picocli.CommandLine;

/** {@code nova-status upgrade check}: every check passing and failing, the table and the exit codes. */
class NovaStatusCommandTest {
    static final Instant NOW = Instant.parse("2015-06-01T12:00:00Z");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(NOW);
    Database db;
    ServiceRepository services;

    @BeforeEach
    void open() {
        db = Database.open(ConnectionUrl.parse("jdbc:h2:file:" + dir.resolve("nova") + ";AUTO_SERVER=TRUE", dir), 3,
                clock);
        services = new ServiceRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    record Outcome(int exit, String table) {
        /** The Result line of the named check. */
        String result(String check) {
            String[] lines = table.split(System.lineSeparator());
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("| Check: " + check + " ")) {
                    return lines[i + 1].substring(2).replaceAll("\\|\\s*$", "").strip();
                }
            }
            throw new AssertionError("no check " + check + " in\n" + table);
        }

        String details() {
            return table.replaceAll("\\s*\\|\\s*", " ").replaceAll("[+-]{3,}", " ").replaceAll("\\s+", " ");
        }
    }

    Outcome check(Config config) {
        StringWriter out = new StringWriter();
        int exit = NovaStatusCommand.run(new UpgradeCheck.Context(db, config, NOW), UpgradeChecks.ALL, new PrintWriter(out));
        return new Outcome(exit, out.toString());
    }

    Outcome check() {
        return check(Config.loader().load());
    }

    /** A service heartbeating {@code ago} before now, at {@code version}. */
    long service(String host, String binary, int version, Duration ago) {
        clock.set(NOW.minus(ago));
        long id = services.create(host, binary, binary.replace("nova-", ""), version).id();
        services.heartbeat(id);
        clock.set(NOW);
        return id;
    }

    @Test
    void everyCheckSucceedsOnAFinishedUpgrade() {
        new SchemaManager(db).sync();
        service("ctl", "nova-conductor", 2, Duration.ofSeconds(5));
        service("cmp1", "nova-compute", 2, Duration.ofSeconds(5));
        Outcome o = check();
        assertThat(o.exit()).as(o.table()).isZero();
        assertThat(o.table()).startsWith("+--").contains(System.lineSeparator() + "| Upgrade Check Results ")
                .contains("| Check: Database schema ").contains("| Result: Success ").contains("| Details: None ");
        for (String name : List.of("Database schema", "Unmigrated data", "Services older than N-1",
                "Down services holding the auto version floor", "Upgrade level pins")) {
            assertThat(o.result(name)).isEqualTo("Result: Success");
        }
        // one rule after the header and between every two rows: 5 checks -> 7 rules
        assertThat(o.table().lines().filter(l -> l.startsWith("+-")).count()).isEqualTo(7);
        assertThat(o.table().lines().map(String::length).distinct().count()).as("every line as wide").isEqualTo(1);
    }

    @Test
    void aSchemaBehindTheCodeFailsAndSaysToSync() {
        new SchemaManager(db).sync(Release.JUNO);
        Outcome o = check();
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.result("Database schema")).isEqualTo("Result: Failure");
        assertThat(o.details()).contains("at version 254 but kilo code needs 280. Run `nova-manage db sync`");
        assertThat(o.result("Unmigrated data")).isEqualTo("Result: Failure");
    }

    @Test
    void anEmptyDatabaseFailsEveryCheckWithoutCrashing() {
        Outcome o = check();
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.result("Services older than N-1")).isEqualTo("Result: Failure");
        assertThat(o.details()).contains("nova-manage db sync");
    }

    @Test
    void unmigratedFlavorsWarnAndSayWhatToRun() {
        new SchemaManager(db).sync(Release.JUNO);
        JunoInstances.create(db, 3, "active", null);
        new SchemaManager(db).sync();
        Outcome o = check();
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.result("Unmigrated data")).isEqualTo("Result: Warning");
        assertThat(o.details()).contains("3 instances still keep their flavor").contains("online_data_migrations");
    }

    @Test
    void servicesOlderThanThePreviousReleaseFail() {
        new SchemaManager(db).sync();
        service("old", "nova-compute", 0, Duration.ofSeconds(5));
        service("cmp1", "nova-compute", 1, Duration.ofSeconds(5));
        Outcome o = check();
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.result("Services older than N-1")).isEqualTo("Result: Failure");
        assertThat(o.details()).contains("nova-compute on old").doesNotContain("nova-compute on cmp1")
                .contains("service delete");
        services.setForcedDown(services.getByHostAndBinary("old", "nova-compute").id(), true);
        assertThat(check().result("Services older than N-1")).isEqualTo("Result: Success");
    }

    @Test
    void aDownServiceHoldingTheAutoFloorWarns() {
        new SchemaManager(db).sync();
        long dead = service("dead", "nova-compute", 1, Duration.ofMinutes(10));
        service("cmp1", "nova-compute", 2, Duration.ofSeconds(5));
        Config auto = Config.loader().override(CommonOptions.UPGRADE_LEVELS_COMPUTE, "auto").load();
        assertThat(check().result("Down services holding the auto version floor")).as("no auto pin")
                .isEqualTo("Result: Success");
        Outcome o = check(auto);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.result("Down services holding the auto version floor")).isEqualTo("Result: Warning");
        assertThat(o.details()).contains("nova-compute on dead").contains("[upgrade_levels] compute")
                .contains("--down");
        services.heartbeat(dead);
        assertThat(check(auto).result("Down services holding the auto version floor")).as("up again: a real floor")
                .isEqualTo("Result: Success");
    }

    @Test
    void pinsLeftAfterEveryServiceRunsTheNewestReleaseWarn() {
        new SchemaManager(db).sync();
        long conductor = service("ctl", "nova-conductor", 2, Duration.ofSeconds(5));
        long compute = service("cmp1", "nova-compute", 1, Duration.ofSeconds(5));
        Config pinned = Config.loader().override(CommonOptions.UPGRADE_LEVELS_COMPUTE, "juno").load();
        assertThat(check(pinned).result("Upgrade level pins")).as("a juno compute still runs").isEqualTo("Result: Success");
        services.setVersion(compute, 2);
        Outcome o = check(pinned);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.result("Upgrade level pins")).isEqualTo("Result: Warning");
        assertThat(o.details()).contains("[upgrade_levels] compute = juno").contains("Remove these options");
        assertThat(conductor).isPositive();
    }

    @Test
    void theCommandLineReadsConfigAndExitsWithTheHighestResult() throws Exception {
        new SchemaManager(db).sync();
        service("cmp1", "nova-compute", 2, Duration.ofSeconds(5));
        db.close();
        Path conf = Files.writeString(dir.resolve("nova.conf"), "[database]\nconnection = jdbc:h2:file:"
                + dir.resolve("nova") + ";AUTO_SERVER=TRUE\n[upgrade_levels]\ncompute = kilo\n");
        StringWriter out = new StringWriter();
        CommandLine cl = NovaStatusCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("upgrade", "check", "--config-file", conf.toString());
        assertThat(exit).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("| Result: Warning").contains("[upgrade_levels] compute = kilo");
        StringWriter bad = new StringWriter();
        CommandLine cl2 = NovaStatusCommand.newCommandLine();
        cl2.setOut(new PrintWriter(bad));
        assertThat(cl2.execute("upgrade", "check", "--database-connection", "postgresql://x@127.0.0.1:1/nova"))
                .isEqualTo(255);
        assertThat(bad.toString()).startsWith("Error:" + System.lineSeparator());
        db = Database.open(ConnectionUrl.parse("jdbc:h2:file:" + dir.resolve("nova") + ";AUTO_SERVER=TRUE", dir), 3, clock);
    }

    @Test
    void detailsWrapAtSixtyWithATwoSpaceIndent() {
        String text = "word ".repeat(30) + "x".repeat(70);
        List<String> lines = NovaStatusCommand.wrap(text, 60, "  ");
        assertThat(lines).allMatch(l -> l.length() <= 60);
        assertThat(lines.get(0)).doesNotStartWith(" ");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.startsWith("  ") && !l.startsWith("   "));
        assertThat(String.join(" ", lines).replaceAll("\\s+", " ").replace("xx  x", "xxx")).contains("word word");
    }
}
