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
 */
public final class WithKeys extends AbstractMap<String, Object> {
    private final Map<String, Object> message;
    private final String[] keys;
    private final Object[] values;

    private WithKeys(Map<String, Object> message, String[] keys, Object[] values) {
        this.message = message;
        this.keys = keys;
        this.values = values;
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
        return new WithKeys(message, keys, values);
    }

    @Override
    public Object get(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
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
        return message.containsKey(key);
    }

    @Override
    public int size() {
        return message.size() + keys.length;
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
                return new Iterator<>() {
                    private int extra;

                    @Override
                    public boolean hasNext() {
                        return first.hasNext() || extra < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (first.hasNext()) {
                            return first.next();
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
