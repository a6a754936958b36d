package org.tandem.rpc.amqp.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/** Remembers the last {@value #SIZE} {@code _unique_id}s seen by one consumer (as oslo does). */
public final class DuplicateFilter {
    public static final int SIZE = 16;
    private final ArrayDeque<String> order = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();

    /** True when {@code id} is new (and remembers it); false for a repeat. Null ids always pass. */
    public synchronized boolean firstTime(String id) {
        if (id == null) {
            return true;
        }
        if (seen.contains(id)) {
            return false;
        }
        order.addLast(id);
        seen.add(id);
        if (order.size() > SIZE) {
            seen.remove(order.removeFirst());
        }
        return true;
    }
}
