package org.tandem.scheduler;

import java.util.List;
import org.tandem.config.Option;
import org.tandem.config.OptionProvider;

/** Scheduler options with Nova's names and defaults. */
public final class SchedulerOptions {
    public static final Option<Double> RAM_ALLOCATION_RATIO = Option.floating(Option.DEFAULT_GROUP, "ram_allocation_ratio")
            .defaultValue(1.5).help("Virtual RAM to physical RAM allocation ratio (RamFilter).").build();
    public static final Option<Double> CPU_ALLOCATION_RATIO = Option.floating(Option.DEFAULT_GROUP, "cpu_allocation_ratio")
            .defaultValue(16.0).help("Virtual CPU to physical CPU allocation ratio (CoreFilter).").build();
    public static final Option<Double> DISK_ALLOCATION_RATIO = Option.floating(Option.DEFAULT_GROUP, "disk_allocation_ratio")
            .defaultValue(1.0).help("Virtual disk to physical disk allocation ratio (DiskFilter).").build();
    public static final Option<Integer> CLAIM_TTL = Option.integer("scheduler", "tandem_claim_ttl")
            .defaultValue(60)
            .help("Seconds the scheduler keeps counting a host's resources as used by an instance it just sent there, "
                    + "until the host's own usage report includes it.").build();

    public static final List<Option<?>> ALL = List.of(RAM_ALLOCATION_RATIO, CPU_ALLOCATION_RATIO, DISK_ALLOCATION_RATIO,
            CLAIM_TTL);

    private SchedulerOptions() {
    }

    public static final class Provider implements OptionProvider {
        @Override
        public List<Option<?>> options() {
            return ALL;
        }
    }
}
