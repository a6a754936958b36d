package org.tandem.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tandem.db.repository.ExpectedState;
import org.tandem.db.repository.InstanceRow;

/**
 * Instance states as stored in {@code instances.vm_state} / {@code task_state}, the API status
 * each pair shows as, and which server actions each state allows (the role of Nova's
 * {@code check_instance_state}). Both the API (early 409) and every {@link ComputeActions}
 * implementation (atomic compare-and-swap through {@link #expected(Action)}) use this one table.
 */
public final class InstanceStates {
    // vm states
    public static final String ACTIVE = "active";
    public static final String BUILDING = "building";
    public static final String PAUSED = "paused";
    public static final String SUSPENDED = "suspended";
    public static final String STOPPED = "stopped";
    public static final String RESCUED = "rescued";
    public static final String RESIZED = "resized";
    public static final String SOFT_DELETED = "soft-delete";
    public static final String DELETED = "deleted";
    public static final String ERROR = "error";
    public static final String SHELVED = "shelved";
    public static final String SHELVED_OFFLOADED = "shelved_offloaded";

    // task states
    public static final String SCHEDULING = "scheduling";
    public static final String BLOCK_DEVICE_MAPPING = "block_device_mapping";
    public static final String NETWORKING = "networking";
    public static final String SPAWNING = "spawning";
    public static final String REBOOTING = "rebooting";
    public static final String REBOOT_PENDING = "reboot_pending";
    public static final String REBOOT_STARTED = "reboot_started";
    public static final String REBOOTING_HARD = "rebooting_hard";
    public static final String REBOOT_PENDING_HARD = "reboot_pending_hard";
    public static final String REBOOT_STARTED_HARD = "reboot_started_hard";
    public static final String UPDATING_PASSWORD = "updating_password";
    public static final String REBUILDING = "rebuilding";
    public static final String REBUILD_BLOCK_DEVICE_MAPPING = "rebuild_block_device_mapping";
    public static final String REBUILD_SPAWNING = "rebuild_spawning";
    public static final String MIGRATING = "migrating";
    public static final String RESIZE_PREP = "resize_prep";
    public static final String RESIZE_MIGRATING = "resize_migrating";
    public static final String RESIZE_MIGRATED = "resize_migrated";
    public static final String RESIZE_FINISH = "resize_finish";
    public static final String RESIZE_REVERTING = "resize_reverting";
    public static final String RESIZE_CONFIRMING = "resize_confirming";
    public static final String POWERING_OFF = "powering-off";
    public static final String POWERING_ON = "powering-on";
    public static final String DELETING = "deleting";

    /** Server actions with a state rule; {@link #apiName()} is the name used in 409 messages. */
    public enum Action {
        DELETE("delete"), REBOOT_SOFT("reboot"), REBOOT_HARD("reboot"), STOP("stop"), START("start"),
        RESIZE("resize"), MIGRATE("migrate"), CONFIRM_RESIZE("confirmResize"), REVERT_RESIZE("revertResize"),
        CONSOLE_OUTPUT("os-getConsoleOutput");

        private final String apiName;

        Action(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }

    /**
     * Allowed states of one action. A null set means "any"; a set may contain {@code null} for
     * "no task state".
     */
    public record Rule(Set<String> vmStates, Set<String> taskStates) {
    }

    private static final Map<Action, Rule> RULES = new EnumMap<>(Action.class);
    private static final Map<String, Map<String, String>> STATUS = new HashMap<>();
    private static final String DEFAULT = "\u0000default";

