package org.tandem.conductor;

import java.util.List;
import org.tandem.config.Option;
import org.tandem.config.OptionProvider;

/** Conductor options. */
public final class ConductorOptions {
    /** How many times a build is tried on different hosts before the instance goes to ERROR. */
    public static final Option<Integer> SCHEDULER_MAX_ATTEMPTS = Option.integer(Option.DEFAULT_GROUP, "scheduler_max_attempts")
            .defaultValue(3)
            .help("Maximum number of attempts to schedule an instance (the first try plus reschedules after a "
                    + "compute host failed to build it).")
            .build();

    /** How long an instance may wait in a task state whose request is in flight before it is sent again. */
    public static final Option<Integer> LOST_REQUEST_TIMEOUT = Option.integer("conductor", "lost_request_timeout")
            .defaultValue(180)
            .help("Seconds an instance may stay in a task state whose next step is a request in flight (scheduling "
                    + "with no host, deleting, rebooting, powering-off/on, resize_prep, resize_migrated, "
                    + "resize_confirming, resize_reverting) with nothing written before the conductor takes the "
                    + "request as lost (a message broker restart drops what its queues held) and sends it again, or "
                    + "ends a lost resize with a fault. Keep it above rpc_response_timeout. 0 turns it off.")
            .build();

    public static final List<Option<?>> ALL = List.of(SCHEDULER_MAX_ATTEMPTS, LOST_REQUEST_TIMEOUT);

    private ConductorOptions() {
    }

    /** Registers the options with the config loader (META-INF/services). */
    public static final class Provider implements OptionProvider {
        @Override
        public List<Option<?>> options() {
            return ALL;
        }
    }
}
