package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Command-line behaviour of {@code all-in-one} and {@code serve}: help, and clear failures. */
class CommandsTest {
    @TempDir
    Path dir;

    static String help(Object command) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        return out.toString();
    }

    @Test
    void helpNamesTheOptions() {
        assertThat(help(new AllInOneCommand())).contains("--computes", "--port", "--config-file", "--state-path",
                "--broker-port");
        assertThat(help(new ServeCommand())).contains("api, conductor, scheduler, compute", "--host", "--release",
                "--config-file");
    }

    @Test
    void serveWithoutTransportUrlSaysWhatToSet() {
        String err = runCapturingStderr(() -> new CommandLine(new ServeCommand()).execute("compute", "--host", "c1",
                "--state-path", dir.toString()), 1);
        assertThat(err).contains("transport_url is not set").contains("bin/tandem all-in-one")
                .doesNotContain("Pick another port");
    }

    @Test
    void apiPortInUseFailsWithAHint() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String err = runCapturingStderr(() -> new CommandLine(new AllInOneCommand()).execute("--computes", "1",
                    "--port", Integer.toString(taken.getLocalPort()), "--broker-port", "0",
                    "--state-path", dir.toString()), 1);
            assertThat(err).contains("could not start").contains("--port");
        }
    }

    private static String runCapturingStderr(java.util.function.IntSupplier run, int expectedExit) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run.getAsInt();
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(expectedExit);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void cloudBenchBootsAndDeletesAndPrintsItsFigures() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new CloudBench()).execute("--instances", "6", "--computes", "2", "--clients", "3",
                    "--timeout", "120");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("create: 6 accepted").contains("builds/s").contains("p99").contains("all gone");
    }

    @Test
    void cloudBenchSeparateRejectsADatabaseUrlItCannotCreateADatabaseFrom() {
        String err = runCapturingStderr(() -> new CommandLine(new CloudBench()).execute("--separate",
                "--database-connection", "jdbc:h2:mem:x", "--instances", "1"), 1);
        assertThat(err).contains("--database-connection must look like postgresql://");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("no service JVM started")
                .isEmpty();
    }
}
