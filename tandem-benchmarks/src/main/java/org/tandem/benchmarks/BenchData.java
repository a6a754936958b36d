package org.tandem.benchmarks;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmark instance, with the same values as {@code make_instance()} in tools/bench/ovo_bench.py. */
public final class BenchData {
    /** The version the backport benchmark targets (the oldest: flavor, rule and field drops all apply). */
    public static final org.tandem.version.Version BACKPORT_TARGET = BenchInstance.V1_0;

    private BenchData() {
    }

    /** Every field set, changes reset, then task_state and progress changed (as before a save). */
    public static BenchInstance instance() {
        BenchFlavor flavor = new BenchFlavor();
        flavor.set(BenchFlavor.ID, 6L);
        flavor.set(BenchFlavor.NAME, "m1.large");
        flavor.set(BenchFlavor.MEMORY_MB, 8192L);
        flavor.set(BenchFlavor.VCPUS, 4L);
        flavor.set(BenchFlavor.ROOT_GB, 80L);
        flavor.set(BenchFlavor.EPHEMERAL_GB, 10L);
        flavor.set(BenchFlavor.FLAVORID, "4");
        flavor.set(BenchFlavor.SWAP, 1024L);
        flavor.set(BenchFlavor.RXTX_FACTOR, 1.5);
        flavor.set(BenchFlavor.VCPU_WEIGHT, null);
        flavor.set(BenchFlavor.DISABLED, false);
        flavor.set(BenchFlavor.IS_PUBLIC, true);
        Map<String, String> specs = new LinkedHashMap<>();
        specs.put("hw:cpu_policy", "dedicated");
        specs.put("hw:mem_page_size", "large");
        specs.put("quota:disk_read_iops_sec", "1000");
        flavor.set(BenchFlavor.EXTRA_SPECS, specs);

        Map<String, String> sysmeta = new LinkedHashMap<>();
        for (int i = 0; i < 17; i++) {
            sysmeta.put(String.format("image_%02d", i), String.format("value-%02d-%s", i, "x".repeat(i % 7)));
        }
        sysmeta.put("instance_type_name", "m1.large");
        sysmeta.put("instance_type_flavorid", "4");
        sysmeta.put("clean_attempts", "0");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("role", "frontend");
        metadata.put("tier", "web");
        metadata.put("owner", "team-blue");

        BenchInstance inst = new BenchInstance();
        inst.set(BenchInstance.ID, 1042L);
        inst.set(BenchInstance.UUID, "b2f1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        inst.set(BenchInstance.USER_ID, "5c4f1e0a9b8d4c7e8f6a5b4c3d2e1f00");
        inst.set(BenchInstance.PROJECT_ID, "9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d");
        inst.set(BenchInstance.IMAGE_REF, "e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9");
        inst.set(BenchInstance.KERNEL_ID, "");
        inst.set(BenchInstance.RAMDISK_ID, "");
        inst.set(BenchInstance.HOSTNAME, "web-frontend-07");
        inst.set(BenchInstance.LAUNCH_INDEX, 0L);
        inst.set(BenchInstance.KEY_NAME, "ops-key");
        inst.set(BenchInstance.POWER_STATE, 1L);
        inst.set(BenchInstance.VM_STATE, "active");
        inst.set(BenchInstance.TASK_STATE, null);
        inst.set(BenchInstance.MEMORY_MB, 8192L);
        inst.set(BenchInstance.VCPUS, 4L);
        inst.set(BenchInstance.ROOT_GB, 80L);
        inst.set(BenchInstance.EPHEMERAL_GB, 10L);
        inst.set(BenchInstance.HOST, "compute-17");
        inst.set(BenchInstance.NODE, "compute-17.example.org");
        inst.set(BenchInstance.INSTANCE_TYPE_ID, 6L);
        inst.set(BenchInstance.RESERVATION_ID, "r-3fk2l9qx");
        inst.set(BenchInstance.SCHEDULED_AT, utc(2015, 4, 30, 10, 11, 12, 345678));
        inst.set(BenchInstance.LAUNCHED_AT, utc(2015, 4, 30, 10, 12, 40, 0));
        inst.set(BenchInstance.TERMINATED_AT, null);
        inst.set(BenchInstance.AVAILABILITY_ZONE, "nova");
        inst.set(BenchInstance.DISPLAY_NAME, "web-frontend-07");
        inst.set(BenchInstance.DISPLAY_DESCRIPTION, "Frontend web server \u2116 7");
        inst.set(BenchInstance.LAUNCHED_ON, "compute-17");
        inst.set(BenchInstance.LOCKED, true);
        inst.set(BenchInstance.LOCKED_BY, "owner");
        inst.set(BenchInstance.OS_TYPE, "linux");
        inst.set(BenchInstance.ROOT_DEVICE_NAME, "/dev/vda");
        inst.set(BenchInstance.ACCESS_IP_V4, "192.0.2.17");
        inst.set(BenchInstance.ACCESS_IP_V6, "2001:db8::17");
        inst.set(BenchInstance.PROGRESS, 100L);
        inst.set(BenchInstance.SHUTDOWN_TERMINATE, false);
        inst.set(BenchInstance.CLEANED, false);
        inst.set(BenchInstance.METADATA, metadata);
        inst.set(BenchInstance.SYSTEM_METADATA, sysmeta);
        inst.set(BenchInstance.FLAVOR, flavor);
        inst.set(BenchInstance.CREATED_AT, utc(2015, 4, 30, 10, 11, 2, 0));
        inst.set(BenchInstance.UPDATED_AT, utc(2015, 5, 2, 8, 0, 0, 0));
        inst.set(BenchInstance.DELETED, false);
        inst.set(BenchInstance.EPHEMERAL_KEY_UUID, null);
        inst.set(BenchInstance.NODE_UUID, "7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a");
        inst.resetChanges(null, true);
        inst.set(BenchInstance.TASK_STATE, "rebooting");
        inst.set(BenchInstance.PROGRESS, 0L);
        return inst;
    }

    private static OffsetDateTime utc(int y, int mo, int d, int h, int mi, int s, int micros) {
        return OffsetDateTime.of(y, mo, d, h, mi, s, micros * 1000, ZoneOffset.UTC);
    }
}
