package org.tandem.compute.driver;

import java.util.regex.Pattern;

/**
 * The fake hypervisor of one host: its size, and optionally a pattern of instance display names
 * whose spawn fails (to test reschedules).
 */
public record FakeDriverSpec(int vcpus, int memoryMb, int localGb, Pattern failSpawnFor) {
    public FakeDriverSpec {
        if (vcpus <= 0 || memoryMb <= 0 || localGb <= 0) {
            throw new IllegalArgumentException("a fake host needs positive vcpus, memory_mb and local_gb, got " + vcpus
                    + "/" + memoryMb + "/" + localGb);
        }
    }

    public static FakeDriverSpec of(int vcpus, int memoryMb, int localGb) {
        return new FakeDriverSpec(vcpus, memoryMb, localGb, null);
    }

    /** The same host, failing to spawn instances whose display name matches {@code regex}. */
    public FakeDriverSpec failingSpawnFor(String regex) {
        return new FakeDriverSpec(vcpus, memoryMb, localGb, Pattern.compile(regex));
    }
}
