package org.tandem.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tandem.api.InstanceStates.Action;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;
import org.tandem.db.UnexpectedStateException;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.db.repository.FlavorRow;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.InstanceRow;
import org.tandem.db.repository.MigrationRepository;
import org.tandem.rpc.RequestContext;

/**
 * TEST DOUBLE of {@link ComputeActions}: no conductor, scheduler or compute. It writes instance
 * rows itself and applies each action's state transition synchronously (an action's end state
 * is reached before the method returns; {@code createServers} leaves instances in
 * building/scheduling as the real build would right after acceptance). It follows the interface
 * contract's state checks with compare-and-swap updates, so API tests exercise the same 409s.
 */
final class DbBackedComputeActionsTestDouble implements ComputeActions {
    private final InstanceRepository instances;
    private final FlavorRepository flavors;
    private final MigrationRepository migrations;
    /** When positive, createServers sleeps this long after its checks (widens races in tests). */
    volatile long createDelayMillis;
    /** When positive, resize sleeps this long after its state change, before the instance takes the new flavor. */
    volatile long resizeDelayMillis;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** When set, the next consoleOutput call throws it (simulates a server-side bug). */
    volatile RuntimeException failNextConsoleOutput;

    DbBackedComputeActionsTestDouble(Database db) {
        this.instances = new InstanceRepository(db);
        this.flavors = new FlavorRepository(db);
        this.migrations = new MigrationRepository(db);
    }

    @Override
    public List<String> createServers(RequestContext ctx, CreateServersRequest request) {
        calls.add("create " + request.name());
        FlavorRow flavor;
        try {
            flavor = flavors.getByFlavorId(request.flavorId());
        } catch (NotFoundException e) {
            throw new FlavorNotFoundException(request.flavorId());
        }
        if (createDelayMillis > 0) {
            sleep(createDelayMillis);
        }
        int n = request.maxCount();
        String reservation = "r-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("project_id", ctx.projectId());
            v.put("user_id", ctx.userId());
            v.put("display_name", n > 1 ? request.name() + "-" + (i + 1) : request.name());
            v.put("image_ref", request.imageRef());
            v.put("vm_state", InstanceStates.BUILDING);
            v.put("task_state", InstanceStates.SCHEDULING);
            v.put("power_state", 0);
            v.put("memory_mb", flavor.memoryMb());
            v.put("vcpus", flavor.vcpus());
            v.put("root_gb", flavor.rootGb());
            v.put("ephemeral_gb", flavor.ephemeralGb());
            v.put("instance_type_id", (int) flavor.id());
            v.put("launch_index", i);
            v.put("reservation_id", reservation);
            v.put("availability_zone", request.availabilityZone());
            out.add(instances.create(v, flavorSysmeta("", flavor), request.metadata()).uuid());
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> flavorSysmeta(String prefix, FlavorRow f) {
        Map<String, String> m = new LinkedHashMap<>();
        String p = prefix + "instance_type_";
        m.put(p + "id", Long.toString(f.id()));
        m.put(p + "name", f.name());
        m.put(p + "memory_mb", Integer.toString(f.memoryMb()));
        m.put(p + "vcpus", Integer.toString(f.vcpus()));
        m.put(p + "root_gb", String.valueOf(f.rootGb()));
        m.put(p + "ephemeral_gb", String.valueOf(f.ephemeralGb()));
        m.put(p + "flavorid", f.flavorid());
        m.put(p + "swap", Integer.toString(f.swap()));
        m.put(p + "rxtx_factor", String.valueOf(f.rxtxFactor()));
        m.put(p + "vcpu_weight", f.vcpuWeight() == null ? "" : f.vcpuWeight().toString());
        return m;
    }

    /** The contract's atomic first step: CAS on the action's allowed states. */
    private InstanceRow transition(Action action, String uuid, Map<String, ?> values) {
        try {
            return instances.update(uuid, values, InstanceStates.expected(action));
        } catch (UnexpectedStateException e) {
            InstanceRow now = instances.get(uuid);
            InstanceStates.check(action, now);
            throw new IllegalStateException("state changed under us: " + now.vmState() + "/" + now.taskState());
        } catch (NotFoundException e) {
            throw new InstanceNotFoundException(uuid);
        }
    }

    private static Map<String, Object> states(String vm, String task, Integer power) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm_state", vm);
        m.put("task_state", task);
        if (power != null) {
            m.put("power_state", power);
        }
        return m;
    }

    @Override
    public void delete(RequestContext ctx, String uuid) {
        calls.add("delete " + uuid);
        transition(Action.DELETE, uuid, Map.of("task_state", InstanceStates.DELETING));
        instances.update(uuid, states(InstanceStates.DELETED, null, 0));
        instances.softDelete(uuid);
    }

