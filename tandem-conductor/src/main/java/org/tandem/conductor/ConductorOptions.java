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

    public static final List<Option<?>> ALL = List.of(SCHEDULER_MAX_ATTEMPTS);

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
