package org.tandem.launcher;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.api.ApiException;
import org.tandem.api.BadRequestException;
import org.tandem.api.ComputeActions;
import org.tandem.api.CreateServersRequest;
import org.tandem.api.FlavorNotFoundException;
import org.tandem.api.InstanceInvalidStateException;
import org.tandem.api.InstanceNotFoundException;
import org.tandem.api.InstanceStates;
import org.tandem.api.InstanceStates.Action;
import org.tandem.api.RebootType;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;
import org.tandem.db.UnexpectedStateException;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.InstanceRow;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorNotFound;
import org.tandem.model.Instance;
import org.tandem.model.InstanceNotFound;
import org.tandem.model.Migration;
import org.tandem.model.MigrationNotFound;
import org.tandem.model.NoValidHost;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.Releases;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.rpcapi.ServerActions;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.version.Release;

/**
 * The REST API's {@link ComputeActions} over RPC: the first state change of every action is a
 * compare-and-swap on the instance row with {@link InstanceStates#expected(Action)}, then
 * {@link ServerActions} records the action and casts to the conductor or the instance's host.
 * A delete whose instance's compute service is down (or unknown) happens locally in the database,
 * as Nova's compute API does, instead of waiting for a host that will not answer.
 * Model and database exceptions are turned into the API's 400/404/409 exceptions; anything
 * unexpected escapes as a 500 {@link ApiException} naming the action.
 */
