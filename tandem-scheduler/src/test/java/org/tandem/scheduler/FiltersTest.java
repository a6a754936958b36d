package org.tandem.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tandem.scheduler.filters.ComputeFilter;
import org.tandem.scheduler.filters.CoreFilter;
import org.tandem.scheduler.filters.DiskFilter;
import org.tandem.scheduler.filters.RamFilter;
import org.tandem.scheduler.filters.RetryFilter;

/** Each filter's arithmetic with Nova's default ratios, and the RAM weigher's order. */
class FiltersTest {
    static HostState host(String name, long ram, long usedRam, long vcpus, long usedVcpus, long disk, long usedDisk) {
        return new HostState(name, name, ram, vcpus, disk, usedRam, usedVcpus, usedDisk, true, false);
    }

    final Request small = new Request(2048, 1, 20, 0);
    final Map<String, Object> noProps = Map.of();

    @Test
    void ramFilterAllowsOvercommitByTheRatioAndSetsTheLimit() {
        Map<String, Object> limits = new LinkedHashMap<>();
        RamFilter f = new RamFilter(1.5);
        assertThat(f.passes(host("h", 8192, 10240, 4, 0, 100, 0), small, noProps, limits)).isTrue();
        assertThat(limits).containsEntry("memory_mb", 12288.0);
        assertThat(f.passes(host("h", 8192, 10241, 4, 0, 100, 0), small, noProps, new LinkedHashMap<>())).isFalse();
    }

    @Test
    void coreFilterUsesTheCpuRatioButNeverMoreVcpusThanTheHostHas() {
        CoreFilter f = new CoreFilter(16.0);
        assertThat(f.passes(host("h", 8192, 0, 2, 31, 100, 0), small, noProps, new LinkedHashMap<>())).isTrue();
        assertThat(f.passes(host("h", 8192, 0, 2, 32, 100, 0), small, noProps, new LinkedHashMap<>())).isFalse();
        assertThat(f.passes(host("h", 8192, 0, 2, 0, 100, 0), new Request(512, 4, 1, 0), noProps, new LinkedHashMap<>()))
                .isFalse();
    }

    @Test
    void diskFilterCountsRootEphemeralAndSwap() {
        DiskFilter f = new DiskFilter(1.0);
        assertThat(f.passes(host("h", 8192, 0, 4, 0, 100, 80), small, noProps, new LinkedHashMap<>())).isTrue();
        assertThat(f.passes(host("h", 8192, 0, 4, 0, 100, 80), new Request(512, 1, 20, 1), noProps, new LinkedHashMap<>()))
                .isFalse();
    }

    @Test
    void computeFilterDropsDownAndDisabledHosts() {
        ComputeFilter f = new ComputeFilter();
        HostState down = new HostState("d", "d", 8192, 4, 100, 0, 0, 0, false, false);
        HostState disabled = new HostState("x", "x", 8192, 4, 100, 0, 0, 0, true, true);
        assertThat(f.passes(down, small, noProps, new LinkedHashMap<>())).isFalse();
        assertThat(f.passes(disabled, small, noProps, new LinkedHashMap<>())).isFalse();
        assertThat(f.passes(host("up", 8192, 0, 4, 0, 100, 0), small, noProps, new LinkedHashMap<>())).isTrue();
    }

    @Test
    void retryFilterDropsTriedAndIgnoredHosts() {
        RetryFilter f = new RetryFilter();
        Map<String, Object> props = Map.of("retry", Map.of("num_attempts", 2, "hosts", List.of(List.of("a", "a"))),
                "ignore_hosts", List.of("b"));
        assertThat(f.passes(host("a", 1, 0, 1, 0, 1, 0), small, props, new LinkedHashMap<>())).isFalse();
        assertThat(f.passes(host("b", 1, 0, 1, 0, 1, 0), small, props, new LinkedHashMap<>())).isFalse();
        assertThat(f.passes(host("c", 1, 0, 1, 0, 1, 0), small, props, new LinkedHashMap<>())).isTrue();
    }

    @Test
    void ramWeigherPrefersMostFreeRamThenName() {
        List<HostState> hosts = new ArrayList<>(List.of(host("b", 8192, 4096, 4, 0, 100, 0),
                host("c", 8192, 0, 4, 0, 100, 0), host("a", 8192, 0, 4, 0, 100, 0)));
        hosts.sort(RamWeigher.MOST_FREE_RAM_FIRST);
        assertThat(hosts).extracting(HostState::host).containsExactly("a", "c", "b");
    }
}
