package org.tandem.scheduler;

import java.util.Comparator;

/** Orders hosts by free RAM, most first (Nova's RamWeigher with the default positive multiplier). */
public final class RamWeigher {
    public static final Comparator<HostState> MOST_FREE_RAM_FIRST = Comparator
            .comparingLong(HostState::freeRamMb).reversed().thenComparing(HostState::host);

    private RamWeigher() {
    }
}
