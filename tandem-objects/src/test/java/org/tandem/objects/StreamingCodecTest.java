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

    /** A Widget's JSON with {@code member} (name and value) as the first member of its data. */
    private byte[] widgetWith(String member) {
        Widget w = new Widget();
        w.set(Widget.UUID, "b2f1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        String json = new String(codec.treeToJson(w), StandardCharsets.UTF_8);
        return json.replace("\"nova_object.data\":{", "\"nova_object.data\":{" + member + ",").getBytes(StandardCharsets.UTF_8);
    }

    /** The streaming path, not the tree codec it falls back to, reads {@code json}. */
    private void assertStreams(byte[] json) {
        assertThat(StreamDecoder.tryDecode(codec.registry(), codec.limits(), json)).as(new String(json, StandardCharsets.UTF_8))
                .isNotNull();
    }

    private static String pick(Random r, String... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static String twoDigits(Random r, int max) {
        return String.format("%02d", r.nextInt(max + 1));
    }

    /** Timestamps as senders write them and near misses: impossible dates and times, other forms. */
    private static String timestamp(Random r) {
        String date = String.format("%04d", r.nextInt(5) == 0 ? r.nextInt(10000) : 1995 + r.nextInt(40)) + "-"
                + twoDigits(r, 13) + "-" + twoDigits(r, 31);
        String time = twoDigits(r, r.nextInt(4) == 0 ? 24 : 23) + ":" + twoDigits(r, r.nextInt(4) == 0 ? 60 : 59) + ":"
                + twoDigits(r, r.nextInt(4) == 0 ? 60 : 59);
        String end = r.nextInt(3) > 0 ? "Z" : pick(r, "z", "+00:00", "-05:30", ".5Z", ".123456Z", "", "ZZ", " ");
        return date + pick(r, "T", "T", "T", "t", " ") + time + end;
    }

    @Test
    void timestampsDecodeLikeTheTreeCodec() {
        Random r = new Random(SEED);
        for (int i = 0; i < 1500; i++) {
            String ts = timestamp(r);
            assertDecodesAlike(widgetWith("\"created_at\":\"" + ts + "\""), "timestamp " + ts);
        }
        for (String ts : new String[] {"2016-02-29T23:59:59Z", "2015-02-29T00:00:00Z", "2000-02-29T12:00:00Z",
            "1900-02-29T12:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2015-04-31T00:00:00Z",
            "2015-04-30T24:00:00Z", "2015-12-31T00:60:00Z", "2015-12-31T00:00:60Z", "2015-00-10T00:00:00Z",
            "2015-10-00T00:00:00Z", "2015-1a-10T00:00:00Z", "2015-10-10T00:00:00Z\\"}) {
            assertDecodesAlike(widgetWith("\"created_at\":\"" + ts + "\""), "timestamp " + ts);
        }
        assertStreams(widgetWith("\"created_at\":\"2016-02-29T23:59:59Z\""));
    }

    @Test
    void timestampsEncodeLikeTheTreeCodec() {
        Random r = new Random(SEED);
        for (int i = 0; i < 2000; i++) {
            Widget w = new Widget();
            w.set(Widget.UUID, "u");
            int year = r.nextInt(4) == 0 ? r.nextInt(10002) : 1970 + r.nextInt(100);
            ZoneOffset offset = r.nextInt(3) == 0 ? ZoneOffset.ofTotalSeconds(r.nextInt(20) * 1800 - 18000) : ZoneOffset.UTC;
            w.set(Widget.CREATED_AT, OffsetDateTime.of(year, 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
                    r.nextInt(60), r.nextInt(60), r.nextInt(3) == 0 ? r.nextInt(1_000_000_000) : 0, offset));
            assertEncodesAlike(w, "timestamp " + w.get(Widget.CREATED_AT));
        }
    }

    /** IP addresses in their canonical forms and in the other forms inet_aton and IPv6 allow, and invalid ones. */
    private static String address(Random r) {
        return switch (r.nextInt(8)) {
            case 0, 1 -> r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            case 2 -> pick(r, "010.0.0.1", "10.1", "10", "0x0a.0.0.1", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.",
                    " 1.2.3.4", "1.2.3.4 ", "01.2.3.4", "1.2.3.04", "0.0.0.0", "255.255.255.255", "", "1.2.3.a",
                    "4294967295", "4294967296", "00.0.0.0");
            case 3 -> pick(r, "2001:db8::17", "2001:DB8::17", "2001:db8:0:0:0:0:0:17", "::1", "::", "::ffff:1.2.3.4",
                    "::1.2.3.4", "1::2::3", "2001:db8::g", "fe80::1%eth0", "0:0:0:0:0:0:0:1", "2001:0db8::0017",
                    "1:0:0:2:0:0:0:3", "1:0:0:2:0:0:3:4");
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < 8; k++) {
                    sb.append(k == 0 ? "" : ":").append(Integer.toHexString(r.nextInt(4) == 0 ? 0 : r.nextInt(0x10000)));
                }
                yield sb.toString();
            }
        };
    }

    @Test
    void addressesDecodeLikeTheTreeCodec() {
        Random r = new Random(SEED);
        for (int i = 0; i < 1500; i++) {
            String json = "{\"nova_object.name\":\"Endpoint\",\"nova_object.namespace\":\"nova\","
                    + "\"nova_object.version\":\"1.0\",\"nova_object.data\":{\"ip\":\"" + address(r) + "\",\"v4\":\""
                    + address(r) + "\",\"v6\":\"" + address(r) + "\"}}";
            assertDecodesAlike(json.getBytes(StandardCharsets.UTF_8), "addresses");
        }
        assertStreams(("{\"nova_object.name\":\"Endpoint\",\"nova_object.namespace\":\"nova\",\"nova_object.version\":"
                + "\"1.0\",\"nova_object.data\":{\"ip\":\"10.0.0.1\",\"v4\":\"192.0.2.17\",\"v6\":\"::1\"}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rawUtf8StringsDecodeLikeTheTreeCodec() {
        // well-formed sequences of each length and every kind of ill-formed one (overlong forms,
        // UTF-8-encoded surrogates, past U+10FFFF, cut short, stray continuation bytes)
        int[][] sequences = {{0xC3, 0xA9}, {0xE2, 0x84, 0x96}, {0xF0, 0x9F, 0x98, 0x80}, {0xEF, 0xBF, 0xBF},
            {0xF4, 0x8F, 0xBF, 0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF},
            {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF0, 0x80, 0x80, 0x80}, {0xF0, 0x8F, 0xBF, 0xBF},
            {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xC3}, {0xE2, 0x84}, {0xF0, 0x9F, 0x98}, {0x80},
            {0xBF}, {0xFE}, {0xFF}, {0xC3, 0x41}, {0xE2, 0x41, 0x96}};
        Random r = new Random(SEED);
        for (int i = 0; i < 1500; i++) {
            java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
            for (int k = r.nextInt(6); k >= 0; k--) {
                if (r.nextBoolean()) {
                    value.writeBytes(("ab" + pick(r, "", "\\n", "\\u00e9", "\\\"", "c")).getBytes(StandardCharsets.US_ASCII));
                }
                for (int b : sequences[r.nextInt(r.nextInt(4) == 0 ? sequences.length : 5)]) {
                    value.write(b);
                }
            }
            byte[] json = widgetWith("\"name\":\"" + "\u0000" + "\"");
            String text = new String(json, StandardCharsets.ISO_8859_1);
            int at = text.indexOf('\u0000');
            byte[] withValue = new byte[json.length - 1 + value.size()];
            System.arraycopy(json, 0, withValue, 0, at);
            System.arraycopy(value.toByteArray(), 0, withValue, at, value.size());
            System.arraycopy(json, at + 1, withValue, at + value.size(), json.length - at - 1);
            assertDecodesAlike(withValue, "raw UTF-8 " + java.util.HexFormat.of().formatHex(value.toByteArray()));
        }
        assertStreams(widgetWith("\"name\":\"caf\u00e9 \u2116 \ud83d\ude00\""));
    }

    @Test
    void manyDistinctKeysDecodeLikeTheTreeCodec() {
        // more names than the table of recent member names holds, and names at the very end of the input
        Random r = new Random(SEED);
        for (int round = 0; round < 3; round++) {
            Widget w = new Widget();
            w.set(Widget.UUID, "u");
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < 5000; i++) {
                m.put("key_" + Integer.toString(r.nextInt(1 << 20), 36) + "_".repeat(r.nextInt(30)), "v" + i);
            }
            w.set(Widget.METADATA, m);
            byte[] json = codec.treeToJson(w);
            assertDecodesAlike(json, "5000 keys, round " + round);
            VersionedObject back = codec.fromJson(json);
            assertThat(((Widget) back).get(Widget.METADATA)).isEqualTo(m);
            assertThat(new ArrayList<>(((Widget) back).get(Widget.METADATA).keySet())).isEqualTo(new ArrayList<>(m.keySet()));
        }
        String tail = "{\"nova_object.name\":\"Gadget\",\"nova_object.namespace\":\"nova\",\"nova_object.version\":"
                + "\"1.0\",\"nova_object.data\":{\"id\":1},\"nova_object.changes\":[\"id\",\"i\"]}";
        assertDecodesAlike(tail.getBytes(StandardCharsets.UTF_8), "changed-field names at the end");
        assertDecodesAlike(tail.replace("]}", "]}  ").getBytes(StandardCharsets.UTF_8), "changed-field names near the end");
    }

    @Test
    void dictsWithTheLastKeysOrOthersDecodeLikeTheTreeCodec() {
        // a dict field reuses the keys of the map it read last: the same keys again, in another
        // order, fewer, more, repeated, escaped, or a null value, each against the tree codec
        // (the reuse itself: FieldsTest)
        Random r = new Random(SEED);
        List<String> base = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            base.add("image_" + i);
        }
        for (int i = 0; i < 600; i++) {
            StringBuilder data = new StringBuilder("\"metadata\":{");
            List<String> keys = new ArrayList<>(base);
            switch (r.nextInt(7)) {
                case 0 -> java.util.Collections.swap(keys, r.nextInt(keys.size()), r.nextInt(keys.size()));
                case 1 -> keys.subList(r.nextInt(keys.size()), keys.size()).clear();
                case 2 -> keys.add("extra_" + r.nextInt(3));
                case 3 -> keys.add(keys.get(r.nextInt(keys.size())));
                case 4 -> keys.set(r.nextInt(keys.size()), "image_\\u0031");
                default -> { }
            }
            for (int k = 0; k < keys.size(); k++) {
                data.append(k == 0 ? "" : r.nextInt(40) == 0 ? " , " : ",").append('"').append(keys.get(k)).append("\":")
                        .append(r.nextInt(30) == 0 ? "null" : "\"v" + k + "\"");
            }
            byte[] json = widgetWith(data.append('}').toString());
            assertDecodesAlike(json, "metadata #" + i);
        }
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
