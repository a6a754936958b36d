package org.tandem.conductor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi;
import org.tandem.rpcapi.Releases;
import org.tandem.service.ServiceRunner;
import org.tandem.version.Release;

/** Starts nova-conductor: endpoints [ConductorManager, baseapi, ComputeTaskManager] on topic conductor. */
public final class ConductorService {
    public static final String BINARY = "nova-conductor";

    private ConductorService() {
    }

    /**
     * Requests the conductor runs at once: Nova runs {@code [conductor] workers} processes, each with
     * an executor of {@code executor_thread_pool_size}; Tandem runs them as one process with the
     * same total.
     */
    public static int executorThreads(Config config) {
        return Math.multiplyExact(config.get(CommonOptions.CONDUCTOR_WORKERS),
                config.get(CommonOptions.EXECUTOR_THREAD_POOL_SIZE));
    }

    /** Starts the conductor with meters that nothing exports (tests). */
    public static ServiceRunner start(Config config, Transport transport, Database database) {
        return start(config, transport, database, new SimpleMeterRegistry());
    }

    /**
     * Starts the conductor on {@code [DEFAULT] host}; close the runner to stop it.
     *
     * @param meters the process's meter registry (backports it runs, RPC sends, caps)
     */
    public static ServiceRunner start(Config config, Transport transport, Database database, MeterRegistry meters) {
        String host = config.get(CommonOptions.HOST);
        Release release = Releases.of(config);
        BackportMetrics backports = new BackportMetrics(meters);
        ModelSerializer serializer = ModelSerializer.failingOnNewerObjects(release).countingIn(backports);
        ObjectOps ops = new ObjectOps(new DbObjectBackend(database, host, release), release);
        UpgradeLevels levels = UpgradeLevels.forService(config, release, () -> ops, BINARY + " on " + host, meters);
        ComputeRpcApi compute = new ComputeRpcApi(transport, config, levels, serializer);
        ComputeTaskManager tasks = new ComputeTaskManager(ops, new SchedulerRpcApi(transport, config, levels, serializer),
                compute,
                config.get(ConductorOptions.SCHEDULER_MAX_ATTEMPTS));
        // The endpoint versions are those of the release this conductor runs as (juno 2.0 + 1.9, kilo 2.1 + 1.11).
        List<Endpoint> endpoints = List.of(
                Endpoint.of(new ConductorManager(ops.backend(), backports), null, ConductorRpcApi.VERSIONS.row(release).server()),
                Endpoint.of(tasks, ComputeTaskRpcApi.NAMESPACE, ComputeTaskRpcApi.VERSIONS.row(release).server()));
        ServiceRunner runner = new ServiceRunner(BINARY, ConductorRpcApi.TOPIC, host, config, transport, ops, serializer,
                endpoints, null);
        int lostAfter = config.get(ConductorOptions.LOST_REQUEST_TIMEOUT);
        if (lostAfter > 0) {
            Duration timeout = Duration.ofSeconds(lostAfter);
            LostRequests lost = new LostRequests(ops, new InstanceRepository(database), new ServiceRepository(database),
                    compute, tasks, timeout,
                    Duration.ofSeconds(config.get(CommonOptions.SERVICE_DOWN_TIME)), database.jdbc().clock(), meters);
            runner.periodic("recover_lost_requests", LostRequests.interval(timeout),
                    () -> lost.recover(RequestContext.admin()));
        }
        return runner.upgradeLevels(levels).executorThreads(executorThreads(config))
                .onUnsupportedVersion(new RefusedTasks(host, release, ComputeTaskRpcApi.VERSIONS.row(release).server(),
                        tasks))
                .start();
    }
}
