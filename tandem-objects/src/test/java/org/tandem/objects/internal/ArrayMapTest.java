package org.tandem.objects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ArrayMap} behaves as {@code Collections.unmodifiableMap(new LinkedHashMap<>(...))} filled the same way. */
class ArrayMapTest {
    private static Map<String, Object> linked(Object[] kv, int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put((String) kv[2 * i], kv[2 * i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Test
    void behavesLikeAnUnmodifiableLinkedHashMap() {
        Random r = new Random(7);
        for (int round = 0; round < 500; round++) {
            int n = r.nextInt(round < 50 ? 4 : 60);
            Object[] kv = new Object[2 * n + r.nextInt(8)];
            for (int i = 0; i < n; i++) {
                kv[2 * i] = "k" + r.nextInt(Math.max(1, n)); // repeated keys now and then
                kv[2 * i + 1] = r.nextInt(5) == 0 ? null : "v" + i;
            }
            Map<String, Object> expected = linked(kv, n);
            Map<String, Object> actual = ArrayMap.of(kv.clone(), n);
            assertThat(actual).isEqualTo(expected);
            assertThat(expected).isEqualTo(actual);
            assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
            assertThat(actual.toString()).isEqualTo(expected.toString());
            assertThat(new ArrayList<>(actual.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
            assertThat(new ArrayList<>(actual.values())).isEqualTo(new ArrayList<>(expected.values()));
            assertThat(actual.size()).isEqualTo(expected.size());
            for (int k = -1; k <= n; k++) {
                String key = "k" + k;
                assertThat(actual.get(key)).isEqualTo(expected.get(key));
                assertThat(actual.containsKey(key)).isEqualTo(expected.containsKey(key));
                assertThat(actual.getOrDefault(key, "d")).isEqualTo(expected.getOrDefault(key, "d"));
            }
            assertThat(actual.get(null)).isNull();
            assertThat(actual.get(1)).isNull();
            List<String> seen = new ArrayList<>();
            actual.forEach((k, v) -> seen.add(k + "=" + v));
            List<String> want = new ArrayList<>();
            expected.forEach((k, v) -> want.add(k + "=" + v));
            assertThat(seen).isEqualTo(want);
        }
    }

    @Test
    void refusesChanges() {
        Map<String, Object> m = ArrayMap.of(new Object[] {"a", "1", "b", null}, 2);
        assertThatThrownBy(() -> m.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m).containsEntry("a", "1").containsEntry("b", null).hasSize(2);
    }
}
