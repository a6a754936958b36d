package org.tandem.compute;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.compute.driver.FakeDriver;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorStorage;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.InstanceFault;
import org.tandem.model.InstanceNotFound;
import org.tandem.model.Migration;
import org.tandem.model.UnexpectedDeletingTaskStateError;
import org.tandem.model.VmStates;
import org.tandem.model.VmStates.Task;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.model.indirection.OutcomeUnknown;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcArg;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;

/**
 * The compute manager endpoint: registered at juno's 3.35 by a juno compute and at kilo's 3.40 by a
 * kilo compute (beside {@link ComputeV4Proxy} at 4.0); the version comes from
 * {@code ComputeRpcApi.VERSIONS}, not from this class (facts §1.4, §1.5 for the kwargs). Arguments
 * added after 3.35 ({@code clean_shutdown}) are optional, as they were in Nova's 3.x manager. State transitions follow
 * Nova: build goes scheduling → networking → spawning → active (a failed spawn reschedules
 * through the conductor with the retry info, or ends in ERROR with a fault); resize goes
 * resize_prep (API) → prep_resize on the destination (claim, migration, new_ flavor) →
 * resize_migrating/resize_migrated on the source → resize_finish → vm_state resized on the
 * destination; confirm cleans the source, revert goes resize_reverting on the destination and
 * finishes on the source with the old flavor. Every state change is a compare-and-swap save
 * through the conductor.
 */
