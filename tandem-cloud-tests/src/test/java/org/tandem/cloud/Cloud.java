package org.tandem.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.tandem.compute.ComputeService;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.conductor.ConductorService;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.model.Flavor;
import org.tandem.model.Instance;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;
import org.tandem.rpc.transport.Transports;
import org.tandem.rpcapi.ServerActions;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.scheduler.SchedulerService;
import org.tandem.service.ServiceRunner;
import org.tandem.version.Release;

/**
 * A whole cloud in one JVM: H2 in a temp dir (juno schema), one memory broker, a conductor, a
 * scheduler and compute hosts as separate RPC servers; the test plays the API with
 * {@link ServerActions} over the database backend.
 */
final class Cloud implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    final String broker = "cloud-" + UUID.randomUUID();
    final Database db;
    final Config config;
    ServiceRunner conductor;
    ServiceRunner scheduler;
    final Map<String, ComputeService.Handle> computes = new LinkedHashMap<>();
    ObjectOps ops;
    ServerActions api;
    ComputeRpcApi computeApi;
    final RequestContext ctx = RequestContext.builder().userId("alice").projectId("demo").roles(List.of("member"))
            .build();
    private final List<Transport> transports = new ArrayList<>();
    /** Every message each service sent (sender "api", "conductor", "scheduler" or the compute's host). */
    final RecordingTransport.Log sent = new RecordingTransport.Log();

    /** The API's pins (it follows auto pins and SIGHUP like a real nova-api). */
    UpgradeLevels apiLevels;

    Cloud(Path dir, Map<String, FakeDriverSpec> hosts, UnaryOperator<Config> tweak) {
        this(dir, hosts, Map.of(), tweak);
    }

    /** @param releases the release of each compute host named there (others run the config's release) */
    Cloud(Path dir, Map<String, FakeDriverSpec> hosts, Map<String, Release> releases, UnaryOperator<Config> tweak) {
        db = Database.open(ConnectionUrl.parse(null, dir), 10, Clock.systemUTC());
        new SchemaManager(db).sync();
        config = tweak.apply(Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.REPORT_INTERVAL, 1)
                .withOverride(CommonOptions.SERVICE_DOWN_TIME, 8)
                .withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 30));
        conductor = ConductorService.start(config.withOverride(CommonOptions.HOST, "controller"), transport("conductor"), db);
        scheduler = SchedulerService.start(config.withOverride(CommonOptions.HOST, "controller"), transport("scheduler"), db);
        hosts.forEach((h, spec) -> startCompute(h, spec, releases.getOrDefault(h, org.tandem.rpcapi.Releases.of(config))));
        startApi(org.tandem.rpcapi.Releases.of(config));
    }

    private void startApi(Release release) {
        Config apiConfig = config.withOverride(CommonOptions.RELEASE, release.codename());
        ModelSerializer serializer = ModelSerializer.failingOnNewerObjects(release);
        ObjectOps apiOps = new ObjectOps(new DbObjectBackend(db, "api", release), release);
        ops = apiOps;
        apiLevels = UpgradeLevels.forService(apiConfig, release, () -> apiOps, "nova-api (test)")
                .refreshEvery(Duration.ofSeconds(config.get(CommonOptions.REPORT_INTERVAL)));
        Transport t = transport("api");
        computeApi = new ComputeRpcApi(t, apiConfig, apiLevels, serializer);
        api = new ServerActions(apiOps, new ComputeTaskRpcApi(t, apiConfig, apiLevels, serializer), computeApi);
    }

    /**
     * Stops the control services (conductor, scheduler, API) and starts them again as
     * {@code release}: the upgrade guide's Step 3, or its rollback.
     */
    void restartControl(Release release) {
        restartControl(release, release, release);
    }

    /** Stops the control services and starts each again as its own release (a control plane upgraded in parts). */
    void restartControl(Release conductorRelease, Release schedulerRelease, Release apiRelease) {
        apiLevels.unregister();
        scheduler.close();
        conductor.close();
        Config c = config.withOverride(CommonOptions.HOST, "controller");
        conductor = ConductorService.start(c.withOverride(CommonOptions.RELEASE, conductorRelease.codename()),
                transport("conductor"), db);
        scheduler = SchedulerService.start(c.withOverride(CommonOptions.RELEASE, schedulerRelease.codename()),
                transport("scheduler"), db);
        startApi(apiRelease);
    }

    ComputeService.Handle startCompute(String host, FakeDriverSpec spec) {
        return startCompute(host, spec, config);
    }

    /** A compute running as {@code release} (a mixed-version cluster). */
    ComputeService.Handle startCompute(String host, FakeDriverSpec spec, Release release) {
        return startCompute(host, spec, config.withOverride(CommonOptions.RELEASE, release.codename()));
    }

    ComputeService.Handle startCompute(String host, FakeDriverSpec spec, Config computeConfig) {
        ComputeService.Handle h = ComputeService.start(computeConfig, transport(host), host, spec);
        computes.put(host, h);
        return h;
    }

    /** Stops a compute (gracefully) and forgets it. */
    void stopCompute(String host) {
        ComputeService.Handle h = computes.remove(host);
        if (h != null) {
            h.close();
        }
    }

    /** A transport on the cloud's broker whose messages are noted in {@link #sent} as sent by {@code sender}. */
    Transport transport(String sender) {
        Transport t = new RecordingTransport(Transports.open(new TransportUrl("memory", List.of(), broker, Map.of()),
                TransportOptions.defaults()), sender, sent);
        transports.add(t);
        return t;
    }

    Flavor flavor(String name) {
        return ops.flavorGetByName(ctx, name);
    }

    Instance get(String uuid) {
        return ops.instanceGetByUuid(ctx, uuid);
    }

    /** Waits until the instance has this vm_state and no task. */
    Instance awaitState(String uuid, String vmState) {
        // the timeout's message names the state the instance was left in, and where, with which flavor
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Instance i = get(uuid);
            assertThat(i.vmState() + " / task " + i.taskState())
                    .as("instance %s on %s with flavor %s", uuid, i.host(), i.get(Instance.INSTANCE_TYPE_ID))
                    .isEqualTo(vmState + " / task null");
        });
        return get(uuid);
    }

    Instance boot(String name, String flavor) {
        return api.boot(ctx, name, flavor(flavor), "cirros");
    }

    @Override
    public void close() {
        apiLevels.unregister();
        computes.values().forEach(ComputeService.Handle::close);
        scheduler.close();
        conductor.close();
        for (Transport t : transports) {
            t.close();
        }
        db.close();
    }
}
