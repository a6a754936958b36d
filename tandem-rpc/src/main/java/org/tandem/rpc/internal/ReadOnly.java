package org.tandem.rpc.internal;

import java.util.Collection;
import java.util.Map;

/**
 * Whether a value cannot change: strings, boxed numbers and booleans, null, and the JDK's
 * immutable and unmodifiable collections ({@code List.of}, {@code Collections.unmodifiableMap},
 * ...) holding only such values. What the envelope writer may keep the bytes of and copy again
 * while the same instance comes back (a context's {@code _context_*} entries). An unmodifiable view
 * of a collection someone else still changes would pass; {@link org.tandem.rpc.RequestContext}
 * makes its views over its own copies.
 */
final class ReadOnly {
    private ReadOnly() {
    }

    static boolean deeply(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof Short || v instanceof Byte) {
            return true;
        }
        if (!(v instanceof Map<?, ?> || v instanceof Collection<?>) || !jdkReadOnly(v.getClass())) {
            return false;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String) || !deeply(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        for (Object e : (Collection<?>) v) {
            if (!deeply(e)) {
                return false;
            }
        }
        return true;
    }

    private static boolean jdkReadOnly(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.util.ImmutableCollections$") || n.startsWith("java.util.Collections$Unmodifiable");
    }
}
