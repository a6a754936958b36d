package org.tandem.compute;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.tandem.model.indirection.BackportMetrics;
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
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.service.ServiceRunner;
import org.tandem.version.Release;
import org.tandem.version.Version;

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

    /** Starts a compute with meters that nothing exports (tests). */
    public static Handle start(Config config, Transport transport, String hostName, FakeDriverSpec spec) {
        return start(config, transport, hostName, spec, new SimpleMeterRegistry());
    }

    /** @param meters the process's meter registry (backports it asks for and sends, RPC sends, caps) */
    public static Handle start(Config config, Transport transport, String hostName, FakeDriverSpec spec,
            MeterRegistry meters) {
        Release release = Releases.of(config);
        BackportMetrics backports = new BackportMetrics(meters);
        ConductorBackport backport = new ConductorBackport(hostName, backports);
        ModelSerializer serializer = new ModelSerializer(release, backport).countingIn(backports);
        // The conductor client needs the pins before the object operations exist; auto reads versions through them.
        java.util.concurrent.atomic.AtomicReference<ObjectOps> opsRef = new java.util.concurrent.atomic.AtomicReference<>();
        UpgradeLevels levels = UpgradeLevels.forService(config, release, opsRef::get, BINARY + " on " + hostName,
                meters);
        ConductorRpcApi conductor = new ConductorRpcApi(transport, config, levels, serializer);
        backport.bind(conductor);
        ObjectOps ops = new ObjectOps(new ConductorObjectBackend(conductor, serializer.codec()), release);
        opsRef.set(ops);
        FakeDriver driver = new FakeDriver(hostName, spec);
        ResourceTracker tracker = new ResourceTracker(hostName, spec, ops);
        ComputeManager manager = new ComputeManager(hostName, driver, tracker, ops,
                new ComputeRpcApi(transport, config, levels, serializer),
                new ComputeTaskRpcApi(transport, config, levels, serializer));
        Duration interval = Duration.ofSeconds(Math.max(1, config.get(CommonOptions.REPORT_INTERVAL)));
        ServiceRunner runner = new ServiceRunner(BINARY, ComputeRpcApi.TOPIC, hostName, config, transport, ops, serializer,
                endpoints(release, manager), conductor)
                .upgradeLevels(levels)
                .onUnsupportedVersion(new RefusedVersions(hostName, release, ComputeRpcApi.VERSIONS.row(release).server(),
                        manager, serializer))
                .onRegistered(service -> {
                    tracker.start(RequestContext.admin(), service, existingUsage(ops, hostName, driver));
                    manager.recoverInterruptedTasks(RequestContext.admin());
                })
                .periodic("update_available_resource", interval, () -> tracker.report(RequestContext.admin()));
        runner.start();
        return new Handle(runner, driver, tracker);
    }

    /**
     * The endpoints a compute of {@code release} registers, from {@code ComputeRpcApi.VERSIONS}: the
     * manager at the release's 3.x version and, for a release with a 4.x endpoint, the 4.0 proxy.
     */
    static List<Endpoint> endpoints(Release release, ComputeManager manager) {
        List<Endpoint> out = new java.util.ArrayList<>();
        for (Version v : ComputeRpcApi.VERSIONS.row(release).endpoints()) {
            Object target = v.major() == ComputeRpcApi.V4_0.major() ? new ComputeV4Proxy(manager) : manager;
            out.add(Endpoint.of(target, null, v));
        }
        return out;
    }

    /**
     * What the instances already on this host use (after a restart, upgrade or rollback of the
     * compute service); their guests are handed to the driver, as a hypervisor keeps them running.
     */
    private static Map<String, ResourceTracker.Usage> existingUsage(ObjectOps ops, String hostName, FakeDriver driver) {
        Map<String, ResourceTracker.Usage> existing = new LinkedHashMap<>();
        for (Instance i : ops.instancesByHost(RequestContext.admin(), hostName)) {
            if (VmStates.DELETED.equals(i.vmState())) {
                continue;
            }
            Object power = i.isSet(Instance.POWER_STATE) ? i.get(Instance.POWER_STATE) : null;
            driver.adopt(i.uuid(), i.displayName(), power instanceof Number n ? n.longValue() : VmStates.Power.RUNNING);
            if (FlavorStorage.readOrNull(i, FlavorSysmeta.CURRENT) != null) {
                var f = i.flavor();
                existing.put(i.uuid(), new ResourceTracker.Usage(f.memoryMb(), f.vcpus(), f.diskGb()));
            }
        }
        return existing;
    }
}
