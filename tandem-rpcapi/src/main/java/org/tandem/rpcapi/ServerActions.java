package org.tandem.rpcapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.InstanceInvalidState;
import org.tandem.model.Migration;
import org.tandem.model.VmStates;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.RequestContext;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;

/**
 * The server actions of the API service (Nova's {@code compute/api.py}): checks the instance's
 * state, sets the task state with a compare-and-swap save, records the instance action, then
 * hands over to the conductor (boot, resize, migrate) or casts to the instance's compute host.
 * The {@link ObjectOps} is the API's database backend.
 */
public final class ServerActions {
    private static final Logger LOG = LoggerFactory.getLogger(ServerActions.class);
    private static final List<String> NO_TASK = Arrays.asList((String) null);

    private final ObjectOps ops;
    private final ComputeTaskRpcApi tasks;
    private final ComputeRpcApi compute;

    public ServerActions(ObjectOps ops, ComputeTaskRpcApi tasks, ComputeRpcApi compute) {
        this.ops = ops;
        this.tasks = tasks;
        this.compute = compute;
    }

    /**
     * Creates one instance record per name (building/scheduling, flavor in system_metadata, one
     * shared reservation id, launch_index in list order, the user metadata and zone) and asks the
     * conductor to build them all in one cast.
     *
     * @return the created instances in launch-index order
     */
    public List<Instance> bootAll(RequestContext ctx, List<String> names, Flavor flavor, String imageRef,
            Map<String, String> metadata, String availabilityZone) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("bootAll needs at least one instance name");
        }
        String reservation = "r-" + UUID.randomUUID().toString().substring(0, 8);
        List<Instance> created = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Instance inst = newInstance(ctx, names.get(i), flavor, imageRef, i);
            inst.set(Instance.RESERVATION_ID, reservation);
            inst.set(Instance.METADATA, new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
            if (availabilityZone != null) {
                inst.set(Instance.AVAILABILITY_ZONE, availabilityZone);
            }
            ops.instanceCreate(ctx, inst);
            ops.actionStart(ctx, inst.uuid(), "create");
            created.add(inst);
        }
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("id", imageRef);
        castBuild(ctx, created, image);
        LOG.info("{} instance(s) of reservation {} accepted for building with flavor {}", created.size(), reservation,
                flavor.name());
        return created;
    }

    /**
     * Asks the conductors to build {@code created}; when the request cannot be sent (the broker is
     * down or restarting), the records just created are removed again, so a user who retries the boot
     * does not leave a server stuck in BUILD behind each failed attempt.
     */
    private void castBuild(RequestContext ctx, List<Instance> created, Map<String, Object> image) {
        try {
            tasks.buildInstances(ctx, created, image, new LinkedHashMap<>());
        } catch (org.tandem.rpc.MessagingException e) {
            for (Instance inst : created) {
                try {
                    ops.instanceDestroy(ctx, inst);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            LOG.warn("Could not ask the conductors to build {} instance(s) ({}); their records were removed, "
                    + "nothing was created: {}", created.size(), created.get(0).uuid(), e.getMessage());
            throw new org.tandem.rpc.MessagingException("the build request could not be sent, nothing was created "
                    + "(retry the request): " + e.getMessage(), e);
        }
    }

    private Instance newInstance(RequestContext ctx, String name, Flavor flavor, String imageRef, long index) {
        Instance inst = new Instance();
        inst.set(Instance.UUID, UUID.randomUUID().toString());
        inst.set(Instance.DISPLAY_NAME, name);
        inst.set(Instance.HOSTNAME, name);
        inst.set(Instance.USER_ID, ctx.userId());
        inst.set(Instance.PROJECT_ID, ctx.projectId());
        inst.set(Instance.IMAGE_REF, imageRef);
        inst.set(Instance.VM_STATE, VmStates.BUILDING);
        inst.set(Instance.TASK_STATE, VmStates.Task.SCHEDULING);
        inst.set(Instance.POWER_STATE, VmStates.Power.NOSTATE);
        inst.set(Instance.LAUNCH_INDEX, index);
        inst.applyFlavorSizes(flavor);
        ops.flavorStorage().write(inst, FlavorSysmeta.CURRENT, flavor);
        return inst;
    }

    /** Creates the instance record (building/scheduling, flavor in system_metadata) and asks the conductor to build it. */
    public Instance boot(RequestContext ctx, String name, Flavor flavor, String imageRef) {
        Instance inst = newInstance(ctx, name, flavor, imageRef, 0L);
        ops.instanceCreate(ctx, inst);
        ops.actionStart(ctx, inst.uuid(), "create");
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("id", imageRef);
        castBuild(ctx, List.of(inst), image);
        LOG.info("Instance {} ({}) accepted for building with flavor {}", inst.uuid(), name, flavor.name());
        return inst;
    }

    /** Deletes: locally when the instance never reached a host, else through its compute host. */
    public void delete(RequestContext ctx, String uuid) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        ops.actionStart(ctx, uuid, "delete");
        if (inst.host() == null) {
            ops.instanceDestroy(ctx, inst);
            return;
        }
        inst.set(Instance.TASK_STATE, VmStates.Task.DELETING);
        ops.instanceSave(ctx, inst);
        compute.terminateInstance(ctx, inst);
    }

    /** @param type {@code SOFT} or {@code HARD} */
    public void reboot(RequestContext ctx, String uuid, String type) {
        Instance inst = withState(ctx, uuid, "reboot", VmStates.ACTIVE);
        casTask(ctx, inst, "HARD".equals(type) ? VmStates.Task.REBOOTING_HARD : VmStates.Task.REBOOTING, "reboot");
        compute.rebootInstance(ctx, inst, type);
    }

    public void stop(RequestContext ctx, String uuid) {
        Instance inst = withState(ctx, uuid, "stop", VmStates.ACTIVE);
        casTask(ctx, inst, VmStates.Task.POWERING_OFF, "stop");
        compute.stopInstance(ctx, inst);
    }

    public void start(RequestContext ctx, String uuid) {
        Instance inst = withState(ctx, uuid, "start", VmStates.STOPPED);
        casTask(ctx, inst, VmStates.Task.POWERING_ON, "start");
        compute.startInstance(ctx, inst);
    }

    /**
     * Resizes to {@code newFlavor} on another host chosen by the scheduler.
     *
     * @throws org.tandem.model.NoValidHost when no other host fits (the task state is cleared again)
     */
    public void resize(RequestContext ctx, String uuid, Flavor newFlavor) {
        migrate(ctx, uuid, newFlavor, "resize");
    }

    /** Cold-migrates to another host with the same flavor. */
    public void migrate(RequestContext ctx, String uuid) {
        migrate(ctx, uuid, null, "migrate");
    }

    private void migrate(RequestContext ctx, String uuid, Flavor newFlavor, String action) {
        Instance inst = withState(ctx, uuid, action, VmStates.ACTIVE, VmStates.STOPPED);
        Flavor flavor = newFlavor != null ? newFlavor : inst.flavor();
        casTask(ctx, inst, VmStates.Task.RESIZE_PREP, action);
        try {
            tasks.migrateServer(ctx, inst, flavor);
        } catch (RuntimeException e) {
            Instance fresh = ops.instanceGetByUuid(ctx, uuid);
            fresh.set(Instance.TASK_STATE, null);
            ops.instanceSave(ctx, fresh);
            throw e;
        }
    }

    /** Confirms a finished resize: the source host forgets the instance. */
    public void confirmResize(RequestContext ctx, String uuid) {
        Instance inst = withState(ctx, uuid, "confirmResize", VmStates.RESIZED);
        Migration m = ops.migrationGetByInstanceAndStatus(ctx, uuid, "finished");
        m.set(Migration.STATUS, "confirming");
        ops.migrationSave(ctx, m);
        casTask(ctx, inst, VmStates.Task.RESIZE_CONFIRMING, "confirmResize");
        compute.confirmResize(ctx, inst, m, m.get(Migration.SOURCE_COMPUTE));
    }

    /** Reverts a finished resize: back to the source host and the old flavor. */
    public void revertResize(RequestContext ctx, String uuid) {
        Instance inst = withState(ctx, uuid, "revertResize", VmStates.RESIZED);
        Migration m = ops.migrationGetByInstanceAndStatus(ctx, uuid, "finished");
        m.set(Migration.STATUS, "reverting");
        ops.migrationSave(ctx, m);
        casTask(ctx, inst, VmStates.Task.RESIZE_REVERTING, "revertResize");
        compute.revertResize(ctx, inst, m, m.get(Migration.DEST_COMPUTE));
    }

    /** The console log (last {@code tailLength} lines, or all when null). */
    public String consoleOutput(RequestContext ctx, String uuid, Integer tailLength) {
        Instance inst = withState(ctx, uuid, "get_console_output", VmStates.ACTIVE, VmStates.STOPPED, VmStates.RESIZED,
                VmStates.ERROR);
        return compute.getConsoleOutput(ctx, inst, tailLength);
    }

    // ---- Second half of an action whose first state change the caller already made ----------------
    // The REST API's ComputeActions adapter sets task_state itself with a compare-and-swap on the
    // database (one rule table for the early 409 and the atomic update); these methods do the rest.

    /** Delete after the caller set task_state deleting: destroys a host-less instance here, else casts to its host. */
    public void castDelete(RequestContext ctx, String uuid) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        ops.actionStart(ctx, uuid, "delete");
        if (inst.host() == null) {
            ops.instanceDestroy(ctx, inst);
            return;
        }
        compute.terminateInstance(ctx, inst);
    }

    /** Reboot after the caller set task_state rebooting / rebooting_hard. */
    public void castReboot(RequestContext ctx, String uuid, String type) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        ops.actionStart(ctx, uuid, "reboot");
        compute.rebootInstance(ctx, inst, type);
    }

    /** Stop after the caller set task_state powering-off. */
    public void castStop(RequestContext ctx, String uuid) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        ops.actionStart(ctx, uuid, "stop");
        compute.stopInstance(ctx, inst);
    }

    /** Start after the caller set task_state powering-on. */
    public void castStart(RequestContext ctx, String uuid) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        ops.actionStart(ctx, uuid, "start");
        compute.startInstance(ctx, inst);
    }

    /**
     * Resize ({@code newFlavor} given) or migrate (null) after the caller set task_state
     * resize_prep. On failure to schedule the task state is cleared again and the error rethrown.
     *
     * @throws org.tandem.model.NoValidHost when no other host fits
     */
    public void castMigrate(RequestContext ctx, String uuid, Flavor newFlavor) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        ops.actionStart(ctx, uuid, newFlavor != null ? "resize" : "migrate");
        try {
            tasks.migrateServer(ctx, inst, newFlavor != null ? newFlavor : inst.flavor());
        } catch (RuntimeException e) {
            Instance fresh = ops.instanceGetByUuid(ctx, uuid);
            fresh.set(Instance.TASK_STATE, null);
            ops.instanceSave(ctx, fresh);
            throw e;
        }
    }

    /**
     * The finished migration of an instance awaiting confirm or revert.
     *
     * @throws org.tandem.model.MigrationNotFound when the instance has no finished migration
     */
    public Migration finishedMigration(RequestContext ctx, String uuid) {
        return ops.migrationGetByInstanceAndStatus(ctx, uuid, "finished");
    }

    /** Confirm after the caller set task_state resize_confirming; the source host cleans up. */
    public void castConfirmResize(RequestContext ctx, String uuid, Migration m) {
        castResizeEnd(ctx, uuid, m, "confirming", "confirmResize",
                inst -> compute.confirmResize(ctx, inst, m, m.get(Migration.SOURCE_COMPUTE)));
    }

    /** Revert after the caller set task_state resize_reverting; the destination host starts it. */
    public void castRevertResize(RequestContext ctx, String uuid, Migration m) {
        castResizeEnd(ctx, uuid, m, "reverting", "revertResize",
                inst -> compute.revertResize(ctx, inst, m, m.get(Migration.DEST_COMPUTE)));
    }

    /**
     * Marks the migration {@code status}, records the action and casts; when the cast cannot be sent
     * (the broker is down), the migration gets its status back, so a retried confirm or revert still
     * finds the finished migration it needs.
     */
    private void castResizeEnd(RequestContext ctx, String uuid, Migration m, String status, String action,
            java.util.function.Consumer<Instance> cast) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        String before = m.get(Migration.STATUS);
        m.set(Migration.STATUS, status);
        ops.migrationSave(ctx, m);
        ops.actionStart(ctx, uuid, action);
        try {
            cast.accept(inst);
        } catch (org.tandem.rpc.MessagingException e) {
            if (!(e instanceof org.tandem.rpc.RemoteError)) {
                try {
                    m.set(Migration.STATUS, before);
                    ops.migrationSave(ctx, m);
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }

    /** The console log without a state check (the caller checked it); null tail means all. */
    public String castConsoleOutput(RequestContext ctx, String uuid, Integer tailLength) {
        return compute.getConsoleOutput(ctx, ops.instanceGetByUuid(ctx, uuid), tailLength);
    }

    private Instance withState(RequestContext ctx, String uuid, String method, String... vmStates) {
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        if (!List.of(vmStates).contains(inst.vmState())) {
            throw new InstanceInvalidState(uuid, "vm_state", inst.vmState(), method);
        }
        if (inst.taskState() != null && !"get_console_output".equals(method)) {
            throw new InstanceInvalidState(uuid, "task_state", inst.taskState(), method);
        }
        return inst;
    }

    private void casTask(RequestContext ctx, Instance inst, String task, String action) {
        inst.set(Instance.TASK_STATE, task);
        ops.instanceSave(ctx, inst, new ArrayList<>(NO_TASK), null);
        ops.actionStart(ctx, inst.uuid(), action);
    }
}
