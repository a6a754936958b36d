package org.tandem.scheduler;

import java.util.Map;

/** The resources one instance needs (from the request spec's {@code instance_type}). */
public record Request(long memoryMb, long vcpus, long diskGb, long swapMb) {
    static Request from(Map<?, ?> instanceType) {
        return new Request(num(instanceType, "memory_mb"), num(instanceType, "vcpus"),
                num(instanceType, "root_gb") + num(instanceType, "ephemeral_gb"), num(instanceType, "swap"));
    }

    private static long num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("request_spec instance_type." + key + " must be a number, got " + v);
        }
    }
}