public final class RpcComputeActions implements ComputeActions, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcComputeActions.class);
    private static final String COMPUTE_BINARY = org.tandem.compute.ComputeService.BINARY;

    /** {@code [DEFAULT] service_down_time}'s default, used by the three-argument constructor. */
    public static final Duration DEFAULT_SERVICE_DOWN_TIME = Duration.ofSeconds(60);

    private final Database db;
    private final InstanceRepository instances;
    private final ServiceRepository services;
    private final ObjectOps ops;
    private final ServerActions actions;
    private final Duration serviceDownTime;

    public RpcComputeActions(Database db, ObjectOps ops, ServerActions actions) {
        this(db, ops, actions, DEFAULT_SERVICE_DOWN_TIME);
    }

    /**
     * @param serviceDownTime a compute service whose last heartbeat is older than this is down, and
     *        deletes of its instances happen locally in the database
     */
    public RpcComputeActions(Database db, ObjectOps ops, ServerActions actions, Duration serviceDownTime) {
        this.db = db;
        this.instances = new InstanceRepository(db);
        this.services = new ServiceRepository(db);
        this.ops = ops;
        this.actions = actions;
        this.serviceDownTime = serviceDownTime;
    }

    /**
     * The effective {@code service_down_time} of {@code config}: when it is not larger than
     * {@code report_interval}, 2.5 times {@code report_interval} (as the scheduler uses it).
     */
    public static Duration serviceDownTime(Config config) {
        long down = config.get(CommonOptions.SERVICE_DOWN_TIME);
        long report = config.get(CommonOptions.REPORT_INTERVAL);
        return Duration.ofSeconds(down <= report ? (long) (report * 2.5) : down);
    }

    /** {@link #create(Config, Transport, Database, MeterRegistry)} with meters that nothing exports (tests). */
    public static RpcComputeActions create(Config config, Transport transport, Database db) {
        return create(config, transport, db, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * Wires the real thing: object ops on {@code db} (host "api"), RPC clients on {@code transport},
     * meters (sender-side backports, RPC sends, caps) in {@code meters}.
     */
    public static RpcComputeActions create(Config config, Transport transport, Database db, MeterRegistry meters) {
        Release release = Releases.of(config);
        ModelSerializer serializer = ModelSerializer.failingOnNewerObjects(release)
                .countingIn(new BackportMetrics(meters));
        ObjectOps ops = new ObjectOps(new DbObjectBackend(db, "api", release), release);
        UpgradeLevels levels = UpgradeLevels.forService(config, release, () -> ops, "nova-api", meters)
                .refreshEvery(Duration.ofSeconds(config.get(CommonOptions.REPORT_INTERVAL)));
        ServerActions actions = new ServerActions(ops,
                new ComputeTaskRpcApi(transport, config, levels, serializer),
                new ComputeRpcApi(transport, config, levels, serializer));
        RpcComputeActions out = new RpcComputeActions(db, ops, actions, serviceDownTime(config));
        out.levels = levels;
        return out;
    }

    /** The API's pins (null when built without them). */
    private UpgradeLevels levels;

    /** Stops following service versions and SIGHUP reloads (before the database closes). */
    @Override
    public void close() {
        if (levels != null) {
            levels.unregister();
        }
    }

    @Override
    public List<String> createServers(RequestContext ctx, CreateServersRequest request) {
        return guard("create", null, () -> {
            Flavor flavor = flavor(ctx, request.flavorId());
            if (Boolean.TRUE.equals(flavor.get(Flavor.DISABLED))) {
                throw new BadRequestException("Flavor is disabled.");
            }
            int n = request.maxCount();
            List<String> names = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                names.add(n > 1 ? request.name() + "-" + i : request.name());
            }
            List<Instance> created = actions.bootAll(ctx, names, flavor, request.imageRef(), request.metadata(),
                    request.availabilityZone());
            return created.stream().map(Instance::uuid).toList();
        });
    }

    @Override
    public void delete(RequestContext ctx, String uuid) {
        guard("delete", uuid, () -> {
            transition(Action.DELETE, uuid, InstanceStates.DELETING);
            String host = row(uuid).host();
            if (host != null && !computeUp(host)) {
                localDelete(ctx, uuid, host);
            } else {
                actions.castDelete(ctx, uuid);
            }
            return null;
        });
    }

    @Override
    public void reboot(RequestContext ctx, String uuid, RebootType type) {
        guard("reboot", uuid, () -> {
            boolean soft = type == RebootType.SOFT;
            transition(soft ? Action.REBOOT_SOFT : Action.REBOOT_HARD, uuid,
                    soft ? InstanceStates.REBOOTING : InstanceStates.REBOOTING_HARD);
            actions.castReboot(ctx, uuid, soft ? "SOFT" : "HARD");
            return null;
        });
    }

    @Override
    public void stop(RequestContext ctx, String uuid) {
        guard("stop", uuid, () -> {
            transition(Action.STOP, uuid, InstanceStates.POWERING_OFF);
            sendOrUndo(uuid, InstanceStates.POWERING_OFF, () -> actions.castStop(ctx, uuid));
            return null;
        });
    }

    @Override
    public void start(RequestContext ctx, String uuid) {
        guard("start", uuid, () -> {
            transition(Action.START, uuid, InstanceStates.POWERING_ON);
            sendOrUndo(uuid, InstanceStates.POWERING_ON, () -> actions.castStart(ctx, uuid));
            return null;
        });
    }

    @Override
    public void resize(RequestContext ctx, String uuid, String flavorId) {
        guard("resize", uuid, () -> {
            Flavor target = flavor(ctx, flavorId);
            if (Boolean.TRUE.equals(target.get(Flavor.DISABLED))) {
                throw new BadRequestException("Flavor is disabled.");
            }
            InstanceRow row = instances.get(uuid);
            if (row.instanceTypeId() != null && target.get(Flavor.ID) != null
                    && row.instanceTypeId().longValue() == target.get(Flavor.ID)) {
                throw new BadRequestException("When resizing, instances must change flavor!");
            }
            transition(Action.RESIZE, uuid, InstanceStates.RESIZE_PREP);
            sendOrUndo(uuid, InstanceStates.RESIZE_PREP, () -> migrateOrBadRequest(ctx, uuid, target));
            return null;
        });
    }

    @Override
    public void migrate(RequestContext ctx, String uuid) {
        guard("migrate", uuid, () -> {
            transition(Action.MIGRATE, uuid, InstanceStates.RESIZE_PREP);
            sendOrUndo(uuid, InstanceStates.RESIZE_PREP, () -> migrateOrBadRequest(ctx, uuid, null));
            return null;
        });
    }

    private void migrateOrBadRequest(RequestContext ctx, String uuid, Flavor target) {
        try {
            actions.castMigrate(ctx, uuid, target);
        } catch (NoValidHost e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @Override
    public void confirmResize(RequestContext ctx, String uuid) {
        guard("confirmResize", uuid, () -> {
            Migration m = finishedMigration(ctx, uuid);
            transition(Action.CONFIRM_RESIZE, uuid, InstanceStates.RESIZE_CONFIRMING);
            sendOrUndo(uuid, InstanceStates.RESIZE_CONFIRMING, () -> actions.castConfirmResize(ctx, uuid, m));
            return null;
        });
    }

    @Override
    public void revertResize(RequestContext ctx, String uuid) {
        guard("revertResize", uuid, () -> {
            Migration m = finishedMigration(ctx, uuid);
            transition(Action.REVERT_RESIZE, uuid, InstanceStates.RESIZE_REVERTING);
            sendOrUndo(uuid, InstanceStates.RESIZE_REVERTING, () -> actions.castRevertResize(ctx, uuid, m));
            return null;
        });
    }

    @Override
    public String consoleOutput(RequestContext ctx, String uuid, Integer length) {
        return guard("os-getConsoleOutput", uuid, () -> {
            InstanceRow row = row(uuid);
            InstanceStates.check(Action.CONSOLE_OUTPUT, row);
            if (row.host() == null || InstanceStates.DELETING.equals(row.taskState())) {
                throw new InstanceInvalidStateException(Action.CONSOLE_OUTPUT.apiName(), uuid,
                        row.host() == null ? "vm_state" : "task_state",
                        row.host() == null ? row.vmState() : row.taskState());
            }
            return actions.castConsoleOutput(ctx, uuid, length != null && length < 0 ? null : length);
        });
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Whether the nova-compute service of {@code host} exists, is not forced down and has a recent heartbeat. */
    private boolean computeUp(String host) {
        try {
            return services.getByHostAndBinary(host, COMPUTE_BINARY).isUp(db.clock().instant(), serviceDownTime);
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Nova's local delete: the host cannot terminate the instance, so the API marks it deleted and
     * soft-deletes the row with its metadata, system metadata and extra. Nothing on the host is
     * freed here; the host's own resource audit corrects its usage when it comes back.
     */
    private void localDelete(RequestContext ctx, String uuid, String host) {
        LOG.warn("Compute service of host {} is down or not registered (no heartbeat within {} s): deleting "
                + "instance {} from the database only. When {} comes back its driver may still hold the guest; clean it up there.",
                host, serviceDownTime.toSeconds(), uuid, host);
        ops.actionStart(ctx, uuid, "delete");
        Instance inst = ops.instanceGetByUuid(ctx, uuid);
        inst.set(Instance.VM_STATE, InstanceStates.DELETED);
        inst.set(Instance.TASK_STATE, null);
        inst.set(Instance.TERMINATED_AT, OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC));
        ops.instanceSave(ctx, inst);
        ops.instanceDestroy(ctx, inst);
    }

    private Flavor flavor(RequestContext ctx, String flavorId) {
        try {
            return ops.flavorGetByFlavorId(ctx, flavorId);
        } catch (FlavorNotFound e) {
            throw new FlavorNotFoundException(flavorId);
        }
    }

    private Migration finishedMigration(RequestContext ctx, String uuid) {
        try {
            return actions.finishedMigration(ctx, uuid);
        } catch (MigrationNotFound e) {
            throw new BadRequestException("Instance has not been resized.");
        }
    }

    private InstanceRow row(String uuid) {
        try {
            return instances.get(uuid);
        } catch (NotFoundException e) {
            throw new InstanceNotFoundException(uuid);
        }
    }

    /** The contract's atomic first step; a lost race re-reads the row to name the offending state. */
    /**
     * Sends an action's request after {@link #transition} set its task state; when the request could
     * not be sent (the broker is down or restarting), the task state is set back to none, so the
     * instance is not left in it for good and the user's retry is accepted. Not on a timeout or a
     * server's answer: the request may be running, and its outcome owns the task state.
     */
    private void sendOrUndo(String uuid, String taskState, Runnable send) {
        try {
            send.run();
        } catch (org.tandem.rpc.RemoteError | org.tandem.rpc.MessagingTimeoutException e) {
            throw e;
        } catch (org.tandem.rpc.MessagingException e) {
            try {
                Map<String, Object> none = new java.util.HashMap<>();
                none.put("task_state", null);
                instances.update(uuid, none, new org.tandem.db.repository.ExpectedState(List.of(taskState), null));
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    private void transition(Action action, String uuid, String taskState) {
        Map<String, Object> values = new java.util.HashMap<>();
        values.put("task_state", taskState);
        try {
            instances.update(uuid, values, InstanceStates.expected(action));
        } catch (UnexpectedStateException e) {
            InstanceRow now = row(uuid);
            InstanceStates.check(action, now);
            // The row matches the rule again (it changed twice meanwhile): report what we saw.
            throw new InstanceInvalidStateException(action.apiName(), uuid, "task_state", now.taskState());
        } catch (NotFoundException e) {
            throw new InstanceNotFoundException(uuid);
        }
    }

    private static <T> T guard(String action, String uuid, Supplier<T> body) {
        try {
            return body.get();
        } catch (ApiException e) {
            throw e;
        } catch (InstanceNotFound | NotFoundException e) {
            throw new InstanceNotFoundException(uuid);
        } catch (org.tandem.model.InstanceInvalidState e) {
            throw new ApiException(409, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Action {} on instance {} failed unexpectedly: {}; the request is answered with 500 and the "
                    + "instance may need a look (GET /servers/{})", action, uuid, e.toString(), uuid, e);
            throw new ApiException(500, "Unexpected error while running " + action
                    + (uuid == null ? "" : " on instance " + uuid) + ": " + e.getMessage());
        }
    }
}