    @Override
    public void reboot(RequestContext ctx, String uuid, RebootType type) {
        calls.add("reboot " + type + " " + uuid);
        transition(type == RebootType.SOFT ? Action.REBOOT_SOFT : Action.REBOOT_HARD, uuid,
                Map.of("task_state", type == RebootType.SOFT ? InstanceStates.REBOOTING : InstanceStates.REBOOTING_HARD));
        instances.update(uuid, states(InstanceStates.ACTIVE, null, 1));
    }

    @Override
    public void stop(RequestContext ctx, String uuid) {
        calls.add("stop " + uuid);
        transition(Action.STOP, uuid, Map.of("task_state", InstanceStates.POWERING_OFF));
        instances.update(uuid, states(InstanceStates.STOPPED, null, 4));
    }

    @Override
    public void start(RequestContext ctx, String uuid) {
        calls.add("start " + uuid);
        transition(Action.START, uuid, Map.of("task_state", InstanceStates.POWERING_ON));
        instances.update(uuid, states(InstanceStates.ACTIVE, null, 1));
    }

    @Override
    public void resize(RequestContext ctx, String uuid, String flavorId) {
        calls.add("resize " + uuid + " " + flavorId);
        FlavorRow target;
        try {
            target = flavors.getByFlavorId(flavorId);
        } catch (NotFoundException e) {
            throw new FlavorNotFoundException(flavorId);
        }
        InstanceRow before = transition(Action.RESIZE, uuid, Map.of("task_state", InstanceStates.RESIZE_PREP));
        FlavorRow current = flavors.get(before.instanceTypeId());
        instances.mergeSystemMetadata(uuid, flavorSysmeta("old_", current));
        instances.mergeSystemMetadata(uuid, flavorSysmeta("", target));
        if (resizeDelayMillis > 0) {
            sleep(resizeDelayMillis);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance_uuid", uuid);
        m.put("source_compute", before.host());
        m.put("dest_compute", before.host());
        m.put("old_instance_type_id", (int) current.id());
        m.put("new_instance_type_id", (int) target.id());
        m.put("status", "finished");
        migrations.create(m);
        Map<String, Object> v = states(InstanceStates.RESIZED, null, null);
        v.put("instance_type_id", (int) target.id());
        v.put("memory_mb", target.memoryMb());
        v.put("vcpus", target.vcpus());
        instances.update(uuid, v);
    }

    private void finishMigration(String uuid, String status) {
        try {
            migrations.update(migrations.getByInstanceAndStatus(uuid, "finished").id(), Map.of("status", status));
        } catch (NotFoundException e) {
            // a migrate of this double records no migration
        }
    }

    @Override
    public void confirmResize(RequestContext ctx, String uuid) {
        calls.add("confirmResize " + uuid);
        transition(Action.CONFIRM_RESIZE, uuid, Map.of("task_state", InstanceStates.RESIZE_CONFIRMING));
        finishMigration(uuid, "confirmed");
        instances.update(uuid, states(InstanceStates.ACTIVE, null, 1));
    }

    @Override
    public void revertResize(RequestContext ctx, String uuid) {
        calls.add("revertResize " + uuid);
        transition(Action.REVERT_RESIZE, uuid, Map.of("task_state", InstanceStates.RESIZE_REVERTING));
        Map<String, String> sys = instances.systemMetadata(uuid);
        FlavorRow old = flavors.get(Long.parseLong(sys.get("old_instance_type_id")));
        instances.mergeSystemMetadata(uuid, flavorSysmeta("", old));
        finishMigration(uuid, "reverted");
        Map<String, Object> v = states(InstanceStates.ACTIVE, null, 1);
        v.put("instance_type_id", (int) old.id());
        v.put("memory_mb", old.memoryMb());
        v.put("vcpus", old.vcpus());
        instances.update(uuid, v);
    }

    @Override
    public void migrate(RequestContext ctx, String uuid) {
        calls.add("migrate " + uuid);
        transition(Action.MIGRATE, uuid, Map.of("task_state", InstanceStates.RESIZE_PREP));
        instances.update(uuid, states(InstanceStates.RESIZED, null, null));
    }

    @Override
    public String consoleOutput(RequestContext ctx, String uuid, Integer length) {
        calls.add("console " + uuid);
        RuntimeException fail = failNextConsoleOutput;
        if (fail != null) {
            failNextConsoleOutput = null;
            throw fail;
        }
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add("console line " + i + " of " + uuid);
        }
        int from = length == null || length < 0 ? 0 : Math.max(0, lines.size() - length);
        return String.join("\n", lines.subList(from, lines.size()));
    }
}
