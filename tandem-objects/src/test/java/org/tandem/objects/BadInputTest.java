package org.tandem.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tandem.objects.fixtures.Node;
import org.tandem.objects.fixtures.Widget;
import org.tandem.version.InvalidVersionException;

/** Every malformed input gets one of our exceptions with a message that says what is wrong. */
class BadInputTest {
    private static ObjectRegistry registry() {
        return Widget.registry().register(Node.SCHEMA);
    }

    private final ObjectCodec codec = new ObjectCodec(registry());

    private static Map<String, Object> widget() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uuid", "u");
        data.put("name", "n");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("nova_object.name", "Widget");
        p.put("nova_object.namespace", "nova");
        p.put("nova_object.version", "1.4");
        p.put("nova_object.data", data);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nova_object.name", "nova_object.namespace", "nova_object.version", "nova_object.data"})
    void missingKeysAreNamed(String key) {
        Map<String, Object> p = widget();
        p.remove(key);
        assertThatThrownBy(() -> codec.fromPrimitive(p)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("Missing key '" + key + "'");
    }

    @Test
    void wrongJsonTypesAreNamed() {
        Map<String, Object> p = widget();
        p.put("nova_object.data", List.of("x"));
        assertThatThrownBy(() -> codec.fromPrimitive(p)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("'nova_object.data' must be a JSON object, got a list");
        Map<String, Object> q = widget();
        q.put("nova_object.version", 1.4);
        assertThatThrownBy(() -> codec.fromPrimitive(q)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("'nova_object.version' must be a string, got a number (1.4)");
        Map<String, Object> r = widget();
        r.put("nova_object.name", null);
        assertThatThrownBy(() -> codec.fromPrimitive(r)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("'nova_object.name' must be a string, got null");
        Map<String, Object> s = widget();
        s.put("nova_object.changes", "name");
        assertThatThrownBy(() -> codec.fromPrimitive(s)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("'nova_object.changes' must be a list");
        Map<String, Object> t = widget();
        t.put("nova_object.changes", List.of(1));
        assertThatThrownBy(() -> codec.fromPrimitive(t)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("must hold field names");
        for (Object notAnObject : new Object[] {null, "x", 1, List.of()}) {
            assertThatThrownBy(() -> codec.fromPrimitive(notAnObject)).isInstanceOf(MalformedPrimitiveException.class)
                    .hasMessageContaining("Expected an object primitive");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "x.y", "1.2.3.4", "", "1.-2", " 1.2", "1..2"})
    void badVersionsAreRejected(String version) {
        Map<String, Object> p = widget();
        p.put("nova_object.version", version);
        assertThatThrownBy(() -> codec.fromPrimitive(p)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("nova_object.version of Widget")
                .hasCauseInstanceOf(InvalidVersionException.class);
    }

    @Test
    void unknownNamesAndForeignNamespaces() {
        Map<String, Object> p = widget();
        p.put("nova_object.name", "Gizmo");
        assertThatThrownBy(() -> codec.fromPrimitive(p)).isInstanceOf(UnsupportedObjectError.class)
                .hasMessage("Unsupported object type Gizmo");
        Map<String, Object> q = widget();
        q.put("nova_object.namespace", "cinder");
        assertThatThrownBy(() -> codec.fromPrimitive(q)).isInstanceOf(UnsupportedObjectError.class)
                .hasMessage("Unsupported object type cinder.Widget");
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("versioned_object.name", "Widget");
        assertThatThrownBy(() -> codec.fromPrimitive(other)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("Missing key 'nova_object.name'").hasMessageContaining("versioned_object.name");
    }

    private static Map<String, Object> chain(int depth) {
        Map<String, Object> inner = null;
        for (int i = 0; i < depth; i++) {
            Map<String, Object> data = new HashMap<>();
            data.put("value", i);
            data.put("child", inner);
            Map<String, Object> p = new HashMap<>();
            p.put("nova_object.name", "Node");
            p.put("nova_object.namespace", "nova");
            p.put("nova_object.version", "1.0");
            p.put("nova_object.data", data);
            inner = p;
        }
        return inner;
    }

    @Test
    void nestingIsLimited() {
        assertThat(codec.fromPrimitive(chain(64))).isInstanceOf(Node.class);
        assertThatThrownBy(() -> codec.fromPrimitive(chain(65))).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("deeper than 64").hasMessageContaining("$.child.child");
        ObjectCodec tight = new ObjectCodec(registry(), new CodecLimits(3, 1000));
        assertThat(tight.fromPrimitive(chain(3))).isNotNull();
        assertThatThrownBy(() -> tight.fromPrimitive(chain(4))).isInstanceOf(MalformedPrimitiveException.class);
        // deep JSON is refused by the parser before any object is built
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> codec.fromJson(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedPrimitiveException.class).hasMessageContaining("limits");
        // a cycle in memory is caught when encoding
        Node a = new Node();
        a.set(Node.VALUE, 1L);
        a.set(Node.CHILD, a);
        assertThatThrownBy(a::toPrimitive).isInstanceOf(ObjectException.class).hasMessageContaining("contained in itself");
    }

    @Test
    void hugeStringsAreLimited() {
        ObjectCodec small = new ObjectCodec(registry(), new CodecLimits(64, 100));
        Map<String, Object> p = widget();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) p.get("nova_object.data");
        data.put("name", "x".repeat(100));
        assertThat(small.fromPrimitive(p)).isNotNull();
        data.put("name", "x".repeat(101));
        assertThatThrownBy(() -> small.fromPrimitive(p)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("String of 101 chars in name at $.name exceeds the limit of 100");
        data.put("name", "n");
        data.put("metadata", Map.of("k".repeat(101), "v"));
        assertThatThrownBy(() -> small.fromPrimitive(p)).isInstanceOf(MalformedPrimitiveException.class);
        byte[] json = ("{\"nova_object.name\": \"" + "W".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.fromJson(json)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("limits");
        assertThat(CodecLimits.defaults().maxStringLength()).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void nonStringKeysAreRejected() {
        Map<String, Object> p = widget();
        @SuppressWarnings("unchecked")
        Map<Object, Object> data = (Map<Object, Object>) p.get("nova_object.data");
        data.put(7, "x");
        assertThatThrownBy(() -> codec.fromPrimitive(p)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("Non-string key 7");
        Map<String, Object> q = widget();
        Map<Object, Object> meta = new HashMap<>();
        meta.put(1, "x");
        @SuppressWarnings("unchecked")
        Map<String, Object> qd = (Map<String, Object>) q.get("nova_object.data");
        qd.put("metadata", meta);
        assertThatThrownBy(() -> codec.fromPrimitive(q)).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("Key 1 in field metadata must be a string");
    }

    @Test
    void invalidJsonIsReported() {
        for (String bad : new String[] {"", "{", "{\"a\": 1} trailing", "[1,]", "nul"}) {
            assertThatThrownBy(() -> codec.fromJson(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(MalformedPrimitiveException.class);
        }
    }

    /** Seeded random mutations of every fixture primitive: only our exception types may come out. */
    @Test
    void randomMutationsOnlyRaiseObjectExceptions() throws Exception {
        List<Object> seeds = new ArrayList<>();
        for (Path f : OvoFixturesTest.scenarioFiles()) {
            JsonNode doc = Json.read(f);
            seeds.add(Json.primitive(doc.get("current")));
            doc.get("targets").forEach(t -> seeds.add(Json.primitive(t)));
        }
        Random random = new Random(20151);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            Object p = deepCopy(seeds.get(random.nextInt(seeds.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                p = mutate(p, random, 0);
            }
            try {
                VersionedObject o = codec.fromPrimitive(p);
                o.toPrimitive();
                accepted++;
            } catch (ObjectException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException e) {
                throw new AssertionError("mutation " + i + " leaked " + e + " for input " + p, e);
            }
        }
        assertThat(accepted).isPositive();
        assertThat(rejected).isPositive();
    }

    private static Object randomValue(Random r) {
        return switch (r.nextInt(11)) {
            case 0 -> null;
            case 1 -> r.nextInt();
            case 2 -> r.nextDouble() * 1e6;
            case 3 -> "s" + r.nextInt(100);
            case 4 -> new ArrayList<>(List.of(1, "a"));
            case 5 -> new LinkedHashMap<>(Map.of("k", "v"));
            case 6 -> r.nextBoolean();
            case 7 -> "1." + r.nextInt(9);
            case 8 -> Long.MAX_VALUE;
            case 9 -> new java.math.BigInteger("123456789012345678901234567890");
            default -> "2015-03-04T05:06:07Z";
        };
    }

    @SuppressWarnings("unchecked")
    private static Object mutate(Object node, Random r, int depth) {
        if (node instanceof Map<?, ?> m && !m.isEmpty()) {
            Map<Object, Object> map = (Map<Object, Object>) m;
            List<Object> keys = new ArrayList<>(map.keySet());
            Object key = keys.get(r.nextInt(keys.size()));
            switch (r.nextInt(depth > 6 ? 3 : 5)) {
                case 0 -> map.remove(key);
                case 1 -> map.put(key, randomValue(r));
                case 2 -> map.put(r.nextBoolean() ? (Object) 42 : "extra", randomValue(r));
                default -> map.put(key, mutate(map.get(key), r, depth + 1));
            }
            return map;
        }
        if (node instanceof List<?> l && !l.isEmpty()) {
            List<Object> list = (List<Object>) l;
            int i = r.nextInt(list.size());
            if (r.nextBoolean()) {
                list.set(i, mutate(list.get(i), r, depth + 1));
            } else {
                list.set(i, randomValue(r));
            }
            return list;
        }
        return r.nextInt(4) == 0 ? randomValue(r) : node;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, deepCopy(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(deepCopy(v)));
            return out;
        }
        return o;
    }
}