    static {
        Set<String> none = nullable((String) null);
        RULES.put(Action.DELETE, new Rule(null, null));
        RULES.put(Action.REBOOT_SOFT, new Rule(Set.of(ACTIVE), none));
        RULES.put(Action.REBOOT_HARD, new Rule(Set.of(ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR),
                nullable(null, REBOOTING, REBOOT_PENDING, REBOOT_STARTED)));
        RULES.put(Action.STOP, new Rule(Set.of(ACTIVE, ERROR), none));
        RULES.put(Action.START, new Rule(Set.of(STOPPED), none));
        RULES.put(Action.RESIZE, new Rule(Set.of(ACTIVE, STOPPED), none));
        RULES.put(Action.MIGRATE, new Rule(Set.of(ACTIVE, STOPPED), none));
        RULES.put(Action.CONFIRM_RESIZE, new Rule(Set.of(RESIZED), none));
        RULES.put(Action.REVERT_RESIZE, new Rule(Set.of(RESIZED), none));
        RULES.put(Action.CONSOLE_OUTPUT, new Rule(Set.of(ACTIVE, STOPPED, PAUSED, SUSPENDED, RESCUED, RESIZED, ERROR),
                null));

        mapStatus(ACTIVE, "ACTIVE", REBOOTING, "REBOOT", REBOOT_PENDING, "REBOOT", REBOOT_STARTED, "REBOOT",
                REBOOTING_HARD, "HARD_REBOOT", REBOOT_PENDING_HARD, "HARD_REBOOT", REBOOT_STARTED_HARD, "HARD_REBOOT",
                UPDATING_PASSWORD, "PASSWORD", REBUILDING, "REBUILD", REBUILD_BLOCK_DEVICE_MAPPING, "REBUILD",
                REBUILD_SPAWNING, "REBUILD", MIGRATING, "MIGRATING", RESIZE_PREP, "RESIZE", RESIZE_MIGRATING, "RESIZE",
                RESIZE_MIGRATED, "RESIZE", RESIZE_FINISH, "RESIZE");
        mapStatus(BUILDING, "BUILD");
        mapStatus(STOPPED, "SHUTOFF", RESIZE_PREP, "RESIZE", RESIZE_MIGRATING, "RESIZE", RESIZE_MIGRATED, "RESIZE",
                RESIZE_FINISH, "RESIZE", REBUILDING, "REBUILD", REBUILD_BLOCK_DEVICE_MAPPING, "REBUILD",
                REBUILD_SPAWNING, "REBUILD");
        mapStatus(RESIZED, "VERIFY_RESIZE", RESIZE_REVERTING, "REVERT_RESIZE");
        mapStatus(PAUSED, "PAUSED", MIGRATING, "MIGRATING");
        mapStatus(SUSPENDED, "SUSPENDED");
        mapStatus(RESCUED, "RESCUE");
        mapStatus(ERROR, "ERROR", REBUILDING, "REBUILD", REBUILD_BLOCK_DEVICE_MAPPING, "REBUILD",
                REBUILD_SPAWNING, "REBUILD");
        mapStatus(DELETED, "DELETED");
        mapStatus(SOFT_DELETED, "SOFT_DELETED");
        mapStatus(SHELVED, "SHELVED");
        mapStatus(SHELVED_OFFLOADED, "SHELVED_OFFLOADED");
    }

    private InstanceStates() {
    }

    private static Set<String> nullable(String... states) {
        return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(states)));
    }

    private static void mapStatus(String vmState, String defaultStatus, String... taskAndStatus) {
        Map<String, String> m = new HashMap<>();
        m.put(DEFAULT, defaultStatus);
        for (int i = 0; i < taskAndStatus.length; i += 2) {
            m.put(taskAndStatus[i], taskAndStatus[i + 1]);
        }
        STATUS.put(vmState, m);
    }

    /** The API status of a vm/task state pair, {@code UNKNOWN} for a vm state the table does not know. */
    public static String status(String vmState, String taskState) {
        Map<String, String> m = STATUS.get(vmState);
        if (m == null) {
            return "UNKNOWN";
        }
        String s = taskState == null ? null : m.get(taskState);
        return s != null ? s : m.get(DEFAULT);
    }

    /** Every status the table can produce (for validating the {@code status} list filter). */
    public static Set<String> knownStatuses() {
        Set<String> out = new HashSet<>();
        STATUS.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /** The state rule of an action. */
    public static Rule rule(Action action) {
        return RULES.get(action);
    }

    /**
     * Checks an instance against an action's rule.
     *
     * @throws InstanceInvalidStateException naming vm_state first, then task_state
     */
    public static void check(Action action, InstanceRow instance) {
        Rule rule = RULES.get(action);
        if (rule.vmStates() != null && !rule.vmStates().contains(instance.vmState())) {
            throw new InstanceInvalidStateException(action.apiName(), instance.uuid(), "vm_state", instance.vmState());
        }
        if (rule.taskStates() != null && !rule.taskStates().contains(instance.taskState())) {
            throw new InstanceInvalidStateException(action.apiName(), instance.uuid(), "task_state",
                    instance.taskState());
        }
    }

    /**
     * The compare-and-swap condition an implementation passes to
     * {@code InstanceRepository.update(uuid, values, expected)} when it starts the action, so a
     * concurrent change makes the update fail instead of racing.
     */
    public static ExpectedState expected(Action action) {
        Rule rule = RULES.get(action);
        List<String> tasks = rule.taskStates() == null ? null : new java.util.ArrayList<>(rule.taskStates());
        List<String> vms = rule.vmStates() == null ? null : List.copyOf(rule.vmStates());
        return new ExpectedState(tasks, vms);
    }

    /** Upper-cases a status filter value the way clients send it. */
    static String normalizeStatus(String status) {
        return status == null ? null : status.trim().toUpperCase(Locale.ROOT);
    }
}