public final class ComputeManager {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeManager.class);

    private final String host;
    private final FakeDriver driver;
    private final ResourceTracker tracker;
    private final ObjectOps ops;
    private final ComputeRpcApi compute;
    private final ComputeTaskRpcApi tasks;
    /** Where this compute's release keeps flavors (system_metadata for juno, flavor fields for kilo). */
    private final FlavorStorage flavors;
    private final Map<String, Finisher> finishers;

    public ComputeManager(String host, FakeDriver driver, ResourceTracker tracker, ObjectOps ops, ComputeRpcApi compute,
            ComputeTaskRpcApi tasks) {
        this.host = host;
        this.driver = driver;
        this.tracker = tracker;
        this.ops = ops;
        this.compute = compute;
        this.tasks = tasks;
        this.flavors = ops.flavorStorage();
        this.finishers = finishers();
    }

    // ---- build ------------------------------------------------------------------------------

    public void buildAndRunInstance(RequestContext ctx, Instance instance, Map<String, Object> image,
            Map<String, Object> requestSpec, Map<String, Object> filterProperties,
            @RpcArg(optional = true) Object adminPassword, @RpcArg(optional = true) Object injectedFiles,
            @RpcArg(optional = true) Object requestedNetworks, @RpcArg(optional = true) Object securityGroups,
            @RpcArg(optional = true) Object blockDeviceMapping, @RpcArg(optional = true) String node,
            @RpcArg(optional = true) Map<String, Object> limits) {
        instance.resetChanges();
        String uuid = instance.uuid();
        event(ctx, uuid, "compute__do_build_and_run_instance", () -> {
            Flavor flavor = instance.flavor();
            try {
                tracker.claim(ctx, uuid, flavor, limits);
            } catch (ComputeResourcesUnavailable e) {
                reschedule(ctx, instance, image, filterProperties, e);
                return;
            }
            try {
                instance.set(Instance.HOST, host);
                instance.set(Instance.NODE, node != null ? node : host);
                instance.set(Instance.LAUNCHED_ON, host);
                instance.set(Instance.TASK_STATE, Task.NETWORKING);
                save(ctx, instance, Task.SCHEDULING);
                instance.set(Instance.TASK_STATE, Task.SPAWNING);
                save(ctx, instance, Task.NETWORKING);
                driver.spawn(uuid, instance.displayName());
                instance.set(Instance.POWER_STATE, VmStates.Power.RUNNING);
                instance.set(Instance.VM_STATE, VmStates.ACTIVE);
                instance.set(Instance.TASK_STATE, null);
                instance.set(Instance.LAUNCHED_AT, now());
                save(ctx, instance, Task.SPAWNING);
                LOG.info("Instance {} ({}) is ACTIVE on {}", uuid, instance.displayName(), host);
            } catch (UnexpectedDeletingTaskStateError | InstanceNotFound e) {
                LOG.info("Instance {} was deleted while it was building on {}; cleaning up", uuid, host);
                driver.destroy(uuid);
                tracker.release(ctx, uuid);
            } catch (org.tandem.model.UnexpectedTaskStateError e) {
                // A build request sent again after it was thought lost (the conductors' lost-request
                // recovery) while the first was only late: the other one went ahead; this host steps back.
                LOG.warn("Build of instance {} on {} stepped back: another build of it went ahead ({})", uuid, host,
                        e.getMessage());
                if (!host.equals(ops.instanceGetByUuid(ctx, uuid).host())) {
                    driver.destroy(uuid);
                    tracker.release(ctx, uuid);
                }
            } catch (FakeDriver.SpawnFailed e) {
                driver.destroy(uuid);
                tracker.release(ctx, uuid);
                reschedule(ctx, instance, image, filterProperties, e);
            }
        });
    }

    /**
     * A build this compute refused for its RPC version: rescheduled to another host like a failed
     * spawn (a host that accepts the version can take it), or ERROR with a fault naming the pin.
     */
    void rescheduleRefusedBuild(RequestContext ctx, Instance instance, Map<String, Object> image,
            Map<String, Object> filterProperties, RuntimeException cause) {
        instance.resetChanges();
        fault(ctx, instance.uuid(), cause);
        reschedule(ctx, instance, image, filterProperties, cause);
    }

    /**
     * Another action this compute refused for its RPC version: the instance gets a fault naming the
     * pin and leaves its task state, so it is not stuck and the action can be retried once the
     * sender is pinned.
     */
    void failRefusedAction(RequestContext ctx, Instance instance, RuntimeException cause) {
        instance.resetChanges();
        if (instance.taskState() != null) {
            instance.set(Instance.TASK_STATE, null);
            save(ctx, instance);
        }
        fault(ctx, instance.uuid(), cause);
    }

    private void reschedule(RequestContext ctx, Instance instance, Map<String, Object> image,
            Map<String, Object> filterProperties, RuntimeException cause) {
        String uuid = instance.uuid();
        boolean canRetry = filterProperties != null && filterProperties.get("retry") instanceof Map<?, ?>;
        if (!canRetry) {
            LOG.error("Build of instance {} failed on {} and cannot be rescheduled: {}", uuid, host, cause.getMessage());
            setError(ctx, instance, cause);
            return;
        }
        LOG.warn("Build of instance {} failed on {}: {}; rescheduling", uuid, host, cause.getMessage());
        instance.set(Instance.HOST, null);
        instance.set(Instance.NODE, null);
        instance.set(Instance.TASK_STATE, Task.SCHEDULING);
        save(ctx, instance);
        Map<String, Object> fp = new LinkedHashMap<>(filterProperties);
        @SuppressWarnings("unchecked")
        Map<String, Object> retry = new LinkedHashMap<>((Map<String, Object>) filterProperties.get("retry"));
        retry.put("exc", cause.getMessage());
        fp.put("retry", retry);
        fp.put("last_exception", cause.getMessage());
        tasks.buildInstances(ctx, List.of(instance), image, fp);
    }

    // ---- delete, reboot, stop, start --------------------------------------------------------

    public void terminateInstance(RequestContext ctx, Instance instance, @RpcArg(optional = true) List<?> bdms,
            @RpcArg(optional = true) Object reservations) {
        instance.resetChanges();
        String uuid = instance.uuid();
        event(ctx, uuid, "compute_terminate_instance", () -> terminate(ctx, instance));
    }

    /** Delete's steps; each gives the same result when repeated. */
    private void terminate(RequestContext ctx, Instance instance) {
        String uuid = instance.uuid();
        driver.destroy(uuid);
        tracker.release(ctx, uuid);
        instance.set(Instance.VM_STATE, VmStates.DELETED);
        instance.set(Instance.TASK_STATE, null);
        instance.set(Instance.POWER_STATE, VmStates.Power.NOSTATE);
        instance.set(Instance.TERMINATED_AT, now());
        save(ctx, instance);
        ops.instanceDestroy(ctx, instance);
        LOG.info("Instance {} deleted from {}", uuid, host);
    }

    public void rebootInstance(RequestContext ctx, Instance instance, @RpcArg(optional = true) Object blockDeviceInfo,
            String rebootType) {
        instance.resetChanges();
        event(ctx, instance.uuid(), "compute_reboot_instance", () -> {
            driver.reboot(instance.uuid(), rebootType);
            instance.set(Instance.POWER_STATE, VmStates.Power.RUNNING);
            instance.set(Instance.VM_STATE, VmStates.ACTIVE);
            instance.set(Instance.TASK_STATE, null);
            save(ctx, instance, Task.REBOOTING, Task.REBOOTING_HARD);
        });
    }

    /** @param cleanShutdown 3.37+: let the guest shut down first (the fake driver always does) */
    public void stopInstance(RequestContext ctx, Instance instance, @RpcArg(optional = true) Boolean cleanShutdown) {
        instance.resetChanges();
        event(ctx, instance.uuid(), "compute_stop_instance", () -> {
            driver.powerOff(instance.uuid());
            instance.set(Instance.POWER_STATE, VmStates.Power.SHUTDOWN);
            instance.set(Instance.VM_STATE, VmStates.STOPPED);
            instance.set(Instance.TASK_STATE, null);
            save(ctx, instance, Task.POWERING_OFF);
        });
    }

    public void startInstance(RequestContext ctx, Instance instance) {
        instance.resetChanges();
        event(ctx, instance.uuid(), "compute_start_instance", () -> {
            driver.powerOn(instance.uuid());
            instance.set(Instance.POWER_STATE, VmStates.Power.RUNNING);
            instance.set(Instance.VM_STATE, VmStates.ACTIVE);
            instance.set(Instance.TASK_STATE, null);
            save(ctx, instance, Task.POWERING_ON);
        });
    }

    // ---- resize and cold migration -------------------------------------------------------------

    /** On the destination: claim the new flavor, record the migration, then ask the source to resize. */
    public void prepResize(RequestContext ctx, Map<String, Object> image, Instance instance, Map<String, Object> instanceType,
            @RpcArg(optional = true) Object reservations, @RpcArg(optional = true) Map<String, Object> requestSpec,
            @RpcArg(optional = true) Map<String, Object> filterProperties, @RpcArg(optional = true) String node,
            @RpcArg(optional = true) Boolean cleanShutdown) {
        instance.resetChanges();
        String uuid = instance.uuid();
        event(ctx, uuid, "compute_prep_resize", () -> {
            Flavor newFlavor = ComputeRpcApi.flavorFromDict(instanceType);
            Flavor oldFlavor = instance.flavor();
            try {
                Map<String, Object> limits = null;
                tracker.claim(ctx, uuid, newFlavor, limits);
            } catch (ComputeResourcesUnavailable e) {
                LOG.error("Resize of instance {} cannot be prepared on {}: {}", uuid, host, e.getMessage());
                instance.set(Instance.TASK_STATE, null);
                save(ctx, instance, Task.RESIZE_PREP);
                fault(ctx, uuid, e);
                return;
            }
            Migration m = new Migration();
            m.set(Migration.INSTANCE_UUID, uuid);
            m.set(Migration.SOURCE_COMPUTE, instance.host());
            m.set(Migration.SOURCE_NODE, instance.node());
            m.set(Migration.DEST_COMPUTE, host);
            m.set(Migration.DEST_NODE, node != null ? node : host);
            m.set(Migration.DEST_HOST, host);
            m.set(Migration.OLD_INSTANCE_TYPE_ID, oldFlavor.get(Flavor.ID));
            m.set(Migration.NEW_INSTANCE_TYPE_ID, newFlavor.get(Flavor.ID));
            m.set(Migration.STATUS, "pre-migrating");
            ops.migrationCreate(ctx, m);
            flavors.write(instance, FlavorSysmeta.NEW, newFlavor);
            save(ctx, instance, Task.RESIZE_PREP);
            compute.resizeInstance(ctx, instance, m, newFlavor);
        });
    }

    /** On the source: power off and hand the disk over, then ask the destination to finish. */
    public void resizeInstance(RequestContext ctx, Instance instance, Map<String, Object> image,
            @RpcArg(optional = true) Object reservations, Migration migration, Map<String, Object> instanceType,
            @RpcArg(optional = true) Boolean cleanShutdown) {
        instance.resetChanges();
        migration.resetChanges();
        event(ctx, instance.uuid(), "compute_resize_instance", () -> resize(ctx, instance, migration));
    }

    /** Resize's steps on the source, from resize_prep. */
    private void resize(RequestContext ctx, Instance instance, Migration migration) {
        migration.set(Migration.STATUS, "migrating");
        ops.migrationSave(ctx, migration);
        instance.set(Instance.TASK_STATE, Task.RESIZE_MIGRATING);
        save(ctx, instance, Task.RESIZE_PREP);
        sendAway(ctx, instance, migration);
    }

    /** The rest of resize's steps, from resize_migrating: power off, hand the disk over, ask the destination. */
    private void sendAway(RequestContext ctx, Instance instance, Migration migration) {
        driver.migrateDiskAndPowerOff(instance.uuid(), migration.get(Migration.DEST_COMPUTE));
        migration.set(Migration.STATUS, "post-migrating");
        ops.migrationSave(ctx, migration);
        instance.set(Instance.POWER_STATE, VmStates.Power.SHUTDOWN);
        instance.set(Instance.TASK_STATE, Task.RESIZE_MIGRATED);
        save(ctx, instance, Task.RESIZE_MIGRATING);
        compute.finishResize(ctx, instance, migration, migration.get(Migration.DEST_COMPUTE));
    }

    /** On the destination: switch host, node and flavor; the instance is now resized here. */
    public void finishResize(RequestContext ctx, @RpcArg(optional = true) Object diskInfo, Map<String, Object> image,
            Instance instance, @RpcArg(optional = true) Object reservations, Migration migration) {
        instance.resetChanges();
        migration.resetChanges();
        event(ctx, instance.uuid(), "compute_finish_resize", () -> finish(ctx, instance, migration));
    }

    /** Finish's steps; they run again from the start while the instance is still resize_migrated. */
    private void finish(RequestContext ctx, Instance instance, Migration migration) {
        String uuid = instance.uuid();
        Flavor oldFlavor = FlavorStorage.read(instance, FlavorSysmeta.CURRENT);
        Flavor newFlavor = FlavorStorage.read(instance, FlavorSysmeta.NEW);
        takeOver(instance, newFlavor, oldFlavor, migration.get(Migration.DEST_NODE));
        instance.set(Instance.TASK_STATE, Task.RESIZE_FINISH);
        save(ctx, instance, Task.RESIZE_MIGRATED);
        driver.finishMigration(uuid, instance.displayName());
        migration.set(Migration.STATUS, "finished");
        ops.migrationSave(ctx, migration);
        instance.set(Instance.POWER_STATE, VmStates.Power.RUNNING);
        instance.set(Instance.VM_STATE, VmStates.RESIZED);
        instance.set(Instance.TASK_STATE, null);
        save(ctx, instance, Task.RESIZE_FINISH);
        LOG.info("Instance {} resized/migrated to {} (flavor {})", uuid, host, newFlavor.name());
    }

    /** On the source: forget the old guest and its resources; the instance is active again. */
    public void confirmResize(RequestContext ctx, Instance instance, @RpcArg(optional = true) Object reservations,
            Migration migration) {
        instance.resetChanges();
        migration.resetChanges();
        event(ctx, instance.uuid(), "compute_confirm_resize", () -> confirm(ctx, instance, migration));
    }

    /** Confirm's steps; each may run again (after a lost conductor connection) with the same outcome. */
    private void confirm(RequestContext ctx, Instance instance, Migration migration) {
        String uuid = instance.uuid();
        driver.destroy(uuid);
        tracker.release(ctx, uuid);
        migration.set(Migration.STATUS, "confirmed");
        ops.migrationSave(ctx, migration);
        flavors.write(instance, FlavorSysmeta.OLD, null);
        instance.set(Instance.VM_STATE, VmStates.ACTIVE);
        instance.set(Instance.TASK_STATE, null);
        save(ctx, instance);
    }

    /** On the destination: drop the new guest and claim, then let the source finish the revert. */
    public void revertResize(RequestContext ctx, Instance instance, Migration migration,
            @RpcArg(optional = true) Object reservations) {
        instance.resetChanges();
        migration.resetChanges();
        event(ctx, instance.uuid(), "compute_revert_resize", () -> revert(ctx, instance, migration));
    }

    /** Revert's steps on the destination; each may run again with the same outcome. */
    private void revert(RequestContext ctx, Instance instance, Migration migration) {
        String uuid = instance.uuid();
        driver.destroy(uuid);
        tracker.release(ctx, uuid);
        migration.set(Migration.STATUS, "reverted");
        ops.migrationSave(ctx, migration);
        compute.finishRevertResize(ctx, instance, migration, migration.get(Migration.SOURCE_COMPUTE));
    }

    /** On the source: restore the old flavor, host and node, and power the guest on. */
    public void finishRevertResize(RequestContext ctx, Instance instance, @RpcArg(optional = true) Object reservations,
            Migration migration) {
        instance.resetChanges();
        event(ctx, instance.uuid(), "compute_finish_revert_resize", () -> finishRevert(ctx, instance, migration));
    }

    /** The instance is here on {@code node} with {@code flavor}, keeping {@code old} to revert to (or none). */
    private void takeOver(Instance instance, Flavor flavor, Flavor old, String node) {
        flavors.write(instance, FlavorSysmeta.OLD, old);
        flavors.write(instance, FlavorSysmeta.CURRENT, flavor);
        flavors.write(instance, FlavorSysmeta.NEW, null);
        instance.applyFlavorSizes(flavor);
        instance.set(Instance.HOST, host);
        instance.set(Instance.NODE, node);
    }

    /** Finish-revert's steps on the source; they may run again while the instance is still reverting. */
    private void finishRevert(RequestContext ctx, Instance instance, Migration migration) {
        String uuid = instance.uuid();
        Flavor oldFlavor = FlavorStorage.read(instance, FlavorSysmeta.OLD);
        takeOver(instance, oldFlavor, null, migration.get(Migration.SOURCE_NODE));
        // The source kept the powered-off guest; a compute restarted (upgraded) since the resize
        // knows it only from the instance record.
        driver.adopt(uuid, instance.displayName(), VmStates.Power.SHUTDOWN);
        driver.powerOn(uuid);
        instance.set(Instance.POWER_STATE, VmStates.Power.RUNNING);
        instance.set(Instance.VM_STATE, VmStates.ACTIVE);
        instance.set(Instance.TASK_STATE, null);
        save(ctx, instance, Task.RESIZE_REVERTING);
        LOG.info("Resize of instance {} reverted; it is back on {}", uuid, host);
    }

    // ---- start-up: work the previous process of this compute did not finish -------------------

    /**
     * Run when this compute starts (after a crash, kill -9, upgrade or rollback): an instance on this
     * host that is still in a task state this host was working on lost that work with the previous
     * process (a request it had received is delivered once more, then it is acknowledged on arrival;
     * and a chain of casts may have been cut between two steps). Each such instance is
     * brought to a state a user can act on again: a delete is finished, a build is resumed (the fake
     * hypervisor starts the guest again), a reboot, stop or start is done again, a resize this host was
     * sending away is reverted here, one it was receiving is finished. Task states owned by work that
     * waits in another host's queue (resize_prep, resize_migrated, confirming, reverting) are left to
     * it. Messages still queued for this host are not lost: they run once it listens again.
     *
     * @return how many instances were recovered
     */
    public int recoverInterruptedTasks(RequestContext ctx) {
        int recovered = 0;
        for (Instance instance : ops.instancesByHost(ctx, host)) {
            String task = instance.taskState();
            if (task == null || VmStates.DELETED.equals(instance.vmState())) {
                continue;
            }
            String uuid = instance.uuid();
            try {
                boolean done = recoverOne(ctx, instance);
                if (done) {
                    recovered++;
                    LOG.warn("Instance {} was left in task state {} by this compute's previous process; recovered "
                            + "(now {} / task {})", uuid, task, instance.vmState(), instance.taskState());
                } else {
                    LOG.info("Instance {} is in task state {}: the work that owns it runs elsewhere; left as is",
                            uuid, task);
                }
            } catch (RuntimeException e) {
                LOG.error("Could not recover instance {} from task state {} left by this compute's previous process: "
                        + "{}; reset its state (nova reset-state) or delete it", uuid, task, e.toString());
            }
        }
        return recovered;
    }

    /** Finishes or undoes the task an interrupted action left {@code instance} in; false when it is another host's. */
    private boolean recoverOne(RequestContext ctx, Instance instance) {
        String uuid = instance.uuid();
        return switch (instance.taskState()) {
            case Task.DELETING -> {
                terminateInstance(ctx, instance, null, null);
                yield true;
            }
            case Task.SCHEDULING, Task.NETWORKING, Task.SPAWNING -> resumeBuild(ctx, instance);
            case Task.REBOOTING, Task.REBOOTING_HARD -> {
                driver.adopt(uuid, instance.displayName(), VmStates.Power.SHUTDOWN);
                rebootInstance(ctx, instance, null, "HARD");
                yield true;
            }
            case Task.POWERING_OFF -> {
                stopInstance(ctx, instance, true);
                yield true;
            }
            case Task.POWERING_ON -> {
                startInstance(ctx, instance);
                yield true;
            }
            case Task.RESIZE_MIGRATING -> revertInterruptedResize(ctx, instance);
            case Task.RESIZE_FINISH -> finishInterruptedResize(ctx, instance);
            default -> false;
        };
    }

    private boolean resumeBuild(RequestContext ctx, Instance instance) {
        String uuid = instance.uuid();
        instance.resetChanges();
        if (instance.host() == null) {
            // cut off before its first save (a broker restart): it was claimed on this host
            instance.set(Instance.HOST, host);
            instance.set(Instance.NODE, host);
            instance.set(Instance.LAUNCHED_ON, host);
        }
        driver.adopt(uuid, instance.displayName(), VmStates.Power.SHUTDOWN);
        driver.powerOn(uuid);
        instance.set(Instance.POWER_STATE, VmStates.Power.RUNNING);
        instance.set(Instance.VM_STATE, VmStates.ACTIVE);
        instance.set(Instance.TASK_STATE, null);
        instance.set(Instance.LAUNCHED_AT, now());
        save(ctx, instance, Task.SCHEDULING, Task.NETWORKING, Task.SPAWNING);
        return true;
    }

    /** The source died while sending the instance away: it stays here, on its old flavor, running. */
    private boolean revertInterruptedResize(RequestContext ctx, Instance instance) {
        instance.resetChanges();
        flavors.write(instance, FlavorSysmeta.NEW, null);
        settleInterruptedResize(ctx, instance, Task.RESIZE_MIGRATING, VmStates.ACTIVE, "migrating", "error");
        fault(ctx, instance.uuid(), new IllegalStateException("resize interrupted: nova-compute on " + host
                + " stopped while migrating the instance; it stays on " + host + " with its old flavor, resize again"));
        return true;
    }

    /** The destination died while finishing: the guest and the new flavor are here, so finish. */
    private boolean finishInterruptedResize(RequestContext ctx, Instance instance) {
        instance.resetChanges();
        settleInterruptedResize(ctx, instance, Task.RESIZE_FINISH, VmStates.RESIZED, "post-migrating", "finished");
        return true;
    }

    /** Powers the guest on here, sets {@code vmState} with no task, and moves its migration on. */
    private void settleInterruptedResize(RequestContext ctx, Instance instance, String expectedTask, String vmState,
            String migrationWas, String migrationNow) {
        String uuid = instance.uuid();
        Migration m = ops.migrationInStatusOrNull(ctx, uuid, migrationWas);
        driver.adopt(uuid, instance.displayName(), VmStates.Power.SHUTDOWN);
        driver.powerOn(uuid);
        instance.set(Instance.POWER_STATE, VmStates.Power.RUNNING);
        instance.set(Instance.VM_STATE, vmState);
        instance.set(Instance.TASK_STATE, null);
        save(ctx, instance, expectedTask);
        if (m != null) {
            m.set(Migration.STATUS, migrationNow);
            ops.migrationSave(ctx, m);
        }
    }


    // ---- console ----------------------------------------------------------------------------

    public String getConsoleOutput(RequestContext ctx, Instance instance, @RpcArg(optional = true) Integer tailLength) {
        List<String> lines = driver.consoleOutput(instance.uuid());
        if (tailLength != null && tailLength >= 0 && tailLength < lines.size()) {
            lines = lines.subList(lines.size() - tailLength, lines.size());
        }
        return String.join("\n", lines);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void save(RequestContext ctx, Instance instance, String... expectedTaskStates) {
        if (expectedTaskStates.length == 0) {
            ops.instanceSave(ctx, instance);
        } else {
            ops.instanceSave(ctx, instance, Arrays.asList(expectedTaskStates), null);
        }
    }

    private void setError(RequestContext ctx, Instance instance, RuntimeException cause) {
        instance.set(Instance.HOST, null);
        instance.set(Instance.NODE, null);
        instance.set(Instance.VM_STATE, VmStates.ERROR);
        instance.set(Instance.TASK_STATE, null);
        save(ctx, instance);
        fault(ctx, instance.uuid(), cause);
    }

    private void fault(RequestContext ctx, String uuid, RuntimeException cause) {
        InstanceFault f = new InstanceFault();
        f.set(InstanceFault.INSTANCE_UUID, uuid);
        f.set(InstanceFault.CODE, cause instanceof org.tandem.rpc.TandemException te ? (long) te.code() : 500L);
        f.set(InstanceFault.MESSAGE, String.valueOf(cause.getMessage()));
        f.set(InstanceFault.DETAILS, cause.getClass().getName());
        f.set(InstanceFault.HOST, host);
        ops.faultCreate(ctx, f);
    }

    /** Runs {@code body} as an instance action event (recording failure), logging instead of failing on bookkeeping errors. */
    private void event(RequestContext ctx, String uuid, String name, Runnable body) {
        boolean started = false;
        try {
            ops.eventStart(ctx, uuid, name);
            started = true;
        } catch (RuntimeException e) {
            LOG.debug("No action to record event {} of instance {} under ({})", name, uuid, e.toString());
        }
        RuntimeException failure = null;
        try {
            body.run();
        } catch (RuntimeException e) {
            if (OutcomeUnknown.is(e) && finishFromRecords(ctx, uuid, name, e)) {
                failure = null;
            } else {
                failure = e;
                LOG.error("{} failed for instance {} on {}: {}", name, uuid, host, e.toString());
                if (!(e instanceof org.tandem.model.UnexpectedTaskStateError || e instanceof InstanceNotFound)) {
                    revertTaskState(ctx, uuid, name); // another action owns the task state, or the instance is gone
                }
            }
        }
        if (started) {
            try {
                ops.eventFinish(ctx, uuid, name, failure);
            } catch (RuntimeException e) {
                LOG.debug("Could not finish event {} of instance {}: {}", name, uuid, e.toString());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Finishes an action that a lost conductor connection cut off half-way, from the instance and
     * migration as the database has them once the conductors answer again.
     */
    @FunctionalInterface
    private interface Finisher {
        /** @return true when finished; false when the records show the work is no longer this action's */
        boolean finish(RequestContext ctx, Instance fresh);
    }

    /**
     * The actions a lost conductor connection does not undo, and how each is finished: a build or a
     * resize's finish in resize_finish as a restarted compute finishes them; the source's part of a
     * resize, a finish before its first save, a confirm or revert by running its remaining steps
     * again (each step gives the same result when repeated).
     */
    private Map<String, Finisher> finishers() {
        return Map.of(
                "compute__do_build_and_run_instance", (ctx, fresh) -> Set.of(Task.SCHEDULING, Task.NETWORKING,
                        Task.SPAWNING).contains(fresh.taskState()) && (fresh.host() == null || host.equals(fresh.host()))
                        && recoverOne(ctx, fresh),
                "compute_terminate_instance", (ctx, fresh) -> {
                    if (!Task.DELETING.equals(fresh.taskState()) && !VmStates.DELETED.equals(fresh.vmState())) {
                        return false;
                    }
                    terminate(ctx, fresh);
                    return true;
                },
                "compute_resize_instance", (ctx, fresh) -> rerun(ctx, fresh, Task.RESIZE_PREP,
                        List.of("pre-migrating", "migrating"), this::resize)
                        || rerun(ctx, fresh, Task.RESIZE_MIGRATING, List.of("migrating", "post-migrating"),
                                this::sendAway)
                        || rerun(ctx, fresh, Task.RESIZE_MIGRATED, List.of("post-migrating"), (c, i, m) -> compute
                                .finishResize(c, i, m, m.get(Migration.DEST_COMPUTE))),
                "compute_finish_resize", (ctx, fresh) -> {
                    if (Task.RESIZE_FINISH.equals(fresh.taskState()) && host.equals(fresh.host())) {
                        return recoverOne(ctx, fresh);
                    }
                    return rerun(ctx, fresh, Task.RESIZE_MIGRATED, List.of("post-migrating"), this::finish);
                },
                // the REST API marks a confirm resize_confirming; an RPC-only caller leaves the task empty
                "compute_confirm_resize", (ctx, fresh) -> rerun(ctx, fresh, fresh.taskState() == null
                        && VmStates.RESIZED.equals(fresh.vmState()) ? null : Task.RESIZE_CONFIRMING,
                        List.of("confirming", "confirmed"), this::confirm),
                "compute_revert_resize", (ctx, fresh) -> host.equals(fresh.host()) && rerun(ctx, fresh,
                        Task.RESIZE_REVERTING, List.of("reverting", "reverted"), this::revert),
                "compute_finish_revert_resize", (ctx, fresh) -> rerun(ctx, fresh, Task.RESIZE_REVERTING,
                        List.of("reverted"), this::finishRevert));
    }

    /** An action's steps on an instance and its migration. */
    @FunctionalInterface
    private interface Steps {
        void run(RequestContext ctx, Instance instance, Migration migration);
    }

    /** Runs {@code steps} again on the instance if it is still in {@code task} with a migration in one of {@code statuses}. */
    private boolean rerun(RequestContext ctx, Instance fresh, String task, List<String> statuses,
            Steps steps) {
        if (!java.util.Objects.equals(task, fresh.taskState())) {
            return false;
        }
        for (String status : statuses) {
            Migration m = ops.migrationInStatusOrNull(ctx, fresh.uuid(), status);
            if (m != null) {
                steps.run(ctx, fresh, m);
                return true;
            }
        }
        return false;
    }

    /**
     * An action on this host could not tell whether one of its steps took effect (see
     * {@link OutcomeUnknown}): it lost the conductors half-way (a broker restart; the request that
     * carried it is gone with the connection, so nothing would ever finish it), or the conductor's
     * database went away under a save (a database restart). Undoing its task state would leave the
     * instance in BUILD, half-resized (ACTIVE on its new flavor) or half-confirmed; instead, once the
     * conductors answer again, it is finished from the instance's recorded state (see
     * {@link #finishers()}).
     *
     * @return true when finished; false when the records show the work was not this action's to
     *     finish, or the conductors stayed away (the caller then handles the failure as before)
     */
    private boolean finishFromRecords(RequestContext ctx, String uuid, String action, RuntimeException cause) {
        Finisher finisher = finishers.get(action);
        if (finisher == null) {
            return false;
        }
        LOG.warn("{} of instance {} on {} cannot tell whether its last step took effect ({}); finishing it from the "
                + "records once the conductors answer", action, uuid, host, cause.getMessage());
        try {
            return org.tandem.rpc.TransportRetry.idempotent("finishing " + action + " of instance " + uuid,
                    FINISH_WINDOW, () -> {
                        Instance fresh;
                        try {
                            fresh = ops.instanceGetByUuid(ctx, uuid);
                        } catch (InstanceNotFound gone) {
                            // a delete whose last step went through before its answer was lost is done
                            return "compute_terminate_instance".equals(action);
                        }
                        fresh.resetChanges();
                        boolean done = finisher.finish(ctx, fresh);
                        if (done) {
                            LOG.info("Finished {} of instance {} on {} from the records "
                                    + "(now {} / task {})", action, uuid, host, fresh.vmState(), fresh.taskState());
                        }
                        return done;
                    });
        } catch (RuntimeException e) {
            LOG.error("Could not finish {} of instance {} after losing the conductors: {}", action, uuid, e.toString());
            return false;
        }
    }

    /** How long a build or resize finish cut off by a broker restart waits for the conductors. */
    static final java.time.Duration FINISH_WINDOW = java.time.Duration.ofSeconds(60);

    /**
     * Nova's {@code reverts_task_state}: an action that failed on this host must not leave the
     * instance in its task state (resize_confirming, powering-off, ...) forever; the user can retry.
     * A build is not reverted here: its failures are rescheduled or set to ERROR on purpose. Nor is a
     * delete: an instance half-deleted must not look alive; it stays deleting, so the user can delete
     * again and the conductors send the delete again (see the conductor's lost-request recovery).
     */
    private void revertTaskState(RequestContext ctx, String uuid, String action) {
        if ("compute__do_build_and_run_instance".equals(action)) {
            return;
        }
        if ("compute_terminate_instance".equals(action)) {
            LOG.warn("Instance {} stays in task state deleting after its delete failed on {}: delete it again, or the "
                    + "conductors send the delete again after [conductor] lost_request_timeout", uuid, host);
            return;
        }
        // The action often failed because the broker or the conductors were away; so may the revert at
        // first: try again for a while rather than leave the instance stuck in its task state.
        try {
            org.tandem.rpc.TransportRetry.idempotent("reverting the task state of instance " + uuid, REVERT_WINDOW,
                    () -> {
                        Instance fresh = ops.instanceGetByUuid(ctx, uuid);
                        if (Task.RESIZE_FINISH.equals(fresh.taskState()) && host.equals(fresh.host())) {
                            // the instance already has its new flavor, host and node here: without the task it
                            // would be ACTIVE on the new flavor with its migration half done, and a resize
                            // again would be refused ("must change flavor"); finish it, as a restart would
                            LOG.warn("Finishing the resize of instance {} after {} failed: it had already moved "
                                    + "to {} with its new flavor", uuid, action, host);
                            fresh.resetChanges();
                            finishInterruptedResize(ctx, fresh);
                            return null;
                        }
                        if (fresh.taskState() != null && !Task.DELETING.equals(fresh.taskState())) {
                            LOG.warn("Reverting task state {} of instance {} after {} failed", fresh.taskState(), uuid,
                                    action);
                            fresh.set(Instance.TASK_STATE, null);
                            ops.instanceSave(ctx, fresh);
                        }
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.error("Could not revert the task state of instance {} after {} failed: {}; reset it (nova reset-state "
                    + "--active) or delete the instance", uuid, action, e.toString());
        }
    }

    /** How long a task state revert is tried while the conductors cannot be reached. */
    static final java.time.Duration REVERT_WINDOW = java.time.Duration.ofSeconds(30);

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    }
}
