package org.tandem.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.rpc.transport.TransportUrls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tools/bench/cloud-bench}: starts an all-in-one cloud in this JVM (ephemeral ports, fresh
 * H2 in a temp directory), boots N instances through the REST API from concurrent clients, waits
 * until all are ACTIVE, deletes them and waits until they are gone. Prints builds per second and
 * the API latency percentiles of the create and delete calls. With {@code --separate} the cloud is
 * instead one JVM per service on a real broker and a fresh database ({@link SeparateCloud}).
 */
@Command(name = "cloud-bench", mixinStandardHelpOptions = true,
        description = "Boots and deletes N instances through the REST API of an in-process all-in-one cloud.")
public final class CloudBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--instances", defaultValue = "1000", description = "Instances to boot (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--computes", defaultValue = "10", description = "Fake compute hosts (default ${DEFAULT-VALUE}).")
    int computes;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent API clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--flavor", defaultValue = "1", description = "Flavor id (default ${DEFAULT-VALUE}, m1.tiny).")
    String flavor;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for ACTIVE / gone (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--separate", description = "Run every service in its own JVM (api, conductor, scheduler, one per "
            + "compute) on a real broker and database instead of the in-process all-in-one.")
    boolean separate;

    @Option(names = "--transport-url", paramLabel = "URL", defaultValue = "rabbit://guest:guest@127.0.0.1:5672/",
            description = "--separate: the broker (default ${DEFAULT-VALUE}).")
    String transportUrl;

    @Option(names = "--database-connection", paramLabel = "URL",
            defaultValue = "postgresql://postgres@127.0.0.1:5432/tandem_bench",
            description = "--separate: the database to create fresh for the run and drop after (must not exist; "
                    + "a random suffix is added to its name). Default ${DEFAULT-VALUE}; mysql://root@127.0.0.1/... "
                    + "works too.")
    String databaseConnection;

    @Option(names = "--compute-heap", defaultValue = "256m",
            description = "--separate: -Xmx of each compute JVM (default ${DEFAULT-VALUE}).")
    String computeHeap;

    @Option(names = "--service-heap", defaultValue = "768m",
            description = "--separate: -Xmx of the api, conductor and scheduler JVMs (default ${DEFAULT-VALUE}).")
    String serviceHeap;

    @Option(names = "--keep-logs",
            description = "--separate: keep the service logs directory (kept anyway on failure).")
    boolean keepLogs;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String base;
    private String token;

    @Override
    public Integer call() throws Exception {
        int perHost = Math.max(16, (instances + computes - 1) / computes * 2);
        FakeDriverSpec spec = FakeDriverSpec.of(perHost, perHost * 1024, perHost * 10);
        System.out.printf(Locale.ROOT, "cloud-bench: %d instances (flavor %s) on %d fake computes (%d vcpus, %d MB "
                + "each), %d API clients, %s%n", instances, flavor, computes, perHost, perHost * 1024, clients,
                separate ? "separate JVMs on " + TransportUrls.mask(transportUrl) : "all-in-one in this JVM");
        if (separate) {
            try (SeparateCloud cloud = SeparateCloud.start(transportUrl, databaseConnection, computes, spec,
                    computeHeap, serviceHeap, Duration.ofSeconds(timeoutSeconds), keepLogs)) {
                base = cloud.apiUrl();
                token = cloud.token();
                try {
                    workload();
                } catch (Exception | Error e) {
                    cloud.failed();
                    throw e;
                }
            }
            return 0;
        }
        Path state = Files.createTempDirectory("tandem-cloud-bench-");
        Config config = Config.loader().load().withOverride(CommonOptions.STATE_PATH, state.toString());
        try (AllInOne cloud = AllInOne.start(config, new AllInOne.Options(computes, spec, "127.0.0.1", 0, 0))) {
            base = cloud.apiUrl();
            token = BenchTokens.issue(cloud.database());
            workload();
        } finally {
            SeparateCloud.deleteTree(state);
        }
        return 0;
    }

    /** What one workload measured. */
    record Result(double buildsPerSecond, double createP50Ms, double createP99Ms, double deletesPerSecond) {
    }

    /** A bench against an already running cloud (used by {@link MixedBench}). */
    static CloudBench against(String apiUrl, String token, int instances, int clients, int timeoutSeconds) {
        CloudBench b = new CloudBench();
        b.base = apiUrl;
        b.token = token;
        b.instances = instances;
        b.clients = clients;
        b.flavor = "1";
        b.timeoutSeconds = timeoutSeconds;
        return b;
    }

    Result workload() throws Exception {
        double[] load0 = loadAverage();
        Result result;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Long> createNanos = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            long t0 = System.nanoTime();
            runAll(pool, () -> {
                for (int i = next.getAndIncrement(); i < instances; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/servers"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"server\": {\"name\": \"bench-" + i
                                    + "\", \"imageRef\": \"" + AllInOne.EXAMPLE_IMAGE + "\", \"flavorRef\": \""
                                    + flavor + "\"}}")));
                    createNanos.add(System.nanoTime() - s);
                    if (r.statusCode() != 202) {
                        throw new IllegalStateException("create answered " + r.statusCode() + ": " + r.body());
                    }
                }
            });
            long accepted = System.nanoTime() - t0;
            List<String> ids = awaitAll("ACTIVE", instances);
            long active = System.nanoTime() - t0;

            List<Long> deleteNanos = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger di = new AtomicInteger();
            long d0 = System.nanoTime();
            runAll(pool, () -> {
                for (int i = di.getAndIncrement(); i < ids.size(); i = di.getAndIncrement()) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/servers/" + ids.get(i)))
                            .DELETE());
                    deleteNanos.add(System.nanoTime() - s);
                    if (r.statusCode() != 204) {
                        throw new IllegalStateException("delete answered " + r.statusCode() + ": " + r.body());
                    }
                }
            });
            awaitAll(null, 0);
            long gone = System.nanoTime() - d0;

            System.out.printf(Locale.ROOT, "create: %d accepted in %.2f s; all ACTIVE after %.2f s -> %.1f builds/s%n",
                    instances, accepted / 1e9, active / 1e9, instances / (active / 1e9));
            System.out.printf(Locale.ROOT, "create API latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(createNanos, 50), pct(createNanos, 99), pct(createNanos, 100));
            System.out.printf(Locale.ROOT, "delete: all gone after %.2f s -> %.1f deletes/s; API latency p50 %.1f ms, "
                    + "p99 %.1f ms%n", gone / 1e9, ids.size() / (gone / 1e9), pct(deleteNanos, 50),
                    pct(deleteNanos, 99));
            result = new Result(instances / (active / 1e9), pct(createNanos, 50), pct(createNanos, 99),
                    ids.size() / (gone / 1e9));
        } finally {
            pool.shutdownNow();
        }
        double[] load1 = loadAverage();
        if (load0 != null && load1 != null) {
            System.out.printf(Locale.ROOT, "load average (1 min) before %.2f, after %.2f; %d cores%n", load0[0],
                    load1[0], Runtime.getRuntime().availableProcessors());
        }
        return result;
    }

    private static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
        } catch (Exception e) {
            return null;
        }
    }

    private static void runAll(ExecutorService pool, Callable<Void> body) throws Exception {
        List<Future<Void>> fs = new ArrayList<>();
        for (int c = 0; c < ((java.util.concurrent.ThreadPoolExecutor) pool).getCorePoolSize(); c++) {
            fs.add(pool.submit(body));
        }
        for (Future<Void> f : fs) {
            f.get();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void runAll(ExecutorService pool, Body body) throws Exception {
        runAll(pool, (Callable<Void>) () -> {
            body.run();
            return null;
        });
    }

    /** Polls until {@code expected} servers have {@code status} (null: until there are none); returns their ids. */
    private List<String> awaitAll(String status, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            List<String> matching = new ArrayList<>();
            int all = 0;
            int errors = 0;
            String marker = null;
            while (true) {
                String url = base + "/servers/detail?limit=1000" + (marker == null ? "" : "&marker=" + marker);
                JsonNode page = JSON.readTree(send(HttpRequest.newBuilder(URI.create(url)).GET()).body()).get("servers");
                for (JsonNode s : page) {
                    all++;
                    String st = s.get("status").asText();
                    if ("ERROR".equals(st)) {
                        errors++;
                    }
                    if (st.equals(status) && s.get("OS-EXT-STS:task_state").isNull()) {
                        matching.add(s.get("id").asText());
                    }
                    marker = s.get("id").asText();
                }
                if (page.size() < 1000) {
                    break;
                }
            }
            if (errors > 0) {
                throw new IllegalStateException(errors + " instance(s) went to ERROR; see the log (TANDEM_LOG_LEVEL=INFO)");
            }
            if (status == null ? all == 0 : matching.size() >= expected) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + matching.size() + " of "
                        + expected + " " + status + " (" + all + " listed)");
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.header("X-Auth-Token", token).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CloudBench()).execute(args));
    }
}
