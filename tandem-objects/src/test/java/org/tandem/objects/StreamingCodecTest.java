package org.tandem.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tandem.objects.fixtures.Gadget;
import org.tandem.objects.fixtures.GadgetList;
import org.tandem.objects.fixtures.Node;
import org.tandem.objects.fixtures.Widget;

/**
 * The streaming codec ({@link ObjectCodec#toJson(VersionedObject)} and
 * {@link ObjectCodec#fromJson(byte[])}) against the tree codec it replaces (object to primitive to
 * Jackson, Jackson to primitive to object): the same bytes, the same objects, the same errors, for
 * the OVO fixtures and for randomized objects and randomized (also broken) JSON.
 */
class StreamingCodecTest {
    private static final long SEED = Long.getLong("tandem.test.seed", System.nanoTime());
    private final ObjectCodec codec = new ObjectCodec(Widget.registry());

    /** Outcome of one call: the bytes or the error class and message. */
    private record Outcome(String bytes, String error) {
        static Outcome of(java.util.function.Supplier<byte[]> call) {
            try {
                return new Outcome(new String(call.get(), StandardCharsets.UTF_8), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    /** What a decoded object is: its JSON at its own version, version, changes, class. */
    private Outcome decoded(java.util.function.Supplier<VersionedObject> call) {
        return Outcome.of(() -> {
            VersionedObject o = call.get();
            return (o.getClass().getName() + " " + o.version() + " " + o.whatChanged() + " "
                    + new String(codec.treeToJson(o), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        });
    }

    private void assertEncodesAlike(VersionedObject o, String what) {
        assertThat(Outcome.of(() -> codec.toJson(o))).as(what + " (seed " + SEED + ")")
                .isEqualTo(Outcome.of(() -> codec.treeToJson(o)));
    }

    private void assertDecodesAlike(byte[] json, String what) {
        assertThat(decoded(() -> codec.fromJson(json))).as(what + ": " + new String(json, StandardCharsets.UTF_8)
                + " (seed " + SEED + ")").isEqualTo(decoded(() -> codec.treeFromJson(json)));
    }

    @TestFactory
    Stream<DynamicTest> ovoFixturesGiveTheSameBytesBothWays() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> files = new ArrayList<>(OvoFixturesTest.scenarioFiles());
        files.add(OvoFixturesTest.dir().resolve("hydration.json"));
        for (Path file : files) {
            List<JsonNode> primitives = new ArrayList<>();
            collectPrimitives(Json.read(file), primitives);
            tests.add(DynamicTest.dynamicTest(file.getFileName() + " (" + primitives.size() + " primitives)", () -> {
                assertThat(primitives).isNotEmpty();
                for (JsonNode p : primitives) {
                    byte[] json = codec.toJson(Json.primitive(p));
                    assertDecodesAlike(json, file.getFileName().toString());
                    VersionedObject o;
                    try {
                        o = codec.treeFromJson(json);
                    } catch (ObjectException e) {
                        continue; // an error case of hydration.json: decoding compared above
                    }
                    assertEncodesAlike(o, file.getFileName() + " " + p);
                    assertThat(codec.toJson(o)).isEqualTo(codec.toJson((Object) o.toPrimitive()));
                }
            }));
        }
        return tests.stream();
    }

    private static void collectPrimitives(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            if (node.has("nova_object.name")) {
                out.add(node);
                return;
            }
            node.forEach(n -> collectPrimitives(n, out));
        } else if (node.isArray()) {
            node.forEach(n -> collectPrimitives(n, out));
        }
    }

    @Test
    void anOlderSendersObjectWithNewerFieldsSetIsWrittenAtItsOwnVersionWithoutThem() {
        Gadget old = codec.fromPrimitive(Map.of("nova_object.name", "Gadget", "nova_object.namespace", "nova",
                "nova_object.version", "1.1", "nova_object.data", Map.of("id", 7, "label", "x")), Gadget.class);
        old.set(Gadget.WEIGHT, 1.0); // the default: harmless to drop
        String json = new String(codec.toJson(old), StandardCharsets.UTF_8);
        assertThat(json).contains("\"nova_object.version\":\"1.1\"").doesNotContain("weight");
        assertEncodesAlike(old, "backport to own version");
        Widget w = new Widget();
        w.set(Widget.GADGET, old);
        w.set(Widget.GADGETS, List.of(old, gadget(new Random(1))));
        assertEncodesAlike(w, "nested backport to own version");
        old.set(Gadget.WEIGHT, 2.5); // droppable, so dropped too
        assertEncodesAlike(w, "nested backport of a changed value");
        assertThat(new String(codec.toJson(w), StandardCharsets.UTF_8)).doesNotContain("weight\":2.5");
    }

    @Test
    void randomObjectsEncodeAndDecodeLikeTheTreeCodec() {
        Random r = new Random(SEED);
        for (int i = 0; i < 600; i++) {
            VersionedObject o = r.nextInt(10) == 0 ? nodes(r) : widget(r);
            assertEncodesAlike(o, "object #" + i);
            byte[] json;
            try {
                json = codec.treeToJson(o);
            } catch (ObjectException e) {
                continue;
            }
            assertDecodesAlike(json, "object #" + i);
            for (int m = 0; m < 4; m++) {
                assertDecodesAlike(mutate(json, r), "mutated object #" + i);
            }
        }
    }

    @Test
    void limitsApplyAlike() {
        Random r = new Random(SEED);
        ObjectCodec tight = new ObjectCodec(Widget.registry(), new CodecLimits(3, 40));
        for (int i = 0; i < 150; i++) {
            VersionedObject o = r.nextBoolean() ? nodes(r) : widget(r);
            byte[] json;
            try {
                json = codec.treeToJson(o);
            } catch (ObjectException e) {
                continue; // nested deeper than the encoder allows
            }
            assertThat(decodedWith(tight, json, true)).as(new String(json, StandardCharsets.UTF_8))
                    .isEqualTo(decodedWith(tight, json, false));
        }
    }

    private Outcome decodedWith(ObjectCodec c, byte[] json, boolean streaming) {
        return decoded(() -> streaming ? c.fromJson(json) : c.treeFromJson(json));
    }

    // --- random objects ---------------------------------------------------------------------

    private static String text(Random r) {
        int n = r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(12)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append("\"\\/\u007f".charAt(r.nextInt(4)));
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> sb.append((char) (0x800 + r.nextInt(0xd000)));
                case 4 -> sb.appendCodePoint(0x10000 + r.nextInt(0xfffff));
                case 5 -> {
                    if (r.nextInt(20) == 0) {
                        sb.append((char) (0xd800 + r.nextInt(0x800))); // a lone surrogate now and then
                    } else {
                        sb.append('x');
                    }
                }
                default -> sb.append((char) (0x20 + r.nextInt(0x5f)));
            }
        }
        return sb.toString();
    }

    private static double number(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Double.longBitsToDouble(r.nextLong());
            case 1 -> r.nextInt(1000) / 8.0;
            case 2 -> -0.0;
            case 3 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            default -> r.nextGaussian();
        };
    }

