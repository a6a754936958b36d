package org.tandem.conductor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.db.NotFoundException;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.InstanceRow;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.model.Flavor;
import org.tandem.model.Instance;
import org.tandem.model.Migration;
import org.tandem.model.VmStates.Task;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.RequestContext;
import org.tandem.rpcapi.compute.ComputeRpcApi;

/**
 * Finds requests the message broker lost and sends them again. An action's first step records a
 * task state (scheduling, deleting, resize_confirming, ...) and casts a request to whoever does
 * the next step. A cast the broker accepted is still lost when the broker restarts before the
 * consumer has it (non-durable queues start empty), and nothing would ever move the instance out
 * of its task state. This periodic task of the conductor finds instances that have stayed in such
 * a task state with no write for {@code [conductor] lost_request_timeout}, takes each with a
 * compare-and-swap on {@code updated_at} (so of several conductors one acts), and sends the next
 * step again: a build is scheduled again, a delete, reboot, stop, start, confirm, revert or a
 * resize's finish is cast again to the host that does it (only while that host's nova-compute is
 * up: a down host's requests wait in its queue), and a resize lost before the destination
 * recorded it ends with the instance where it was and a fault saying to resize again (one lost
 * after it, on its way to the source, is sent on to the source).
 *
 * <p>Task states held by a compute while it works (networking, spawning, resize_migrating,
 * resize_finish) are not touched: a compute that dies there recovers them when it starts, one
 * that loses the conductors finishes them when they answer again. A request that was only late,
 * not lost, and arrives after being sent again runs twice; every step checks the task state it
 * expects or repeats with the same result, so the second run changes nothing.
 */
public final class LostRequests {
    private static final Logger LOG = LoggerFactory.getLogger(LostRequests.class);
    /** Instances looked at per run; the rest wait for the next run. */
    static final int BATCH = 50;

    /** Lost requests this JVM's conductors sent again or ended (for the drill's stats file). */
    private static final java.util.concurrent.atomic.AtomicLong TOTAL = new java.util.concurrent.atomic.AtomicLong();

    /** Lost requests this JVM's conductors have sent again or ended since it started. */
    public static long total() {
        return TOTAL.get();
    }

    /** What was done for one lost request. */
    enum Outcome { SENT_AGAIN, ENDED, LEFT }

    private final ObjectOps ops;
    private final InstanceRepository instances;
    private final ServiceRepository services;
    private final ComputeRpcApi compute;
    private final ComputeTaskManager tasks;
    private final Duration timeout;
    private final Duration serviceDownTime;
    private final Clock clock;
    private final MeterRegistry meters;

    public LostRequests(ObjectOps ops, InstanceRepository instances, ServiceRepository services, ComputeRpcApi compute,
            ComputeTaskManager tasks, Duration timeout, Duration serviceDownTime, Clock clock, MeterRegistry meters) {
        this.ops = ops;
        this.instances = instances;
        this.services = services;
        this.compute = compute;
        this.tasks = tasks;
        this.timeout = timeout;
        this.serviceDownTime = serviceDownTime;
        this.clock = clock;
        this.meters = meters;
    }

    /** The task states whose next step is a request in flight, and how each is sent again. */
    private static final List<String> IN_FLIGHT = List.of(Task.SCHEDULING, Task.DELETING, Task.REBOOTING,
            Task.REBOOTING_HARD, Task.POWERING_OFF, Task.POWERING_ON, Task.RESIZE_PREP, Task.RESIZE_MIGRATED,
            Task.RESIZE_CONFIRMING, Task.RESIZE_REVERTING);

    /** How often to look, for a given timeout: a third of it, between 1 s and 60 s. */
    static Duration interval(Duration timeout) {
        long ms = Math.max(1000, Math.min(60_000, timeout.toMillis() / 3));
        return Duration.ofMillis(ms);
    }

    /**
     * One pass: every instance stuck past the timeout in a task state whose request may be lost.
     *
     * @return how many requests were sent again or ended
     */
    public int recover(RequestContext ctx) {
        Instant before = clock.instant().minus(timeout);
        int handled = 0;
        for (InstanceRow row : instances.listNotUpdatedSince(IN_FLIGHT, before, BATCH)) {
            if (Task.SCHEDULING.equals(row.taskState()) && row.host() != null) {
                continue; // a host has it (a compute's own build, recovered by that compute)
            }
            if (!instances.claimNotUpdatedSince(row.uuid(), row.taskState(), before)) {
                continue; // another conductor took it, or it moved on
            }
            try {
                Outcome outcome = recoverOne(ctx, row);
                if (outcome != Outcome.LEFT) {
                    handled++;
                    TOTAL.incrementAndGet();
                    Counter.builder("tandem_lost_requests_total").description("Requests found lost (an instance "
                            + "stuck in a task state past [conductor] lost_request_timeout) and what was done")
                            .tag("task_state", row.taskState()).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                            .register(meters).increment();
                }
            } catch (RuntimeException e) {
                LOG.error("Could not recover the lost request of instance {} in task state {}: {}; tried again in {} s",
                        row.uuid(), row.taskState(), e.toString(), timeout.toSeconds());
            }
        }
        return handled;
    }

