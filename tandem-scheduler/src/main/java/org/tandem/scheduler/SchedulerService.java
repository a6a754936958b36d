package org.tandem.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectBackend;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.conductor.ConductorObjectBackend;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi;
import org.tandem.scheduler.filters.ComputeFilter;
import org.tandem.scheduler.filters.CoreFilter;
import org.tandem.scheduler.filters.DiskFilter;
import org.tandem.scheduler.filters.RamFilter;
import org.tandem.scheduler.filters.RetryFilter;
import org.tandem.rpcapi.Releases;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.service.ServiceRunner;
import org.tandem.version.Release;

/**
 * Starts nova-scheduler on topic scheduler. Host states are read from the database; the service
 * record and heartbeats go through the conductor (so the scheduler needs no object backend of its
 * own), after waiting for the conductor.
 */
public final class SchedulerService {
    public static final String BINARY = "nova-scheduler";

    private SchedulerService() {
    }

    /** Starts the scheduler with meters that nothing exports (tests). */
    public static ServiceRunner start(Config config, Transport transport, Database database) {
        return start(config, transport, database, new SimpleMeterRegistry());
    }

    /** @param meters the process's meter registry (RPC sends and requests, caps) */
    public static ServiceRunner start(Config config, Transport transport, Database database, MeterRegistry meters) {
        String host = config.get(CommonOptions.HOST);
        Release release = Releases.of(config);
        ModelSerializer serializer = ModelSerializer.failingOnNewerObjects(release);
        java.util.concurrent.atomic.AtomicReference<ObjectOps> opsRef = new java.util.concurrent.atomic.AtomicReference<>();
        UpgradeLevels levels = UpgradeLevels.forService(config, release, opsRef::get, BINARY + " on " + host, meters);
        ConductorRpcApi conductor = new ConductorRpcApi(transport, config, levels, serializer);
        ObjectBackend backend = new ConductorObjectBackend(conductor, serializer.codec());
        long down = config.get(CommonOptions.SERVICE_DOWN_TIME);
        long report = config.get(CommonOptions.REPORT_INTERVAL);
        if (down <= report) {
            down = (long) (report * 2.5);
        }
        HostManager hosts = new HostManager(database, Duration.ofSeconds(down),
                Duration.ofSeconds(config.get(SchedulerOptions.CLAIM_TTL)));
        SchedulerManager manager = new SchedulerManager(hosts, List.of(new RetryFilter(), new ComputeFilter(),
                new RamFilter(config.get(SchedulerOptions.RAM_ALLOCATION_RATIO)),
                new CoreFilter(config.get(SchedulerOptions.CPU_ALLOCATION_RATIO)),
                new DiskFilter(config.get(SchedulerOptions.DISK_ALLOCATION_RATIO))));
        ObjectOps ops = new ObjectOps(backend, release);
        opsRef.set(ops);
        // Kilo registers the manager at 4.2 and again at 3.0 (select_destinations for juno senders).
        List<Endpoint> endpoints = SchedulerRpcApi.VERSIONS.row(release).endpoints().stream()
                .map(v -> Endpoint.of(manager, null, v)).toList();
        return new ServiceRunner(BINARY, SchedulerRpcApi.TOPIC, host, config, transport, ops, serializer, endpoints,
                conductor).upgradeLevels(levels).start();
    }
}
