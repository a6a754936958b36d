package org.tandem.model;

/** Nova's {@code vm_states}, {@code task_states} and {@code power_state} values (wire strings and codes). */
public final class VmStates {
    public static final String ACTIVE = "active";
    public static final String BUILDING = "building";
    public static final String STOPPED = "stopped";
    public static final String RESIZED = "resized";
    public static final String RESCUED = "rescued";
    public static final String DELETED = "deleted";
    public static final String ERROR = "error";

    private VmStates() {
    }

    /** Task states. */
    public static final class Task {
        public static final String SCHEDULING = "scheduling";
        public static final String NETWORKING = "networking";
        public static final String SPAWNING = "spawning";
        public static final String DELETING = "deleting";
        public static final String REBOOTING = "rebooting";
        public static final String REBOOTING_HARD = "rebooting_hard";
        public static final String POWERING_OFF = "powering-off";
        public static final String POWERING_ON = "powering-on";
        public static final String RESIZE_PREP = "resize_prep";
        public static final String RESIZE_MIGRATING = "resize_migrating";
        public static final String RESIZE_MIGRATED = "resize_migrated";
        public static final String RESIZE_FINISH = "resize_finish";
        public static final String RESIZE_REVERTING = "resize_reverting";
        public static final String RESIZE_CONFIRMING = "resize_confirming";

        private Task() {
        }
    }

    /** Power states (Nova's {@code power_state} integers). */
    public static final class Power {
        public static final long NOSTATE = 0;
        public static final long RUNNING = 1;
        public static final long PAUSED = 3;
        public static final long SHUTDOWN = 4;
        public static final long CRASHED = 6;
        public static final long SUSPENDED = 7;

        private Power() {
        }
    }
}
