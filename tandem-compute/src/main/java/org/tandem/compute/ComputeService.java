package org.tandem.compute;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.compute.driver.FakeDriver;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.FlavorStorage;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.VmStates;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.rpcapi.conductor.ConductorBackport;
import org.tandem.rpcapi.conductor.ConductorObjectBackend;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.rpcapi.Releases;
import org.tandem.service.ServiceRunner;
import org.tandem.version.Release;

/**
 * Starts nova-compute for one host with a fake hypervisor. Object indirection goes to the
 * conductor only (objects too new to read are backported by the conductor); the start waits for
 * the conductor's ping, registers the service and compute node, and re-reports usage every
 * {@code report_interval}.
 */
public final class ComputeService {
    public static final String BINARY = "nova-compute";

    /** A started compute: its runner (close to stop), driver and tracker (for inspection). */
    public record Handle(ServiceRunner runner, FakeDriver driver, ResourceTracker tracker) implements AutoCloseable {
        @Override
        public void close() {
            runner.close();
        }
    }

    private ComputeService() {
    }

    public static Handle start(Config config, Transport transport, String hostName, FakeDriverSpec spec) {
        Release release = Releases.of(config);
        ConductorBackport backport = new ConductorBackport(hostName);
        ModelSerializer serializer = new ModelSerializer(release, backport);
        ConductorRpcApi conductor = new ConductorRpcApi(transport, config, release, serializer);
        backport.bind(conductor);
        ObjectOps ops = new ObjectOps(new ConductorObjectBackend(conductor, serializer.codec()), release);
        FakeDriver driver = new FakeDriver(hostName, spec);
        ResourceTracker tracker = new ResourceTracker(hostName, spec, ops);
        ComputeManager manager = new ComputeManager(hostName, driver, tracker, ops,
                new ComputeRpcApi(transport, config, release, serializer),
                new ComputeTaskRpcApi(transport, config, release, serializer));
        Duration interval = Duration.ofSeconds(Math.max(1, config.get(CommonOptions.REPORT_INTERVAL)));
        ServiceRunner runner = new ServiceRunner(BINARY, ComputeRpcApi.TOPIC, hostName, config, transport, ops, serializer,
                List.of(Endpoint.of(manager)), conductor)
                .onRegistered(service -> tracker.start(RequestContext.admin(), service, existingUsage(ops, hostName)))
                .periodic("update_available_resource", interval, () -> tracker.report(RequestContext.admin()));
        runner.start();
        return new Handle(runner, driver, tracker);
    }

    /** What the instances already on this host use (after a restart). */
    private static Map<String, ResourceTracker.Usage> existingUsage(ObjectOps ops, String hostName) {
        Map<String, ResourceTracker.Usage> existing = new LinkedHashMap<>();
        for (Instance i : ops.instancesByHost(RequestContext.admin(), hostName)) {
            if (!VmStates.DELETED.equals(i.vmState()) && FlavorStorage.readOrNull(i, FlavorSysmeta.CURRENT) != null) {
                var f = i.flavor();
                existing.put(i.uuid(), new ResourceTracker.Usage(f.memoryMb(), f.vcpus(), f.diskGb()));
            }
        }
        return existing;
    }
}
