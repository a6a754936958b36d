package org.tandem.conductor;

import java.util.List;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
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

    /** Starts the conductor on {@code [DEFAULT] host}; close the runner to stop it. */
    public static ServiceRunner start(Config config, Transport transport, Database database) {
        String host = config.get(CommonOptions.HOST);
        Release release = Releases.of(config);
        ModelSerializer serializer = ModelSerializer.failingOnNewerObjects(release);
        ObjectOps ops = new ObjectOps(new DbObjectBackend(database, host, release), release);
        ComputeTaskManager tasks = new ComputeTaskManager(ops, new SchedulerRpcApi(transport, config, release, serializer),
                new ComputeRpcApi(transport, config, release, serializer),
                config.get(ConductorOptions.SCHEDULER_MAX_ATTEMPTS));
        return new ServiceRunner(BINARY, ConductorRpcApi.TOPIC, host, config, transport, ops, serializer,
                List.of(Endpoint.of(new ConductorManager(ops.backend())), Endpoint.of(tasks)), null)
                .executorThreads(executorThreads(config)).start();
    }
}
