package org.tandem.compute;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.compute.driver.FakeDriver;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.Instance;
import org.tandem.model.ReleaseObjects;
import org.tandem.model.VmStates;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.rpcapi.conductor.ConductorObjectBackend;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
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
        Release release = ReleaseObjects.newestDeclared();
        ConductorRpcApi[] conductorRef = new ConductorRpcApi[1];
        ModelSerializer serializer = new ModelSerializer((ctx, primitive, problem) -> {
            Object back = conductorRef[0].objectBackport(ctx, primitive,
                    org.tandem.version.Version.parse(problem.supportedVersion()));
            return back instanceof org.tandem.objects.VersionedObject v ? v.toPrimitive() : castMap(back);
        });
        ConductorRpcApi conductor = new ConductorRpcApi(transport, config, release, serializer);
        conductorRef[0] = conductor;
        ObjectOps ops = new ObjectOps(new ConductorObjectBackend(conductor, serializer.codec()));
        FakeDriver driver = new FakeDriver(hostName, spec);
        ResourceTracker tracker = new ResourceTracker(hostName, spec, ops);
        ComputeManager manager = new ComputeManager(hostName, driver, tracker, ops,
                new ComputeRpcApi(transport, config, release, serializer),
                new ComputeTaskRpcApi(transport, config, release, serializer));
        Duration interval = Duration.ofSeconds(Math.max(1, config.get(CommonOptions.REPORT_INTERVAL)));
        ServiceRunner runner = new ServiceRunner(BINARY, ComputeRpcApi.TOPIC, hostName, config, transport, ops, serializer,
                List.of(Endpoint.of(manager)), conductor)
                .periodic("update_available_resource", interval, () -> tracker.report(RequestContext.admin()));
        runner.start();
        RequestContext ctx = RequestContext.admin();
        Map<String, ResourceTracker.Usage> existing = new LinkedHashMap<>();
        for (Instance i : ops.instancesByHost(ctx, hostName)) {
            if (!VmStates.DELETED.equals(i.vmState())) {
                var f = i.flavor();
                existing.put(i.uuid(), new ResourceTracker.Usage(f.memoryMb(), f.vcpus(), f.diskGb()));
            }
        }
        tracker.start(ctx, runner.record(), existing);
        return new Handle(runner, driver, tracker);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalStateException("conductor object_backport replied " + o + "; expected an object primitive");
    }
}
