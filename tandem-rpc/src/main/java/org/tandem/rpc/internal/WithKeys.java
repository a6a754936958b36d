package org.tandem.rpc.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A message dict followed by a few keys a driver adds ({@code _msg_id}, {@code _unique_id}, ...),
 * read-only and without copying the message: iterated (and so encoded) exactly as a copy with the
 * keys put at its end would be. Sending a call used to copy its ~35 entries only to add four.
 * {@link #joined} likewise puts a shared map (a context's {@code _context_*} entries) after a message.
 */
public final class WithKeys extends AbstractMap<String, Object> {
    private static final String[] NO_KEYS = {};
    private static final Object[] NO_VALUES = {};

    private final Map<String, Object> message;
    /** Entries after the message's (null: none), before the keys. */
    private final Map<String, Object> then;
    private final String[] keys;
    private final Object[] values;

    private WithKeys(Map<String, Object> message, Map<String, Object> then, String[] keys, Object[] values) {
        this.message = message;
        this.then = then;
        this.keys = keys;
        this.values = values;
    }

    Map<String, Object> message() {
        return message;
    }

    Map<String, Object> then() {
        return then;
    }

    String[] extraKeys() {
        return keys;
    }

    Object[] extraValues() {
        return values;
    }

    /**
     * {@code message} followed by the entries of {@code then}, read-only, iterated as a copy of
     * {@code message} with {@code then} put into it would be; that copy when they share a key.
     */
    public static Map<String, Object> joined(Map<String, Object> message, Map<String, Object> then) {
        boolean overlap = false;
        for (String k : message.keySet()) {
            overlap |= then.containsKey(k);
        }
        if (overlap) {
            Map<String, Object> copy = new LinkedHashMap<>(message);
            copy.putAll(then);
            return copy;
        }
        return new WithKeys(message, then, NO_KEYS, NO_VALUES);
    }

    /**
     * {@code message} with {@code keysAndValues} (alternating) after its entries; a copy with them
     * put when the message already has one of the keys (the put then replaces it in place).
     */
    public static Map<String, Object> of(Map<String, Object> message, Object... keysAndValues) {
        int n = keysAndValues.length / 2;
        String[] keys = new String[n];
        Object[] values = new Object[n];
        boolean overlap = false;
        for (int i = 0; i < n; i++) {
            keys[i] = (String) keysAndValues[2 * i];
            values[i] = keysAndValues[2 * i + 1];
            overlap |= message.containsKey(keys[i]);
        }
        if (overlap) {
            Map<String, Object> copy = new LinkedHashMap<>(message);
            for (int i = 0; i < n; i++) {
                copy.put(keys[i], values[i]);
            }
            return copy;
        }
        return new WithKeys(message, null, keys, values);
    }

    @Override
    public Object get(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        if (then != null && then.containsKey(key)) {
            return then.get(key);
        }
        return message.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        for (String k : keys) {
            if (k.equals(key)) {
                return true;
            }
        }
        return then != null && then.containsKey(key) || message.containsKey(key);
    }

    @Override
    public int size() {
        return message.size() + (then == null ? 0 : then.size()) + keys.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return WithKeys.this.size();
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Entry<String, Object>> first = message.entrySet().iterator();
                Iterator<Entry<String, Object>> second = then == null ? null : then.entrySet().iterator();
                return new Iterator<>() {
                    private int extra;

                    @Override
                    public boolean hasNext() {
                        return first.hasNext() || second != null && second.hasNext() || extra < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (first.hasNext()) {
                            return first.next();
                        }
                        if (second != null && second.hasNext()) {
                            return second.next();
                        }
                        if (extra >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = extra++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }
        };
    }
}
