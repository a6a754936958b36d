package org.tandem.conductor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.model.Flavor;
import org.tandem.model.Instance;
import org.tandem.model.InstanceFault;
import org.tandem.model.NoValidHost;
import org.tandem.model.VmStates;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.ExpectedException;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcArg;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi.Destination;

/**
 * The conductor's long workflows (namespace {@code compute_task}, juno's 1.9): building
 * instances (schedule, then cast {@code build_and_run_instance} to each chosen host, with retry
 * bookkeeping for reschedules) and resize/cold migration (schedule a destination other than the
 * current host, then cast {@code prep_resize} to it).
 */
public final class ComputeTaskManager {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeTaskManager.class);

    private final ObjectOps ops;
    private final SchedulerRpcApi scheduler;
    private final ComputeRpcApi compute;
    private final int maxAttempts;

    public ComputeTaskManager(ObjectOps ops, SchedulerRpcApi scheduler, ComputeRpcApi compute, int maxAttempts) {
        this.ops = ops;
        this.scheduler = scheduler;
        this.compute = compute;
        this.maxAttempts = maxAttempts;
    }

    public void buildInstances(RequestContext ctx, List<?> instances, Map<String, Object> image,
            Map<String, Object> filterProperties, @RpcArg(optional = true) Object adminPassword,
            @RpcArg(optional = true) Object injectedFiles, @RpcArg(optional = true) Object requestedNetworks,
            @RpcArg(optional = true) Object securityGroups, @RpcArg(optional = true) Object blockDeviceMapping,
            @RpcArg(optional = true) Boolean legacyBdm) {
        List<Instance> insts = new ArrayList<>();
        for (Object o : instances) {
            insts.add((Instance) o);
        }
        if (insts.isEmpty()) {
            return;
        }
        Map<String, Object> filters = new LinkedHashMap<>(filterProperties == null ? Map.of() : filterProperties);
        Flavor flavor = insts.get(0).flavor();
        Map<String, Object> spec = requestSpec(insts, flavor);
        List<Destination> hosts;
        try {
            populateRetry(filters, insts.get(0).uuid());
            hosts = selectDestinations(ctx, spec, filters, uuids(insts));
        } catch (NoValidHost e) {
            LOG.warn("No valid host for instances {}: {}; setting them to ERROR", uuids(insts), e.getMessage());
            for (Instance inst : insts) {
                setErrorWithFault(ctx, inst.uuid(), e);
            }
            return;
        } catch (RuntimeException e) {
            // As Nova: whatever stops scheduling (a scheduler that did not answer in rpc_response_timeout, a
            // broker outage) ends the build in ERROR with the reason, never an instance left in BUILD.
            LOG.error("Scheduling instances {} failed: {}; setting them to ERROR (delete them and boot again once the "
                    + "scheduler answers)", uuids(insts), e.toString());
            for (Instance inst : insts) {
                setErrorWithFault(ctx, inst.uuid(), e);
            }
            return;
        }
        for (int i = 0; i < insts.size(); i++) {
            Instance inst = insts.get(i);
            Destination d = hosts.get(i);
            Map<String, Object> fp = new LinkedHashMap<>(filters);
            addRetryHost(fp, d.host(), d.nodename());
            compute.buildAndRunInstance(ctx, inst, d.host(), image, spec, fp, d.nodename(), d.limits());
        }
    }

    public void migrateServer(RequestContext ctx, Instance instance, Map<String, Object> schedulerHint, boolean live,
            boolean rebuild, Object flavor, @RpcArg(optional = true) Object blockMigration,
            @RpcArg(optional = true) Object diskOverCommit, @RpcArg(optional = true) Object reservations,
            @RpcArg(optional = true) Boolean cleanShutdown) {
        if (live || rebuild) {
            throw new ExpectedException(new org.tandem.model.ObjectActionError("migrate_server",
                    "live migration and evacuate are not supported by Tandem"));
        }
        // 1.10+ sends a Flavor object, 1.6 a dict of its properties.
        Flavor newFlavor;
        if (flavor instanceof Flavor f) {
            newFlavor = f;
        } else if (flavor instanceof Map<?, ?> dict) {
            newFlavor = ComputeRpcApi.flavorFromDict(dict);
        } else {
            throw new org.tandem.rpc.InvalidRpcArgumentsException("migrate_server() argument 'flavor' must be a Flavor "
                    + "object or a dict, got " + (flavor == null ? "null" : flavor.getClass().getSimpleName()));
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("ignore_hosts", List.of(instance.host()));
        populateRetry(filters, instance.uuid());
        List<Destination> hosts;
        try {
            hosts = selectDestinations(ctx, requestSpec(List.of(instance), newFlavor), filters,
                    List.of(instance.uuid()));
        } catch (NoValidHost e) {
            LOG.warn("No valid host to migrate instance {} from {}: {}", instance.uuid(), instance.host(), e.getMessage());
            throw new ExpectedException(e);
        }
        Destination d = hosts.get(0);
        addRetryHost(filters, d.host(), d.nodename());
        compute.prepResize(ctx, instance, newFlavor, d.host(), d.nodename(), filters);
    }

    /** How long scheduling is tried again while the broker is away (a restart resets the connection). */
    static final java.time.Duration SCHEDULE_RETRY_WINDOW = java.time.Duration.ofSeconds(30);

    /**
     * Asks the scheduler, again while the call is cut off by the transport (a broker restart resets
     * the connection; choosing hosts changes nothing the next try depends on); its answers,
     * NoValidHost included, are final.
     */
    private List<Destination> selectDestinations(RequestContext ctx, Map<String, Object> spec,
            Map<String, Object> filters, List<String> uuids) {
        return org.tandem.rpc.TransportRetry.idempotent("scheduling instances " + uuids, SCHEDULE_RETRY_WINDOW,
                () -> scheduler.selectDestinations(ctx, spec, filters));
    }

    private Map<String, Object> requestSpec(List<Instance> insts, Flavor flavor) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("memory_mb", flavor.memoryMb());
        props.put("vcpus", flavor.vcpus());
        props.put("root_gb", flavor.get(Flavor.ROOT_GB));
        props.put("ephemeral_gb", flavor.get(Flavor.EPHEMERAL_GB));
        props.put("swap", flavor.get(Flavor.SWAP));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("num_instances", insts.size());
        spec.put("instance_uuids", uuids(insts));
        spec.put("instance_type", ComputeRpcApi.flavorDict(flavor));
        spec.put("instance_properties", props);
        return spec;
    }

    /** Nova's populate_retry: count the attempt, refuse past scheduler_max_attempts. */
    private void populateRetry(Map<String, Object> filters, String uuid) {
        if (maxAttempts <= 1) {
            return;
        }
        Map<String, Object> retry = new LinkedHashMap<>();
        List<Object> hosts = new ArrayList<>();
        long attempts = 1;
        if (filters.get("retry") instanceof Map<?, ?> r) {
            attempts = ((Number) r.get("num_attempts")).longValue() + 1;
            if (r.get("hosts") instanceof List<?> h) {
                hosts.addAll(h);
            }
        }
        retry.put("num_attempts", attempts);
        retry.put("hosts", hosts);
        filters.put("retry", retry);
        if (attempts > maxAttempts) {
            throw new NoValidHost("Exceeded maximum number of retries. Exceeded max scheduling attempts " + maxAttempts
                    + " for instance " + uuid + ". Last exception: " + filters.getOrDefault("last_exception", "none"));
        }
    }

    @SuppressWarnings("unchecked")
    private static void addRetryHost(Map<String, Object> filters, String host, String node) {
        if (filters.get("retry") instanceof Map<?, ?> r) {
            Map<String, Object> retry = new LinkedHashMap<>((Map<String, Object>) r);
            List<Object> hosts = new ArrayList<>((List<Object>) retry.get("hosts"));
            hosts.add(List.of(host, node));
            retry.put("hosts", hosts);
            filters.put("retry", retry);
        }
    }

    /**
     * An instance of a build_instances this conductor refused for its RPC version: it goes to ERROR
     * with {@code cause} (naming the pin to set) as its fault, instead of waiting in BUILD forever.
     */
    void failRefusedBuild(RequestContext ctx, String uuid, RuntimeException cause) {
        LOG.warn("Setting instance {} to ERROR: {}", uuid, cause.getMessage());
        setErrorWithFault(ctx, uuid, cause);
    }

    private void setErrorWithFault(RequestContext ctx, String uuid, RuntimeException e) {
        try {
            Instance fresh = ops.instanceGetByUuid(ctx, uuid);
            fresh.set(Instance.VM_STATE, VmStates.ERROR);
            fresh.set(Instance.TASK_STATE, null);
            ops.instanceSave(ctx, fresh);
            recordFault(ctx, uuid, e instanceof org.tandem.rpc.TandemException te ? (long) te.code() : 500L,
                    e.getMessage());
        } catch (RuntimeException failure) {
            LOG.error("Could not set instance {} to ERROR after {}: {}", uuid, e.getClass().getSimpleName(),
                    failure.toString());
        }
    }

    /** Records a fault on the instance (what the API shows with it), with no details. */
    void recordFault(RequestContext ctx, String uuid, long code, String message) {
        InstanceFault fault = new InstanceFault();
        fault.set(InstanceFault.INSTANCE_UUID, uuid);
        fault.set(InstanceFault.CODE, code);
        fault.set(InstanceFault.MESSAGE, message);
        fault.set(InstanceFault.DETAILS, "");
        ops.faultCreate(ctx, fault);
    }

    private static List<String> uuids(List<Instance> insts) {
        return insts.stream().map(Instance::uuid).toList();
    }
}
