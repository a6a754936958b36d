package org.tandem.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.cli.NovaManageCommand;
import org.tandem.cli.NovaStatusCommand;
import org.tandem.db.Database;
import org.tandem.db.DbVendor;
import org.tandem.launcher.SeparateCloud;
import picocli.CommandLine;

/**
 * The seed's rolling upgrade (Steps 0-7) on a cluster of separate {@code tandem serve} JVMs under a
 * steady API load: see {@link DrillCommand} for what it does and checks. One instance runs once.
 */
final class Drill implements AutoCloseable {
    static final String IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b";
    static final String JUNO = "juno";
    static final String KILO = "kilo";
    /** The message the seed's Step 4 tells operators to look for. */
    static final String VERSION_ERROR = "Endpoint does not support RPC version";
    /** What a service logs when a message it received failed (reported, not a check). */
    static final String HANDLING_ERROR = "Exception during message handling";
    /** What a service logs when its broker connection is back. */
    static final String RECONNECTED = "Reconnected to the AMQP broker";
    private static final Pattern MIGRATED = Pattern.compile("^(\\d+) instances matched query, (\\d+) completed$");
    private static final Duration UP_WAIT = Duration.ofSeconds(120);
    private static final String[] CONDUCTORS = {"conductor1", "conductor2"};
    private static final String[] COMPUTES = {"compute1", "compute2", "compute3"};
    /** Fake hypervisor of each compute: m1.xlarge (16 GB) fits on none (8 GB x ram_allocation_ratio 1.5), so booting it ends in ERROR. */
    private static final String[] COMPUTE_SPEC = {"--vcpus", "16", "--memory-mb", "8192", "--disk-gb", "400"};

    /** What {@code --quick} and the default run differ in. */
    record Profile(int instances, int loadWorkers, Duration watchWindow, boolean staggeredControl) {
        static final Profile QUICK = new Profile(12, 1, Duration.ofSeconds(6), true);
        static final Profile FULL = new Profile(30, 2, Duration.ofSeconds(20), true);
    }

    private final Profile profile;
    private final PrintStream out;
    private final Timeline timeline = new Timeline();
    private final Map<String, String> releases = new ConcurrentHashMap<>();
    private final Map<String, Long> statsSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> statsTotal = new ConcurrentHashMap<>();
    private final Map<String, Boolean> checks = new LinkedHashMap<>();
    private final Map<String, String> checkDetails = new LinkedHashMap<>();
    /** Seeded instances: id -> flavor id they must have at the end. */
    private final Map<String, String> expectedFlavor = new LinkedHashMap<>();
    private final List<String> errorInstances = new ArrayList<>();
    private final List<Map<String, Object>> commands = new ArrayList<>();
    /** Per service, what happened to it and when (the report's "services", drawn as lanes by {@link HtmlReport}). */
    private final Map<String, List<Map<String, Object>>> serviceEvents = new LinkedHashMap<>();
    private EmbeddedBroker broker;
    private Database h2;
    private SeparateCloud cloud;
    private ApiClient api;
    private LoadClient load;
    private String apiPort;
    private String resizingInstance;
    private Map<String, Integer> messageHandlingErrors = Map.of();
    private Chaos chaos;
    private String transportUrl;

    Drill(Profile profile, PrintStream out) {
        this.profile = profile;
        this.out = out;
    }

    /** Turns on {@code --chaos}: faults at the points {@code plan} chose. */
    Drill chaos(Chaos plan) {
        this.chaos = plan;
        return this;
    }

