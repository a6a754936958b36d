package org.tandem.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@code tandem serve <service>} as child JVMs on the test class path and stops them. */
final class ServiceJvms implements AutoCloseable {
    final Map<String, Process> processes = new LinkedHashMap<>();
    private final Path dir;
    private final Path configFile;

    ServiceJvms(Path dir, Path configFile) {
        this.dir = dir;
        this.configFile = configFile;
    }

    static Path writeConfig(Path dir, String transportUrl, String databaseConnection) throws IOException {
        return writeConfig(dir, transportUrl, databaseConnection, "");
    }

    /** @param defaultExtra more lines for [DEFAULT] */
    static Path writeConfig(Path dir, String transportUrl, String databaseConnection, String defaultExtra)
            throws IOException {
        Path f = dir.resolve("nova.conf");
        Files.writeString(f, "[DEFAULT]\n"
                + defaultExtra
                + "transport_url = " + transportUrl + "\n"
                + "state_path = " + dir.toAbsolutePath() + "\n"
                + "report_interval = 1\n"
                + "service_down_time = 6\n"
                + "rpc_response_timeout = 30\n"
                + "[database]\n"
                + "connection = " + (databaseConnection == null ? "" : databaseConnection) + "\n");
        return f;
    }

    Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServeCommand.class.getName());
        cmd.addAll(List.of(args));
        cmd.add("--config-file");
        cmd.add(configFile.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
        processes.put(name, p);
        return p;
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    String logText(String name) {
        try {
            return Files.readString(log(name));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