    private Outcome recoverOne(RequestContext ctx, InstanceRow row) {
        Instance inst = ops.instanceGetByUuid(ctx, row.uuid());
        inst.resetChanges();
        String uuid = inst.uuid();
        String task = inst.taskState();
        String what = "Instance " + uuid + " has been in task state " + task + " for over " + timeout.toSeconds()
                + " s with nothing written: the request carrying it was lost (a message broker restart drops what "
                + "its queues held)";
        switch (task) {
            case Task.SCHEDULING -> {
                LOG.warn("{}; scheduling its build again", what);
                Map<String, Object> image = new LinkedHashMap<>();
                image.put("id", inst.get(Instance.IMAGE_REF));
                tasks.buildInstances(ctx, List.of(inst), image, new LinkedHashMap<>(), null, null, null, null, null,
                        null);
                return Outcome.SENT_AGAIN;
            }
            case Task.DELETING -> {
                if (inst.host() == null) {
                    LOG.warn("{}; it has no host, deleting it here", what);
                    ops.instanceDestroy(ctx, inst);
                    return Outcome.ENDED;
                }
                return sendTo(inst.host(), what, "terminate_instance", () -> compute.terminateInstance(ctx, inst));
            }
            case Task.REBOOTING, Task.REBOOTING_HARD -> {
                String type = Task.REBOOTING.equals(task) ? "SOFT" : "HARD";
                return sendTo(inst.host(), what, "reboot_instance", () -> compute.rebootInstance(ctx, inst, type));
            }
            case Task.POWERING_OFF -> {
                return sendTo(inst.host(), what, "stop_instance", () -> compute.stopInstance(ctx, inst));
            }
            case Task.POWERING_ON -> {
                return sendTo(inst.host(), what, "start_instance", () -> compute.startInstance(ctx, inst));
            }
            case Task.RESIZE_PREP -> {
                Migration m = ops.migrationInStatusOrNull(ctx, uuid, "pre-migrating");
                if (m == null) {
                    return endLostResize(ctx, inst, what);
                }
                // the destination claimed and recorded it; the source never got resize_instance
                Flavor newFlavor = org.tandem.model.FlavorStorage.read(inst, org.tandem.model.FlavorSysmeta.NEW);
                return sendTo(inst.host(), what, "resize_instance", () -> compute.resizeInstance(ctx, inst, m,
                        newFlavor));
            }
            case Task.RESIZE_MIGRATED -> {
                Migration m = ops.migrationInStatusOrNull(ctx, uuid, "post-migrating");
                return m == null ? Outcome.LEFT : sendTo(m.get(Migration.DEST_COMPUTE), what, "finish_resize",
                        () -> compute.finishResize(ctx, inst, m, m.get(Migration.DEST_COMPUTE)));
            }
            case Task.RESIZE_CONFIRMING -> {
                Migration m = ops.migrationInStatusOrNull(ctx, uuid, "confirming");
                return m == null ? Outcome.LEFT : sendTo(m.get(Migration.SOURCE_COMPUTE), what, "confirm_resize",
                        () -> compute.confirmResize(ctx, inst, m, m.get(Migration.SOURCE_COMPUTE)));
            }
            case Task.RESIZE_REVERTING -> {
                Migration reverting = ops.migrationInStatusOrNull(ctx, uuid, "reverting");
                if (reverting != null) {
                    return sendTo(reverting.get(Migration.DEST_COMPUTE), what, "revert_resize",
                            () -> compute.revertResize(ctx, inst, reverting, reverting.get(Migration.DEST_COMPUTE)));
                }
                Migration reverted = ops.migrationInStatusOrNull(ctx, uuid, "reverted");
                return reverted == null ? Outcome.LEFT : sendTo(reverted.get(Migration.SOURCE_COMPUTE), what,
                        "finish_revert_resize", () -> compute.finishRevertResize(ctx, inst, reverted,
                                reverted.get(Migration.SOURCE_COMPUTE)));
            }
            default -> {
                return Outcome.LEFT;
            }
        }
    }

    /** Casts {@code send} to {@code host} if its nova-compute is up; a down host's queue still holds its requests. */
    private Outcome sendTo(String host, String what, String method, Runnable send) {
        if (host == null || !computeUp(host)) {
            LOG.info("{}; {} is down, so the request may still wait in its queue: left for now", what, host);
            return Outcome.LEFT;
        }
        LOG.warn("{}; sending {} to {} again", what, method, host);
        send.run();
        return Outcome.SENT_AGAIN;
    }

    private boolean computeUp(String host) {
        try {
            return services.getByHostAndBinary(host, "nova-compute").isUp(clock.instant(), serviceDownTime);
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * A resize lost before the destination recorded it: the destination chosen is not recorded
     * anywhere, so it is not sent again; the instance stays where it is, on its flavor, with a fault.
     */
    private Outcome endLostResize(RequestContext ctx, Instance inst, String what) {
        LOG.warn("{}; the instance stays on {} with its flavor, and the user can resize again", what, inst.host());
        inst.set(Instance.TASK_STATE, null);
        ops.instanceSave(ctx, inst, java.util.Arrays.asList(Task.RESIZE_PREP), null);
        tasks.recordFault(ctx, inst.uuid(), 500L, "Resize request lost (no progress for " + timeout.toSeconds()
                + " s, likely a message broker restart); the instance stays on " + inst.host() + " with its flavor: "
                + "resize again");
        return Outcome.ENDED;
    }
}