    /** Runs the drill; returns the report (checks included). */
    Map<String, Object> run(String transportUrl, String databaseConnection, boolean keepLogs) throws Exception {
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("tandem-drill-");
        boolean ok = false;
        try {
            setUp(dir, transportUrl, databaseConnection, keepLogs);
            step0();
            step1();
            step2();
            step3();
            step4();
            step5();
            step6();
            step7();
            begin("end", "load stopped; final checks");
            load.stop();
            finalChecks();
            timeline.end();
            ok = checks.values().stream().allMatch(b -> b);
        } catch (Exception e) {
            if (load == null || e instanceof InterruptedException) {
                throw e; // the cloud never came up: nothing to report (exit 2)
            }
            String where = timeline.current() == null ? "?" : timeline.current().id;
            out.printf("drill: step %s could not go on: %s%n", where, e);
            check("drill_completed", false, "step " + where + " could not go on: " + e);
        } finally {
            timeline.end();
            if (load != null) {
                load.stop();
            }
            if (!ok && cloud != null) {
                cloud.failed();
            }
        }
        out.println();
        out.println("== Timeline ==");
        out.print(timeline.table());
        out.println();
        out.println("== Checks ==");
        checks.forEach((k, v) -> out.printf("%-4s %-28s %s%n", v ? "PASS" : "FAIL", k, checkDetails.get(k)));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("finished_at", Instant.now().toString());
        report.put("profile", profile.toString());
        report.put("seconds", Timeline.round((System.nanoTime() - t0) / 1e9));
        report.put("transport", transportUrl == null ? "embedded broker" : "given transport_url");
        report.put("database", cloud.databaseConnection().isBlank() ? "embedded H2" : "given database_connection");
        report.put("logs", cloud.dir().toString());
        report.put("steps", timeline.steps().stream().map(Timeline.Step::toMap).toList());
        report.put("services", services());
        report.put("resize_directions", load.resizeDirections.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
        report.put("load_cycles", load.cycles.get());
        report.put("lost_requests", total("lost_requests"));
        report.put("load_failures", load.failures);
        report.put("message_handling_errors", messageHandlingErrors);
        report.put("commands", commands);
        if (chaos != null) {
            report.put("chaos", chaos.toMap());
        }
        Map<String, Object> c = new LinkedHashMap<>();
        checks.forEach((k, v) -> c.put(k, Map.of("passed", v, "detail", checkDetails.get(k))));
        report.put("checks", c);
        report.put("passed", ok);
        return report;
    }

    /**
     * Records an event of a service's process at the current offset: {@code start} (as {@code release}),
     * {@code up} (answering; kept only right after a start), {@code stop} (SIGTERM), {@code kill} (SIGKILL),
     * {@code hup} (SIGHUP).
     */
    synchronized void serviceEvent(String service, String event, String release) {
        List<Map<String, Object>> events = serviceEvents.computeIfAbsent(service, k -> new ArrayList<>());
        if (event.equals("up") && (events.isEmpty() || !"start".equals(events.get(events.size() - 1).get("event")))) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at_s", timeline.offsetSeconds());
        e.put("event", event);
        if (release != null) {
            e.put("release", release);
        }
        events.add(e);
    }

    private synchronized List<Map<String, Object>> services() {
        List<Map<String, Object>> all = new ArrayList<>();
        serviceEvents.forEach((name, events) -> all.add(Map.of("name", name, "events", List.copyOf(events))));
        return all;
    }

    static void writeReport(Map<String, Object> report, Path file) throws IOException {
        ApiClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    }

    private void begin(String id, String title) {
        if (cloud != null) {
            pollStats();
        }
        timeline.begin(id, title);
        out.println();
        out.println("== Step " + id + ": " + title + " ==");
        if (chaos != null) {
            for (Chaos.Fault f : chaos.at(id)) {
                inject(id, f);
            }
        }
    }

    // ---- --chaos ---------------------------------------------------------------------------------

    private void inject(String step, Chaos.Fault fault) {
        long t0 = System.nanoTime();
        String detail;
        load.outage(true);
        try {
            Thread.sleep(chaos.delayMs(1500));
            detail = switch (fault) {
                case KILL_CONDUCTOR -> killConductor();
                case RESTART_BROKER -> restartBroker();
                case RESTART_DATABASE -> restartDatabase();
                case KILL_COMPUTE_MID_UPGRADE -> throw new IllegalArgumentException("injected by step 5");
            };
            awaitAllUp();
        } catch (Exception e) {
            detail = "FAILED: " + e.getMessage();
            check("chaos_" + fault.name().toLowerCase(java.util.Locale.ROOT), false, fault.what + ": " + e);
        } finally {
            load.outage(false);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        chaos.record(step, fault, detail, seconds);
        note("chaos: %s: %s (%.1f s)", fault.what, detail, seconds);
    }

    private String killConductor() throws Exception {
        String victim = CONDUCTORS[chaos.pick(CONDUCTORS.length)];
        restart(victim, releases.get(victim), true, Duration.ofMillis(1000 + chaos.delayMs(2000)));
        return "kill -9 " + victim + ", started again as " + releases.get(victim);
    }

    private String restartBroker() throws Exception {
        Map<String, Integer> reconnects = new LinkedHashMap<>();
        for (String name : releases.keySet()) {
            reconnects.put(name, count(cloud.logText(name), RECONNECTED));
        }
        String what = restartBrokerProcess();
        if (what.startsWith("not applicable")) {
            return what;
        }
        // the outage lasts until every service has its connection back, not just until the broker is up
        long deadline = System.currentTimeMillis() + UP_WAIT.toMillis();
        for (var e : reconnects.entrySet()) {
            while (count(cloud.logText(e.getKey()), RECONNECTED) <= e.getValue()) {
                require(System.currentTimeMillis() < deadline, e.getKey() + " reconnected to the broker within "
                        + UP_WAIT.toSeconds() + " s of its restart");
                Thread.sleep(100);
            }
        }
        return what + "; every service reconnected";
    }

    private String restartBrokerProcess() throws Exception {
        if (broker != null) {
            int port = broker.port();
            broker.close();
            Thread.sleep(2000);
            broker = EmbeddedBroker.start(port);
            return "embedded broker on port " + port + " stopped for 2 s and started again (its queues start empty)";
        }
        var url = org.tandem.rpc.transport.TransportUrls.parse(transportUrl);
        String host = url.hosts().get(0).hostname();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            return "not applicable: the broker at " + host + " is not on this machine";
        }
        Chaos.run(120, "rabbitmqctl", "stop_app");
        Thread.sleep(2000);
        Chaos.run(120, "rabbitmqctl", "start_app");
        return "RabbitMQ: rabbitmqctl stop_app, 2 s, start_app";
    }

    private String restartDatabase() throws Exception {
        String connection = cloud.databaseConnection();
        if (connection.isBlank()) {
            return "not applicable: the embedded H2 file is served by the drill's own JVM, not a server";
        }
        String dbHost = java.net.URI.create(connection.replaceFirst("^[a-z+]+://", "db://")).getHost();
        if (!"127.0.0.1".equals(dbHost) && !"localhost".equals(dbHost)) {
            return "not applicable: the database server at " + dbHost + " is not on this machine";
        }
        if (connection.startsWith("postgresql")) {
            String[] cluster = Chaos.postgresCluster();
            Chaos.run(120, "pg_ctlcluster", "--skip-systemctl-redirect", cluster[0], cluster[1], "restart");
            return "PostgreSQL: pg_ctlcluster " + cluster[0] + " " + cluster[1] + " restart";
        }
        Chaos.run(120, "mysqladmin", "-h127.0.0.1", "-uroot", "shutdown");
        // mysqladmin returns before mariadbd has exited; starting before that is a no-op (--oknodo)
        long gone = System.currentTimeMillis() + 60_000;
        while (new ProcessBuilder("start-stop-daemon", "--status", "--exec", "/usr/sbin/mariadbd").start()
                .waitFor() == 0) {
            require(System.currentTimeMillis() < gone, "mariadbd exited within 60 s of mysqladmin shutdown");
            Thread.sleep(200);
        }
        Chaos.run(30, "start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd",
                "--", "--user=mysql");
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", 3306)) {
                break;
            } catch (IOException e) {
                require(System.currentTimeMillis() < deadline, "MariaDB listening again within 60 s");
                Thread.sleep(200);
            }
        }
        return "MariaDB: mysqladmin shutdown, mariadbd started again";
    }

    // ---- set-up ----------------------------------------------------------------------------------

    /**
     * An admin token of project {@code drill} issued straight into the database (the drill plays
     * the operator and its users), with unlimited quotas: the load boots more than Nova's default 10.
     */
    private String issueToken() {
        try (Database db = Database.open(cloud.databaseConnection(), cloud.dir())) {
            String token = new org.tandem.identity.DirectTokens(db, Duration.ofHours(12)).issue("drill", "drill-admin",
                    "admin");
            new org.tandem.identity.Quotas(db, org.tandem.identity.Quotas.NOVA_DEFAULTS).unlimited("drill");
            return token;
        }
    }

    private void setUp(Path dir, String transportUrl, String databaseConnection, boolean keepLogs) throws Exception {
        begin("setup", "juno cloud, seed instances, start load");
        this.transportUrl = transportUrl;
        if (chaos != null) {
            out.printf("drill: --chaos with seed %d (replay with --chaos-seed %d):%n%s", chaos.seed, chaos.seed,
                    chaos.describePlan());
        }
        String url = transportUrl;
        if (url == null || url.isBlank()) {
            broker = EmbeddedBroker.start(0);
            url = broker.transportUrl();
        }
        cloud = SeparateCloud.open(dir, "drill", url, databaseConnection,
                // lost requests (a broker restart empties the queues) sent again after 65 s: above
                // rpc_response_timeout (60 s) and well within the load's 180 s wait for a state
                "report_interval = 1\nservice_down_time = 6\n[conductor]\nlost_request_timeout = 65\n", keepLogs);
        out.println("drill: cloud in " + dir + " (nova.conf, one log per service), broker "
                + (broker == null ? "given" : "embedded on port " + broker.port()) + ", database "
                + (cloud.databaseConnection().isBlank() ? "embedded H2" : cloud.databaseConnection()));
        if (cloud.databaseConnection().isBlank()) {
            // This JVM opens the H2 file first and keeps it open, so it serves the file (AUTO_SERVER) to
            // every service however they start, stop and get killed.
            h2 = Database.open("", dir);
            h2.jdbc();
        }
        novaManage("db", "sync", "--release", JUNO);
        pins(null, false);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = Integer.toString(s.getLocalPort());
        }
        cloud.apiUrl("http://127.0.0.1:" + apiPort + "/v2.1");
        api = new ApiClient(cloud.apiUrl(), Duration.ofSeconds(60), issueToken());
        start("api", JUNO);
        start("scheduler", JUNO);
        start(CONDUCTORS[0], JUNO);
        for (String c : COMPUTES) {
            start(c, JUNO);
        }
        awaitAllUp();
        seedInstances();
        load = new LoadClient(api, timeline, releases);
        load.start(profile.loadWorkers());
        out.printf("drill: %d load worker(s) started (boot, show, list, resize, confirm, delete)%n",
                profile.loadWorkers());
    }

    private void seedInstances() throws Exception {
        int plain = profile.instances() - 3;
        boot("seed", "1", plain);
        boot("seed-toobig", "5", 2);
        boot("seed-resize", "1", 1);
        for (JsonNode s : servers("seed")) {
            String id = s.path("id").asText();
            String name = s.path("name").asText();
            // a multiple create names its servers NAME-1, NAME-2, ...
            boolean tooBig = name.startsWith("seed-toobig");
            JsonNode done = awaitStatus(id, tooBig ? "ERROR" : "ACTIVE");
            if (tooBig) {
                errorInstances.add(id);
            } else if (name.startsWith("seed-resize")) {
                resizingInstance = id;
                expectedFlavor.put(id, "2");
            } else {
                expectedFlavor.put(id, done.path("flavor").path("id").asText());
            }
        }
        ApiClient.Response r = api.post("/servers/" + resizingInstance + "/action",
                "{\"resize\": {\"flavorRef\": \"2\"}}");
        require(r.status() == 202, "resize of seed-resize accepted: " + r.status() + " " + r.body());
        awaitStatus(resizingInstance, "VERIFY_RESIZE");
        out.printf("drill: %d instances booted as juno: %d ACTIVE, %d in ERROR (m1.xlarge fits no host), 1 left in "
                + "VERIFY_RESIZE (%s)%n", expectedFlavor.size() + errorInstances.size(), expectedFlavor.size() - 1, errorInstances.size(),
                resizingInstance);
    }

    private void boot(String name, String flavor, int count) throws Exception {
        ApiClient.Response r = api.post("/servers", "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \""
                + IMAGE + "\", \"flavorRef\": \"" + flavor + "\", \"min_count\": " + count + ", \"max_count\": " + count
                + "}}");
        require(r.status() == 202, "boot " + name + " accepted: " + r.status() + " " + r.body());
    }

    // ---- the seed's steps ----------------------------------------------------------------------------

    private void step0() throws Exception {
        begin("0", "add a conductor worker");
        start(CONDUCTORS[1], JUNO);
        awaitUp("nova-conductor", host(CONDUCTORS[1]));
        serviceEvent(CONDUCTORS[1], "up", null);
        novaManage("service", "list");
        pollStats();
        for (String c : CONDUCTORS) {
            note("%s: %d backports done for other services so far", c, statsTotal.getOrDefault(c
                    + "/backports_conductor", 0L));
        }
    }

    private void step1() throws Exception {
        begin("1", "db sync with kilo code while juno serves");
        novaManage("db", "version");
        novaManage("db", "sync");
        novaManage("db", "version");
    }

    private void step2() throws Exception {
        begin("2", "pin compute = juno everywhere (SIGHUP)");
        pins(JUNO, false);
        hangupAll();
    }

    private void step3() throws Exception {
        begin("3a", "control services to kilo together");
        List<String> control = new ArrayList<>(List.of("api", "scheduler", CONDUCTORS[0], CONDUCTORS[1]));
        load.outage(true);
        for (String s : control) {
            cloud.process(s).destroy();
            serviceEvent(s, "stop", null);
        }
        for (String s : control) {
            cloud.stopService(s);
            pollStats();
            resetStats(s);
        }
        for (String s : control) {
            start(s, KILO);
        }
        awaitAllUp();
        load.outage(false);
        if (profile.staggeredControl()) {
            begin("3b", "control restarts one at a time (the future)");
            note("half the conductors first, then the API apart from the conductors, then the rest; kilo to kilo");
            for (String s : List.of(CONDUCTORS[0], "api", CONDUCTORS[1], "scheduler")) {
                restart(s, KILO);
            }
        }
    }

    private void step4() throws Exception {
        begin("4a", "watch: backport_on_send = false");
        pollStats();
        long before = total("backports_conductor");
        long watched = watch();
        pollStats();
        long off = total("backports_conductor") - before;
        note("conductor backports in %d s with sender-side backport off: %d", watched, off);
        check("backports_when_off", off > 0, off + " conductor backports in the window with backport_on_send = "
                + "false (expected > 0: juno computes ask the conductor)");
        begin("4b", "watch: backport_on_send = true (SIGHUP)");
        pins(JUNO, true);
        hangupAll();
        Thread.sleep(1000);
        pollStats();
        before = total("backports_conductor");
        watched = watch();
        pollStats();
        long on = total("backports_conductor") - before;
        note("conductor backports in %d s with sender-side backport on: %d", watched, on);
        check("no_backports_when_on", on == 0, on + " conductor backports in the window with backport_on_send = "
                + "true (expected 0: senders write juno's versions)");
        int versionErrors = versionErrors();
        note("'%s' in the logs so far: %d", VERSION_ERROR, versionErrors);
    }

    /**
     * Watches for the profile's window, and on while the load has finished no cycle since the window
     * began (it may be waiting out a request a broker restart lost), at most {@link #WATCH_MAX}: a
     * window without traffic would show no backports whatever the setting.
     *
     * @return the seconds watched
     */
    private long watch() throws InterruptedException {
        long t0 = System.nanoTime();
        int cycles = load.cycles.get();
        Thread.sleep(profile.watchWindow().toMillis());
        long deadline = t0 + WATCH_MAX.toNanos();
        while (load.cycles.get() == cycles && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long seconds = Math.round((System.nanoTime() - t0) / 1e9);
        if (seconds > profile.watchWindow().toSeconds() + 1) {
            note("watch window extended to %d s: the load finished no cycle of boot, resize, confirm and delete "
                    + "in the first %d s", seconds, profile.watchWindow().toSeconds());
        }
        return seconds;
    }

    /** The longest a watch window waits for the load to finish a cycle. */
    private static final Duration WATCH_MAX = Duration.ofSeconds(150);

    private void step5() throws Exception {
        for (int i = 0; i < COMPUTES.length; i++) {
            String c = COMPUTES[i];
            String step = "5." + (i + 1);
            begin(step, "upgrade " + c + " to kilo");
            if (chaos != null && chaos.killsComputeIn(step)) {
                long t0 = System.nanoTime();
                load.outage(true);
                restart(c, KILO, true, Duration.ofMillis(500 + chaos.delayMs(1500)));
                load.outage(false);
                double seconds = (System.nanoTime() - t0) / 1e9;
                chaos.record(step, Chaos.Fault.KILL_COMPUTE_MID_UPGRADE, "kill -9 " + c + " (juno), started as kilo",
                        seconds);
                note("chaos: kill -9 %s mid-upgrade, back as kilo (%.1f s)", c, seconds);
            } else {
                restart(c, KILO);
            }
            if (i < COMPUTES.length - 1) {
                probeResizes();
            }
        }
        load.call("delete probe", () -> api.delete("/servers/" + probe), s -> s == 204);
        Map<String, Integer> dirs = new LinkedHashMap<>();
        load.resizeDirections.forEach((k, v) -> dirs.put(k, v.get()));
        boolean both = dirs.getOrDefault("kilo->juno", 0) > 0 && dirs.getOrDefault("juno->kilo", 0) > 0;
        check("resize_both_directions", both, "resizes by source->destination release: " + dirs);
    }

    /**
     * Resizes a probe server (and confirms) until it moved from a kilo to a juno host and back, at
     * most 4 times per mixed state; each resize lands on another host, chosen by the scheduler.
     */
    private void probeResizes() throws Exception {
        if (probe == null) {
            JsonNode created = load.call("boot probe", () -> api.post("/servers", "{\"server\": {\"name\": "
                    + "\"probe\", \"imageRef\": \"" + IMAGE + "\", \"flavorRef\": \"1\"}}"), s -> s == 202).body();
            probe = created.path("server").path("id").asText();
            probeFlavor = "1";
            load.await("probe", probe, "ACTIVE");
        }
        for (int i = 0; i < 4 && !(moved("kilo->juno") && moved("juno->kilo")); i++) {
            probeFlavor = probeFlavor.equals("1") ? "2" : "1";
            String direction = load.resize("probe", probe, probeFlavor);
            note("probe resize to flavor %s: %s", probeFlavor, direction);
        }
    }

    private String probe;
    private String probeFlavor;

    private boolean moved(String direction) {
        var n = load.resizeDirections.get(direction);
        return n != null && n.get() > 0;
    }

    private void step6() throws Exception {
        begin("6", "drop the pins, staged restarts");
        pins(null, true);
        for (String s : List.of(CONDUCTORS[0], CONDUCTORS[1], "scheduler", "api", COMPUTES[0], COMPUTES[1],
                COMPUTES[2])) {
            restart(s, KILO);
        }
    }

    private void step7() throws Exception {
        begin("7", "migrate_flavor_data --max-number 10 to zero");
        boolean settled = false;
        for (int round = 0; round < 40; round++) {
            String line = novaManage("migrate_flavor_data", "--max-number", "10").trim();
            Matcher m = MIGRATED.matcher(line.lines().reduce((a, b) -> b).orElse(""));
            require(m.matches(), "migrate_flavor_data printed '" + line + "'");
            int matched = Integer.parseInt(m.group(1));
            int completed = Integer.parseInt(m.group(2));
            timeline.current().rowsMigrated += completed;
            if (matched == 0) {
                check("flavor_migration_done", true, "migrate_flavor_data matched 0 instances after " + (round + 1)
                        + " runs");
                return;
            }
            if (completed == 0) {
                if (settled) {
                    Thread.sleep(500); // a load server mid-resize: let it finish its transition
                    continue;
                }
                settle();
                settled = true;
            }
        }
        check("flavor_migration_done", false, "migrate_flavor_data still matched instances after 40 runs");
    }

    /** Lets the skipped instances complete their transition: confirm the resize, delete the failed boots. */
    private void settle() throws Exception {
        out.println("drill: settling the skipped instances: confirm the resize of " + resizingInstance
                + ", delete the " + errorInstances.size() + " failed boots (ERROR)");
        require(api.post("/servers/" + resizingInstance + "/action", "{\"confirmResize\": null}").status() == 204,
                "confirmResize of " + resizingInstance);
        awaitStatus(resizingInstance, "ACTIVE");
        for (String id : errorInstances) {
            require(api.delete("/servers/" + id).status() == 204, "delete ERROR instance " + id);
        }
        for (String id : errorInstances) {
            long deadline = System.currentTimeMillis() + UP_WAIT.toMillis();
            while (api.get("/servers/" + id).status() != 404) {
                require(System.currentTimeMillis() < deadline, id + " gone after delete");
                Thread.sleep(200);
            }
        }
    }

    // ---- checks ------------------------------------------------------------------------------------

    private void finalChecks() throws Exception {
        pollStats();
        long lost = total("lost_requests");
        note("requests the broker lost, found and sent again (or ended) by the conductors: %d%s", lost, lost == 0 ? ""
                : " (see 'the request carrying it was lost' in the conductor logs)");
        novaManage("db", "online_data_migrations");
        novaStatus("upgrade", "check");
        int failed = timeline.steps().stream().mapToInt(s -> s.failed).sum();
        check("no_failed_requests", failed == 0 && load.failures.isEmpty(), failed + " failed request(s), "
                + load.failures.size() + " failure(s) in the load" + (load.failures.isEmpty() ? ""
                        : ": " + load.failures.subList(0, Math.min(5, load.failures.size()))));
        List<String> wrong = new ArrayList<>();
        List<String> unsettled = new ArrayList<>();
        for (Map.Entry<String, String> e : expectedFlavor.entrySet()) {
            ApiClient.Response r = api.get("/servers/" + e.getKey());
            if (r.status() != 200) {
                wrong.add(e.getKey() + " missing (" + r.status() + ")");
                continue;
            }
            JsonNode s = r.body().path("server");
            if (!e.getValue().equals(s.path("flavor").path("id").asText())) {
                wrong.add(e.getKey() + " flavor " + s.path("flavor").path("id").asText() + ", expected " + e.getValue());
            }
            if (!"ACTIVE".equals(s.path("status").asText()) || !s.path("OS-EXT-STS:task_state").isNull()) {
                unsettled.add(e.getKey() + " " + s.path("status").asText() + "/" + s.path("OS-EXT-STS:task_state"));
            }
        }
        check("instances_preserved", wrong.isEmpty(), expectedFlavor.size() + " seeded instances present with their "
                + "flavor" + (wrong.isEmpty() ? "" : "; wrong: " + wrong));
        List<String> others = new ArrayList<>();
        for (JsonNode s : servers("")) {
            String st = s.path("status").asText();
            if (!"ACTIVE".equals(st) || !s.path("OS-EXT-STS:task_state").isNull()) {
                others.add(s.path("name").asText() + " " + s.path("id").asText() + " " + st);
            }
        }
        unsettled.addAll(others);
        check("instances_settled", unsettled.isEmpty(), "every instance ACTIVE with no task (failed boots deleted in "
                + "Step 7)" + (unsettled.isEmpty() ? "" : "; not: " + unsettled));
        long legacy = legacyFlavorKeys();
        check("no_legacy_flavor_keys", legacy == 0, legacy + " instance_type_* system_metadata rows left on live "
                + "instances");
        Map<String, Integer> handlingErrors = new LinkedHashMap<>();
        for (String s : cloud.serviceNames()) {
            int n = count(cloud.logText(s), HANDLING_ERROR);
            if (n > 0) {
                handlingErrors.put(s, n);
            }
        }
        messageHandlingErrors = handlingErrors;
        if (!handlingErrors.isEmpty()) {
            out.println("drill: WARNING: '" + HANDLING_ERROR + "' logged by " + handlingErrors
                    + " (not a check of the issue; see the service logs)");
        }
        int versionErrors = versionErrors();
        check("no_version_errors", versionErrors == 0, versionErrors + " '" + VERSION_ERROR + "' lines in "
                + cloud.serviceNames().size() + " service logs");
    }

    private long legacyFlavorKeys() throws Exception {
        try (Database db = Database.open(cloud.databaseConnection(), cloud.dir()); Connection c = db.connection();
                Statement st = c.createStatement()) {
            String key = db.vendor() == DbVendor.MARIADB ? "`key`" : "\"key\"";
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM instance_system_metadata m JOIN instances i "
                    + "ON i.uuid = m.instance_uuid WHERE i.deleted = 0 AND m.deleted = 0 AND m." + key
                    + " LIKE 'instance_type_%'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int versionErrors() {
        int n = 0;
        for (String s : cloud.serviceNames()) {
            n += count(cloud.logText(s), VERSION_ERROR);
        }
        return n;
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private void check(String name, boolean passed, String detail) {
        checks.put(name, passed);
        checkDetails.put(name, detail);
        out.printf("drill: check %s: %s (%s)%n", name, passed ? "PASS" : "FAIL", detail);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("drill: expected " + what);
        }
    }

    private void note(String format, Object... args) {
        String s = String.format(format, args);
        timeline.current().notes.add(s);
        out.println("drill: " + s);
    }

    // ---- operator commands ---------------------------------------------------------------------------

    /** Runs {@code nova-manage ARGS} against the cloud's nova.conf in this JVM and prints it as a shell would. */
    private String novaManage(String... args) {
        return operator("nova-manage", NovaManageCommand.newCommandLine(), args);
    }

    private String novaStatus(String... args) {
        return operator("nova-status", NovaStatusCommand.newCommandLine(), args);
    }

    private String operator(String name, CommandLine cl, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true));
        List<String> all = new ArrayList<>(List.of("--config-file", cloud.configFile().toString()));
        all.addAll(List.of(args));
        int rc = cl.execute(all.toArray(String[]::new));
        out.println("$ " + name + " " + String.join(" ", args));
        o.toString().lines().forEach(out::println);
        e.toString().lines().forEach(l -> out.println("  (stderr) " + l));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("step", timeline.current().id);
        rec.put("command", name + " " + String.join(" ", args));
        rec.put("exit", rc);
        rec.put("stdout", o.toString());
        commands.add(rec);
        if (rc != 0 && !(name.equals("nova-status"))) {
            throw new IllegalStateException(name + " " + String.join(" ", args) + " exited with " + rc + ": " + e);
        }
        return o.toString();
    }

    // ---- services ----------------------------------------------------------------------------------

    /** Writes nova.conf's [upgrade_levels]: {@code compute} pin (null: none) and backport_on_send. */
    private void pins(String compute, boolean backportOnSend) throws IOException {
        String section = "[upgrade_levels]\n" + (compute == null ? "" : "compute = " + compute + "\n")
                + "backport_on_send = " + backportOnSend + "\n";
        cloud.rewriteConfig(section);
        out.println("drill: nova.conf " + section.replace("\n", "; ").replaceAll("; $", ""));
    }

    /** SIGHUP to every service; waits until each has logged one more "reload done". */
    private void hangupAll() throws Exception {
        Map<String, Integer> before = new LinkedHashMap<>();
        for (String s : cloud.serviceNames()) {
            before.put(s, reloads(s));
            cloud.hangup(s);
            serviceEvent(s, "hup", null);
        }
        out.println("drill: SIGHUP sent to " + String.join(", ", cloud.serviceNames()));
        long deadline = System.currentTimeMillis() + 30_000;
        for (String s : before.keySet()) {
            while (reloads(s) <= before.get(s)) {
                require(System.currentTimeMillis() < deadline, s + " reloads its pins after SIGHUP");
                Thread.sleep(100);
            }
        }
    }

    private int reloads(String service) {
        return count(cloud.logText(service), "reload done");
    }

    private void start(String name, String release) throws Exception {
        String service = name.startsWith("conductor") ? "conductor" : name.startsWith("compute") ? "compute" : name;
        List<String> args = new ArrayList<>(List.of("--host", host(name)));
        if (name.equals("api")) {
            args.addAll(List.of("--port", apiPort));
        }
        if (service.equals("compute")) {
            args.addAll(List.of(COMPUTE_SPEC));
        }
        cloud.startService(name, release, service, args.toArray(String[]::new));
        serviceEvent(name, "start", release);
        releases.put(name, release);
        out.printf("drill: started %s as %s%n", name, release);
    }

    /** SIGTERM, then start again as {@code release}; the API's restart is a deliberate outage. */
    private void restart(String name, String release) throws Exception {
        restart(name, release, false, Duration.ZERO);
    }

    /** Stops {@code name} (SIGTERM, or kill -9 when {@code kill}), waits {@code down}, starts it as {@code release}. */
    private void restart(String name, String release, boolean kill, Duration down) throws Exception {
        boolean control = !name.startsWith("compute");
        serviceEvent(name, kill ? "kill" : "stop", null);
        if (control) {
            load.outage(true);
        }
        if (kill) {
            pollStats();
            cloud.killService(name);
            out.printf("drill: kill -9 %s%n", name);
        } else {
            cloud.stopService(name);
            pollStats();
        }
        resetStats(name);
        Thread.sleep(down.toMillis());
        int started = runningLines(name);
        start(name, release);
        long deadline = System.currentTimeMillis() + UP_WAIT.toMillis();
        while (runningLines(name) <= started) {
            require(cloud.process(name).isAlive(), name + " running after restart; log: " + cloud.dir().resolve(name
                    + ".log"));
            require(System.currentTimeMillis() < deadline, name + " up within " + UP_WAIT.toSeconds() + " s");
            Thread.sleep(100);
        }
        if (name.equals("api")) {
            awaitApi();
        }
        serviceEvent(name, "up", null);
        if (control) {
            load.outage(false);
        }
    }

    /** The host a service runs on: computes are named after their host, the control services run on controller-NAME. */
    private static String host(String service) {
        return service.startsWith("compute") ? service : "controller-" + service;
    }

    private int runningLines(String name) {
        return count(cloud.logText(name), "running on host");
    }

    private void awaitApi() throws Exception {
        long deadline = System.currentTimeMillis() + UP_WAIT.toMillis();
        while (true) {
            try {
                if (api.get("/flavors").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            require(cloud.process("api").isAlive(), "api running; log: " + cloud.dir().resolve("api.log"));
            require(System.currentTimeMillis() < deadline, "API answering within " + UP_WAIT.toSeconds() + " s");
            Thread.sleep(200);
        }
    }

    /** Waits until the API answers and every started service is up in os-services. */
    private void awaitAllUp() throws Exception {
        awaitApi();
        serviceEvent("api", "up", null);
        for (String s : cloud.serviceNames()) {
            if (!s.equals("api")) {
                awaitUp("nova-" + (s.startsWith("conductor") ? "conductor" : s.startsWith("compute") ? "compute" : s),
                        host(s));
                serviceEvent(s, "up", null);
            }
        }
    }

    private void awaitUp(String binary, String host) throws Exception {
        long deadline = System.currentTimeMillis() + UP_WAIT.toMillis();
        while (true) {
            JsonNode services = api.get("/os-services?binary=" + binary).body().path("services");
            for (JsonNode s : services) {
                if (host.equals(s.path("host").asText()) && "up".equals(s.path("state").asText())) {
                    return;
                }
            }
            for (String n : cloud.serviceNames()) {
                require(cloud.process(n).isAlive(), n + " running; log: " + cloud.dir().resolve(n + ".log"));
            }
            require(System.currentTimeMillis() < deadline, binary + " on " + host + " up within "
                    + UP_WAIT.toSeconds() + " s; os-services says " + services);
            Thread.sleep(250);
        }
    }

    private JsonNode awaitStatus(String id, String status) throws Exception {
        long deadline = System.currentTimeMillis() + UP_WAIT.toMillis();
        while (true) {
            JsonNode s = api.get("/servers/" + id).body().path("server");
            if (status.equals(s.path("status").asText()) && s.path("OS-EXT-STS:task_state").isNull()) {
                return s;
            }
            require(!"ERROR".equals(s.path("status").asText()) || status.equals("ERROR"), id + " not in ERROR: "
                    + s.path("fault"));
            require(System.currentTimeMillis() < deadline, id + " " + status + " within " + UP_WAIT.toSeconds() + " s");
            Thread.sleep(200);
        }
    }

    private List<JsonNode> servers(String name) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        api.get("/servers/detail?name=" + name).body().path("servers").forEach(all::add);
        return all;
    }

    // ---- counters ----------------------------------------------------------------------------------

    /** Reads every service's stats file and adds what grew since the last read to the totals and the step. */
    private synchronized void pollStats() {
        Timeline.Step step = timeline.current();
        for (String s : cloud.serviceNames()) {
            for (Map.Entry<String, Long> e : cloud.stats(s).entrySet()) {
                String key = s + "/" + e.getKey();
                long delta = e.getValue() - statsSeen.getOrDefault(key, 0L);
                if (delta > 0) {
                    statsSeen.put(key, e.getValue());
                    statsTotal.merge(key, delta, Long::sum);
                    if (e.getKey().equals("backports_conductor")) {
                        step.backportsConductor += delta;
                    } else if (e.getKey().equals("backports_sender")) {
                        step.backportsSender += delta;
                    }
                }
            }
        }
    }

    /** A service restarts: its next incarnation counts from zero. */
    private synchronized void resetStats(String service) throws IOException {
        statsSeen.keySet().removeIf(k -> k.startsWith(service + "/"));
        Files.deleteIfExists(cloud.dir().resolve(service + ".stats"));
    }

    private long total(String counter) {
        return statsTotal.entrySet().stream().filter(e -> e.getKey().endsWith("/" + counter))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Override
    public void close() {
        if (cloud != null) {
            cloud.close();
        }
        if (h2 != null) {
            h2.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