    private static long integer(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextLong();
            case 1 -> r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            case 2 -> r.nextInt();
            default -> r.nextInt(200) - 100;
        };
    }

    private static Gadget gadget(Random r) {
        Gadget g = new Gadget();
        g.set(Gadget.ID, integer(r));
        if (r.nextBoolean()) {
            g.set(Gadget.LABEL, r.nextInt(4) == 0 ? null : text(r));
        }
        if (r.nextBoolean()) {
            g.set(Gadget.WEIGHT, number(r));
        }
        if (r.nextInt(3) == 0) {
            g.resetChanges();
        }
        return g;
    }

    /** A gadget as received from an older sender (1.0 or 1.1), sometimes given newer fields since. */
    private Gadget oldGadget(Random r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", r.nextInt(1000));
        String version = r.nextBoolean() ? "1.0" : "1.1";
        if (version.equals("1.1") && r.nextBoolean()) {
            data.put("label", text(r));
        }
        Gadget g = codec.fromPrimitive(Map.of("nova_object.name", "Gadget", "nova_object.namespace", "nova",
                "nova_object.version", version, "nova_object.data", data), Gadget.class);
        if (r.nextBoolean()) {
            g.set(Gadget.WEIGHT, r.nextBoolean() ? 1.0 : number(r));
        }
        if (r.nextBoolean()) {
            g.set(Gadget.LABEL, "set later");
        }
        return g;
    }

    private Gadget anyGadget(Random r) {
        return r.nextInt(4) == 0 ? oldGadget(r) : gadget(r);
    }

