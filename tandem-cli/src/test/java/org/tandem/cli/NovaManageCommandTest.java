package org.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nova-manage db sync|version} on an embedded H2 database. */
class NovaManageCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NovaManageCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private String h2() {
        return "jdbc:h2:file:" + dir.resolve("nova");
    }

    @Test
    void versionThenSyncThenVersion() {
        Result before = run("db", "version", "--database-connection", h2());
        assertThat(before.exit()).isZero();
        assertThat(before.out()).isEqualTo("215" + System.lineSeparator());

        Result sync = run("--database-connection", h2(), "db", "sync");
        assertThat(sync.exit()).as(sync.err()).isZero();
        assertThat(sync.out()).isEmpty();

        assertThat(run("db", "version", "--database-connection", h2()).out().strip()).isEqualTo("280");
        Result again = run("db", "sync", "--database-connection", h2());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEmpty();
    }

    @Test
    void syncToAVersionOrARelease() {
        assertThat(run("db", "sync", "--version", "254", "--database-connection", h2()).exit()).isZero();
        assertThat(run("db", "sync", "--release", "juno", "--database-connection", h2()).exit()).isZero();
        assertThat(run("db", "version", "--database-connection", h2()).out().strip()).isEqualTo("254");
        // kilo's db sync while juno runs: expand-only, then juno is refused as a downgrade
        assertThat(run("db", "sync", "--release", "kilo", "--database-connection", h2()).exit()).isZero();
        assertThat(run("db", "version", "--database-connection", h2()).out().strip()).isEqualTo("280");
        Result older = run("db", "sync", "--release", "juno", "--database-connection", h2());
        assertThat(older.exit()).isEqualTo(1);
        assertThat(older.err()).contains("refusing to downgrade to 254");
    }

    @Test
    void downgradeIsRefusedWithNonZeroExit() {
        run("db", "sync", "--database-connection", h2());
        Result down = run("db", "sync", "--version", "250", "--database-connection", h2());
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.out()).isEmpty();
        assertThat(down.err()).contains("refusing to downgrade to 250").contains("schema version 280");
        assertThat(run("db", "version", "--database-connection", h2()).out().strip()).isEqualTo("280");
    }

    @Test
    void badArgumentsFailClearly() {
        assertThat(run("db", "sync", "--version", "abc", "--database-connection", h2()).err())
                .contains("version should be an integer");
        Result unknown = run("db", "sync", "--release", "zed", "--database-connection", h2());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("Unknown release 'zed'").contains("juno");
        assertThat(run("db", "sync", "--release", "kilo", "--database-connection", h2()).exit()).isZero();
        assertThat(run("db", "sync", "--version", "254", "--release", "juno", "--database-connection", h2()).exit())
                .isEqualTo(1);
        Result sqlite = run("db", "sync", "--database-connection", "sqlite:////tmp/nova.sqlite");
        assertThat(sqlite.exit()).isEqualTo(1);
        assertThat(sqlite.err()).contains("SQLite").contains("not supported").contains("postgresql://");
        Result unreachable = run("db", "version", "--database-connection", "postgresql://nova:hunter2@127.0.0.1:1/nova");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("nova:***@127.0.0.1:1").doesNotContain("hunter2");
    }

    @Test
    void connectionComesFromConfigFilesLaterWinning() throws IOException {
        Path first = Files.writeString(dir.resolve("a.conf"), "[database]\nconnection = jdbc:h2:file:"
                + dir.resolve("wrong") + "\n");
        Path second = Files.writeString(dir.resolve("b.conf"), "# comment\n[DEFAULT]\ndebug = true\n[database]\n"
                + "connection = " + h2() + "\n");
        Result sync = run("--config-file", first.toString(), "--config-file", second.toString(), "db", "sync");
        assertThat(sync.exit()).as(sync.err()).isZero();
        assertThat(run("db", "version", "--database-connection", h2()).out().strip()).isEqualTo("280");
        assertThat(dir.resolve("wrong.mv.db")).doesNotExist();
    }

    @Test
    void withoutConnectionTheEmbeddedDatabaseLivesUnderStatePath() throws IOException {
        Path state = dir.resolve("state");
        Path conf = Files.writeString(dir.resolve("nova.conf"), "[DEFAULT]\nstate_path = " + state + "\n");
        assertThat(run("db", "sync", "--config-file", conf.toString()).exit()).isZero();
        assertThat(state.resolve("tandem-db.mv.db")).exists();
        assertThat(run("db", "version", "--state-path", state.toString()).out().strip()).isEqualTo("280");
    }

    @Test
    void missingConfigFileIsReported() {
        Result r = run("db", "version", "--config-file", dir.resolve("nope.conf").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nope.conf").contains("does not exist");
    }

    @Test
    void helpEverywhere() {
        assertThat(run("--help").out()).contains("nova-manage").contains("db");
        assertThat(run("db", "--help").out()).contains("sync").contains("version");
        assertThat(run("db", "sync", "--help").out()).contains("--version").contains("--release")
                .contains("--config-file").contains("--database-connection");
        assertThat(run("db", "version", "--help").out()).contains("schema version");
    }
}
