package org.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.config.IniFile;
import picocli.CommandLine;

class ConfigCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = TandemCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void sampleListsTheCommonOptionsAndParses() {
        assertThat(run("config", "sample")).isZero();
        String sample = out.toString();
        assertThat(sample).contains("[DEFAULT]", "#report_interval = 10", "[upgrade_levels]", "#compute = <None>",
                "[oslo_messaging_rabbit]", "#amqp_durable_queues = false");
        assertThat(IniFile.parse("sample", sample).entries()).isEmpty();
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("config", "--help")).isZero();
        assertThat(out.toString()).contains("sample", "validate");
        out.getBuffer().setLength(0);
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("config");
    }

    @Test
    void validateSaysOkForAGoodFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nova.conf");
        Files.writeString(f, "[DEFAULT]\nreport_interval = 5\nunknown_thing = 1\n");
        assertThat(run("config", "validate", "--config-file", f.toString())).isZero();
        assertThat(out.toString()).startsWith("OK: 1 file(s) read");
    }

    @Test
    void validateReportsBadValuesWithExitOne(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("a.conf");
        Path bad = dir.resolve("b.conf");
        Files.writeString(good, "[DEFAULT]\n");
        Files.writeString(bad, "[DEFAULT]\n\nreport_interval = ten\n");
        assertThat(run("config", "validate", "--config-file", good.toString(), "--config-file", bad.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("ERROR: " + bad + ":3: [DEFAULT] report_interval = \"ten\": expected"
                + " an integer >= 1");
    }

    @Test
    void validateReportsMissingFilesAndNeedsAnArgument(@TempDir Path dir) {
        assertThat(run("config", "validate", "--config-file", dir.resolve("nope.conf").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nope.conf does not exist");
        assertThat(run("config", "validate")).isEqualTo(2);
    }
}