    private Widget widget(Random r) {
        Widget w = new Widget();
        if (r.nextInt(5) > 0) {
            w.set(Widget.UUID, r.nextBoolean() ? java.util.UUID.randomUUID().toString() : text(r));
        }
        maybe(r, () -> w.set(Widget.NAME, r.nextInt(5) == 0 ? null : text(r)));
        maybe(r, () -> w.set(Widget.COUNT, integer(r)));
        maybe(r, () -> w.set(Widget.ENABLED, r.nextBoolean()));
        maybe(r, () -> w.set(Widget.RATIO, r.nextInt(5) == 0 ? null : number(r)));
        maybe(r, () -> w.set(Widget.CREATED_AT, r.nextInt(5) == 0 ? null
                : OffsetDateTime.of(1970 + r.nextInt(100), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
                        r.nextInt(60), r.nextInt(60), r.nextInt(1000) * 1000, ZoneOffset.ofHours(r.nextInt(25) - 12))));
        maybe(r, () -> w.set(Widget.STATE, List.of("active", "stopped", "error").get(r.nextInt(3))));
        maybe(r, () -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = r.nextInt(25); i > 0; i--) {
                m.put(text(r), text(r));
            }
            w.set(Widget.METADATA, m);
        });
        maybe(r, () -> {
            List<String> l = new ArrayList<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                l.add(text(r));
            }
            w.set(Widget.TAGS, l);
        });
        maybe(r, () -> {
            List<Long> l = new ArrayList<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                l.add(integer(r));
            }
            w.set(Widget.SIZES, r.nextInt(5) == 0 ? null : l);
        });
        maybe(r, () -> w.set(Widget.GADGET, r.nextInt(5) == 0 ? null : anyGadget(r)));
        maybe(r, () -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                m.put(text(r), r.nextInt(3) == 0 ? null : text(r));
            }
            w.set(Widget.EXTRA, r.nextInt(5) == 0 ? null : m);
        });
        maybe(r, () -> {
            List<Gadget> l = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                l.add(anyGadget(r));
            }
            w.set(Widget.GADGETS, l);
        });
        maybe(r, () -> w.set(Widget.SPEC, r.nextInt(5) == 0 ? null : anyGadget(r)));
        maybe(r, () -> w.set(Widget.UPDATED_AT, null));
        maybe(r, () -> {
            GadgetList gl = new GadgetList();
            List<Gadget> l = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                l.add(anyGadget(r));
            }
            gl.setObjects(l);
            if (r.nextBoolean()) {
                gl.resetChanges();
            }
            w.set(Widget.GADGET_LIST, r.nextInt(5) == 0 ? null : gl);
        });
        if (r.nextInt(3) == 0) {
            w.resetChanges();
        }
        return w;
    }

    private static Node nodes(Random r) {
        Node root = new Node();
        Node n = root;
        int depth = r.nextInt(80);
        for (int i = 0; i < depth; i++) {
            n.set(Node.VALUE, (long) i);
            Node child = new Node();
            n.set(Node.CHILD, child);
            n = child;
        }
        n.set(Node.VALUE, -1L);
        if (r.nextInt(4) == 0) {
            n.set(Node.CHILD, null);
        }
        return root;
    }

    private static void maybe(Random r, Runnable set) {
        if (r.nextBoolean()) {
            try {
                set.run();
            } catch (FieldValueException e) {
                // a value the field refuses (null for a non-nullable field): leave it unset
            }
        }
    }

    // --- random JSON edits ------------------------------------------------------------------

    private static final String[] SNIPPETS = {" ", "\n", "\t", ",", ":", "{", "}", "[", "]", "\"", "\\", "null", "true",
        "1", "-0", "01", "1.5e3", "1e400", "99999999999999999999", "\"x\"", "\\u0041", "\\ud83d\\ude00", "\\ud800",
        "\u00e9", "\u0000", "NaN", "\"nova_object.changes\":[\"name\"],", "\"nova_object.changes\":null,",
        "\"nova_object.extra\":{\"a\":[1,{}]},", "\"name\":1,", "\"count\":\"12\",", "\"count\":1.9,", "\"enabled\":\"\",",
        "\"ratio\":\"2.5\",", "\"uuid\":null,", "\"tags\":[null],", "\"metadata\":{\"k\":null},", "\"extra\":{\"k\":null},",
        "\"gadget\":{},", "\"sizes\":[\"3\"],"};

    private static byte[] mutate(byte[] json, Random r) {
        String s = new String(json, StandardCharsets.UTF_8);
        int at = r.nextInt(s.length() + 1);
        switch (r.nextInt(9)) {
            case 0 -> s = s.substring(0, at) + SNIPPETS[r.nextInt(SNIPPETS.length)] + s.substring(at);
            case 1 -> s = s.substring(0, at) + (at < s.length() ? s.substring(Math.min(s.length(), at + 1 + r.nextInt(3))) : "");
            case 2 -> s = s.substring(0, at);
            case 3 -> s = s.replaceFirst("\"nova_object.data\":", SNIPPETS[26 + r.nextInt(4)] + "\"nova_object.data\":");
            case 4 -> {
                // data before name: a legal but unusual key order
                int data = s.indexOf(",\"nova_object.data\":");
                int end = s.lastIndexOf('}');
                if (data > 0 && s.indexOf("\"nova_object.changes\"") < 0 && end > data) {
                    s = "{" + s.substring(data + 1, end) + "," + s.substring(1, data) + "}";
                }
            }
            case 5 -> s = s.replace(":", " : ").replace(",", " ,\n");
            case 6 -> {
                int q = s.indexOf("\":\"", at);
                if (q > 0) {
                    char c = s.charAt(q + 3);
                    if (c != '\\' && c != '"') {
                        s = s.substring(0, q + 3) + String.format("\\u%04x", (int) c) + s.substring(q + 4);
                    }
                }
            }
            case 7 -> s = s.replaceFirst("\"nova_object.data\":\\{", "\"nova_object.data\":{"
                    + SNIPPETS[29 + r.nextInt(SNIPPETS.length - 29)]);
            default -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
