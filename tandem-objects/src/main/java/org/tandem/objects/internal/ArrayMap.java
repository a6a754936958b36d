package org.tandem.objects.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable map with string keys in insertion order, held in one array of alternating keys
 * and values plus an open-addressing index of the keys' hashes: what the streaming codec builds for
 * a dict field instead of a {@code LinkedHashMap} (one node per entry) wrapped unmodifiable. Equal
 * (and of equal hash) to any map with the same entries; iterates, prints and refuses changes as
 * {@code Collections.unmodifiableMap(new LinkedHashMap<>(...))} does. Null values are allowed, null
 * keys are not.
 *
 * @param <V> the value type
 */
public final class ArrayMap<V> extends AbstractMap<String, V> {
    private final Object[] entries; // key0, value0, key1, value1, ...
    private final int size;
    private final int[] index; // 1 + entry number, by hash; 0 for free

    private ArrayMap(Object[] entries, int size, int[] index) {
        this.entries = entries;
        this.size = size;
        this.index = index;
    }

    /**
     * A map of the first {@code n} key/value pairs of {@code kv} (alternating), which it takes over:
     * the caller must not use the array again. A key given again keeps its first place and takes the
     * later value, as a {@code LinkedHashMap} would.
     */
    public static <V> ArrayMap<V> of(Object[] kv, int n) {
        int cap = Integer.highestOneBit(Math.max(2, n) * 2 - 1) * 2; // load factor at most 1/2
        int[] index = new int[cap];
        int size = 0;
        for (int i = 0; i < n; i++) {
            String key = (String) kv[2 * i];
            int slot = slot(key.hashCode(), cap);
            int at;
            while ((at = index[slot]) != 0 && !kv[2 * (at - 1)].equals(key)) {
                slot = (slot + 1) & (cap - 1);
            }
            if (at != 0) {
                kv[2 * (at - 1) + 1] = kv[2 * i + 1];
            } else {
                kv[2 * size] = key; // moved down over the entries of repeated keys, if any
                kv[2 * size + 1] = kv[2 * i + 1];
                index[slot] = ++size;
            }
        }
        return new ArrayMap<>(kv, size, index);
    }

    /**
     * The keys of a map, in order, with their index and their JSON member names ({@code "key":}):
     * a reader that meets the same keys in the same order again builds its map on them
     * ({@link #withKeys}) without hashing the keys or building another index.
     */
    public static final class Keys {
        private final String[] keys;
        private final byte[][] names;
        private final int[] index;

        private Keys(String[] keys, byte[][] names, int[] index) {
            this.keys = keys;
            this.names = names;
            this.index = index;
        }

        public int size() {
            return keys.length;
        }

        public String key(int i) {
            return keys[i];
        }

        /** Key {@code i} as a JSON member name with its colon. */
        public byte[] name(int i) {
            return names[i];
        }
    }

    /** This map's keys as a {@link Keys}. */
    public Keys keys() {
        String[] k = new String[size];
        byte[][] n = new byte[size][];
        for (int i = 0; i < size; i++) {
            k[i] = (String) entries[2 * i];
            n[i] = org.tandem.objects.json.JsonOutput.nameBytes(k[i]);
        }
        return new Keys(k, n, index);
    }

    /**
     * A map of {@code keys} and the values in {@code kv}'s odd slots (its even slots hold the same
     * keys, in the same order); takes {@code kv} over.
     */
    public static <V> ArrayMap<V> withKeys(Keys keys, Object[] kv) {
        return new ArrayMap<>(kv, keys.keys.length, keys.index);
    }

    private static int slot(int h, int cap) {
        return (h ^ (h >>> 16)) & (cap - 1);
    }

    private int find(Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        int cap = index.length;
        int slot = slot(key.hashCode(), cap);
        int at;
        while ((at = index[slot]) != 0) {
            if (entries[2 * (at - 1)].equals(key)) {
                return at - 1;
            }
            slot = (slot + 1) & (cap - 1);
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = find(key);
        return i < 0 ? null : (V) entries[2 * i + 1];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getOrDefault(Object key, V defaultValue) {
        int i = find(key);
        return i < 0 ? defaultValue : (V) entries[2 * i + 1];
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < size;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (i >= size) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, V> e = new SimpleImmutableEntry<>((String) entries[2 * i], (V) entries[2 * i + 1]);
                        i++;
                        return e;
                    }
                };
            }
        };
    }

    @Override
    public V remove(Object key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(java.util.function.BiConsumer<? super String, ? super V> action) {
        for (int i = 0; i < size; i++) {
            action.accept((String) entries[2 * i], (V) entries[2 * i + 1]);
        }
    }
}
