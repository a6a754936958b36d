package org.tandem.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.DbVendor;
import org.tandem.db.SchemaManager;

/**
 * A cloud of separate JVMs for benchmarks and the upgrade drill: creates a fresh database (dropped again on close), syncs
 * its schema, then starts {@code tandem serve} api, conductor, scheduler and one JVM per compute
 * host on a real broker, and waits until every service reports up. {@link #close()} (also run on
 * any start failure) sends SIGTERM to every JVM, kills those still alive after 30 s, and drops the
 * database. Service logs go to a temporary directory, kept when something failed.
 *
 * <p>{@link #open} makes an empty cloud instead (the embedded H2 file under its directory when no
 * database connection is given; no schema sync), whose services the caller starts, stops, kills,
 * restarts under another release and signals one by one ({@link #startService} and friends).
 */
public final class SeparateCloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SeparateCloud.class);
    private static final Pattern URL = Pattern.compile("^([a-zA-Z0-9+]+://[^/]*/)([A-Za-z0-9_]+)(\\?.*)?$");
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String PREFIX = "tandembench";

    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::stopProcesses, "cloud-bench-stop");
    private final boolean keepLogs;
    private String adminJdbc;
    private ConnectionUrl admin;
    private String dbName;
    private DbVendor vendor;
    private boolean failed;
    private String apiUrl;
    private String token;
    private Path conf;
    private String baseConfig;
    private String connection;
    private String prefix = PREFIX;
    private String label = "cloud-bench";

    private SeparateCloud(Path dir, boolean keepLogs) {
        this.dir = dir;
        this.keepLogs = keepLogs;
    }

    static SeparateCloud start(String transportUrl, String databaseConnection, int computes, FakeDriverSpec spec,
            String computeHeap, String serviceHeap, Duration timeout, boolean keepLogs) throws Exception {
        SeparateCloud c = new SeparateCloud(Files.createTempDirectory("tandem-cloud-bench-"), keepLogs);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.boot(transportUrl, databaseConnection, computes, spec, computeHeap, serviceHeap, timeout);
            return c;
        } catch (Exception | Error e) {
            c.failed = true;
            c.close();
            throw e;
        }
    }

    /**
     * An empty cloud in {@code dir}: a fresh database on the server of {@code databaseConnection}
     * (dropped on close), or the embedded H2 file under {@code dir} when it is blank, and a
     * {@code nova.conf} with {@code transport_url}, {@code state_path}, the connection and
     * {@code defaultExtra} lines in {@code [DEFAULT]}. Nothing is started and the schema is not synced.
     */
    public static SeparateCloud open(Path dir, String prefix, String transportUrl, String databaseConnection,
            String defaultExtra, boolean keepLogs) throws Exception {
        SeparateCloud c = new SeparateCloud(dir, keepLogs);
        c.prefix = prefix;
        c.label = prefix;
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.connection = databaseConnection == null || databaseConnection.isBlank() ? ""
                    : c.createDatabase(databaseConnection);
            c.baseConfig = "[DEFAULT]\n"
                    + "transport_url = " + transportUrl + "\n"
                    + "control_exchange = " + prefix + "\n"
                    + "state_path = " + dir.toAbsolutePath() + "\n"
                    + defaultExtra
                    + "[database]\n"
                    + "connection = " + c.connection + "\n";
            c.conf = dir.resolve("nova.conf");
            c.rewriteConfig("");
            return c;
        } catch (Exception | Error e) {
            c.failed = true;
            c.close();
            throw e;
        }
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** An admin token for the API (issued into the database before the api process started). */
    String token() {
        return token;
    }

    /** The cloud's directory: state_path, nova.conf and one log per service. */
    public Path dir() {
        return dir;
    }

    /** The cloud's nova.conf. */
    public Path configFile() {
        return conf;
    }

    /** The database connection in nova.conf (blank: the embedded H2 file under {@link #dir()}). */
    public String databaseConnection() {
        return connection;
    }

    /** Rewrites nova.conf: the cloud's settings followed by {@code sections} (e.g. an [upgrade_levels] section). */
    public synchronized void rewriteConfig(String sections) throws IOException {
        Files.writeString(conf, baseConfig + sections);
    }

    /**
     * Starts {@code tandem serve <service> --release <release>} as process {@code name} (appending
     * to {@code <name>.log}, counters in {@code <name>.stats}); for the API, {@code args} must hold
     * {@code --port}. A name that ran before is started again (its old process must have exited).
     */
    public synchronized Process startService(String name, String release, String service, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(List.of(service, "--release", release, "--stats-file",
                dir.resolve(name + ".stats").toString()));
        all.addAll(List.of(args));
        start(conf, name, "compute".equals(service) ? "96m" : "192m", "compute".equals(service),
                all.toArray(String[]::new));
        return processes.get(name);
    }

    /** Sets the API URL the cloud reports (for clouds made with {@link #open}). */
    public void apiUrl(String url) {
        apiUrl = url;
    }

    /** The running (or exited) process called {@code name}. */
    public synchronized Process process(String name) {
        return processes.get(name);
    }

    /** SIGTERM to {@code name}, then waits up to 30 s for it to exit (killed after that); true if it stopped gracefully. */
    public boolean stopService(String name) throws InterruptedException {
        Process p = process(name);
        p.destroy();
        if (p.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            return true;
        }
        LOG.warn("{} did not stop within {} s of SIGTERM; killing it", name, STOP_GRACE.toSeconds());
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    /** kill -9 {@code name} and waits for it to be gone. */
    public void killService(String name) throws InterruptedException {
        process(name).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends SIGHUP to {@code name} (it reloads its [upgrade_levels] pins). */
    public void hangup(String name) throws IOException, InterruptedException {
        Process p = process(name);
        int rc = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -HUP " + p.pid() + " (" + name + ") exited with " + rc);
        }
    }

    /** What {@code name} has logged so far (every incarnation). */
    public String logText(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The counters {@code name} last wrote ({@link ServiceStats}); empty before its first write. */
    public Map<String, Long> stats(String name) {
        return ServiceStats.read(dir.resolve(name + ".stats"));
    }

    /** The names of every service started so far. */
    public synchronized List<String> serviceNames() {
        return List.copyOf(processes.keySet());
    }

    private void boot(String transportUrl, String databaseConnection, int computes, FakeDriverSpec spec,
            String computeHeap, String serviceHeap, Duration timeout) throws Exception {
        String connection = createDatabase(databaseConnection);
        long t0 = System.nanoTime();
        try (Database db = Database.open(ConnectionUrl.parse(connection, null), 2, Clock.systemUTC())) {
            int applied = new SchemaManager(db).sync();
            System.out.printf("cloud-bench: database %s created, %d migration(s) applied%n", dbName, applied);
            token = BenchTokens.issue(db);
        }
        int apiPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = s.getLocalPort();
        }
        Path conf = dir.resolve("nova.conf");
        Files.writeString(conf, "[DEFAULT]\n"
                + "transport_url = " + transportUrl + "\n"
                + "control_exchange = " + PREFIX + "\n"
                + "state_path = " + dir.toAbsolutePath() + "\n"
                + "[database]\n"
                + "connection = " + connection + "\n");
        start(conf, "api", serviceHeap, false, "api", "--host", PREFIX + "-api", "--port", Integer.toString(apiPort));
        start(conf, "conductor", serviceHeap, false, "conductor", "--host", PREFIX + "-controller");
        start(conf, "scheduler", serviceHeap, false, "scheduler", "--host", PREFIX + "-controller");
        for (int i = 1; i <= computes; i++) {
            String host = PREFIX + "-compute" + i;
            start(conf, host, computeHeap, true, "compute", "--host", host, "--vcpus", Integer.toString(spec.vcpus()),
                    "--memory-mb", Integer.toString(spec.memoryMb()), "--disk-gb", Integer.toString(spec.localGb()));
        }
        apiUrl = "http://127.0.0.1:" + apiPort + "/v2.1";
        awaitUp(computes, timeout);
        System.out.printf("cloud-bench: %d JVMs up after %.1f s (logs in %s)%n", processes.size(),
                (System.nanoTime() - t0) / 1e9, dir);
    }

    /** Polls os-services and os-hypervisors until conductor, scheduler and every compute are up. */
    private void awaitUp(int computes, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "API not answering yet";
        while (true) {
            for (Map.Entry<String, Process> e : processes.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw new IllegalStateException(e.getKey() + " exited with " + e.getValue().exitValue()
                            + " during start; its log: " + dir.resolve(e.getKey() + ".log") + "\n" + tail(e.getKey()));
                }
            }
            try {
                JsonNode services = json.readTree(http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/os-services"))
                        .header("X-Auth-Token", token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .get("services");
                int up = 0;
                for (JsonNode s : services) {
                    if ("up".equals(s.get("state").asText())) {
                        up++;
                    }
                }
                int hypervisors = json.readTree(http.send(HttpRequest.newBuilder(URI.create(apiUrl
                        + "/os-hypervisors")).header("X-Auth-Token", token).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("hypervisors").size();
                if (up >= computes + 2 && hypervisors >= computes) {
                    return;
                }
                last = up + " of " + (computes + 2) + " services up, " + hypervisors + " of " + computes
                        + " hypervisors";
            } catch (IOException e) {
                last = "API not answering yet (" + e + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("services not up after " + timeout.toSeconds() + " s: " + last
                        + "; logs in " + dir);
            }
            Thread.sleep(500);
        }
    }

    private void start(Path conf, String name, String heap, boolean lean, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        if (lean) {
            // Computes only run the fake driver: the C1 compiler and the serial collector keep ten of
            // them from crowding the two cores the API, conductor and scheduler need.
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-XX:+UseSerialGC");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServeCommand.class.getName());
        cmd.addAll(List.of(args));
        cmd.add("--config-file");
        cmd.add(conf.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
        processes.put(name, p);
    }

    private String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    // ---- database ----------------------------------------------------------------------------------

    /** Creates {@code <db>_<random>} on the server of {@code connection}; returns its connection URL. */
    private String createDatabase(String connection) throws Exception {
        Matcher m = URL.matcher(connection);
        if (!m.matches()) {
            throw new LaunchException("--database-connection must look like postgresql://USER[:PASS]@HOST[:PORT]/NAME "
                    + "or mysql://USER[:PASS]@HOST[:PORT]/NAME (NAME: letters, digits, _), got " + connection);
        }
        ConnectionUrl parsed = ConnectionUrl.parse(connection, null);
        vendor = parsed.vendor();
        if (vendor != DbVendor.POSTGRESQL && vendor != DbVendor.MARIADB) {
            throw new LaunchException("--separate needs a PostgreSQL or MariaDB/MySQL server, got " + connection);
        }
        String name = m.group(2) + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String query = m.group(3) == null ? "" : m.group(3);
        admin = ConnectionUrl.parse(m.group(1) + (vendor == DbVendor.POSTGRESQL ? "postgres" : "mysql") + query, null);
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + (vendor == DbVendor.MARIADB ? " CHARACTER SET utf8mb4" : ""));
        }
        dbName = name;
        return m.group(1) + name + query;
    }

    private void dropDatabase() {
        if (dbName == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + dbName + (vendor == DbVendor.POSTGRESQL ? " WITH (FORCE)" : ""));
            System.out.printf("%s: database %s dropped%n", label, dbName);
        } catch (Exception e) {
            LOG.warn("Could not drop the benchmark database {}: {}; drop it by hand", dbName, e.toString());
        }
        dbName = null;
    }

    // ---- stop ----------------------------------------------------------------------------------------

    private synchronized void stopProcesses() {
        for (Process p : processes.values()) {
            p.destroy();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Map.Entry<String, Process> e : processes.entrySet()) {
            Process p = e.getValue();
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} did not stop within {} s of SIGTERM; killing it", e.getKey(), STOP_GRACE.toSeconds());
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException ie) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        dropDatabase();
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the same work
        }
        if (!failed && !keepLogs) {
            deleteTree(dir);
        } else {
            System.out.println(label + ": service logs kept in " + dir);
        }
    }

    /** Removes a temporary directory and everything in it; a failure is only logged. */
    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}; remove it by hand", dir, e.toString());
        }
    }

    /** Marks the run failed so the logs are kept. */
    public void failed() {
        failed = true;
    }
}
