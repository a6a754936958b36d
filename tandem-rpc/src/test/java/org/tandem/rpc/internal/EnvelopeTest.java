package org.tandem.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void writesWhatPythonJsonDumpsWrites() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\u001fb\n\t\"\\/ caf\u00e9 \uD83D\uDE00");
        m.put("n", List.of(1, 2.5, true));
        m.put("none", null);
        m.put("o", Map.of());
        // Expected text produced by /usr/bin/python3 json.dumps on the same dict.
        assertThat(Envelope.python(m)).isEqualTo(
                "{\"s\": \"a\\u001fb\\n\\t\\\"\\\\/ caf\\u00e9 \\ud83d\\ude00\", \"n\": [1, 2.5, true], \"none\": null,"
                        + " \"o\": {}}");
    }

    @Test
    void wrappedBodyIsByteForByteWhatPythonWrites() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "echo");
        m.put("args", Map.of("t", "q\"b\\s\n\tz\u00e9\u20ac\uD83D\uDE00/\u007f\u0001"));
        // json.dumps({"oslo.version": "2.0", "oslo.message": json.dumps(m)}) by /usr/bin/python3
        String expected = "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": \\\"echo\\\", "
                + "\\\"args\\\": {\\\"t\\\": \\\"q\\\\\\\"b\\\\\\\\s\\\\n\\\\tz\\\\u00e9\\\\u20ac"
                + "\\\\ud83d\\\\ude00/\\\\u007f\\\\u0001\\\"}}\"}";
        assertThat(new String(Envelope.encode(m), StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertThat(Envelope.decode(Envelope.encode(m))).isEqualTo(m);
    }

    @Test
    void fastWrapMatchesTheGenericPythonEncoderOnRandomText() throws Exception {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "ab\"\\:,{}[] \n\t\r\b\f\u0000\u0001\u001f\u007f\u0080\u00e9\u20ac\uD83D\uDE00/u";
        for (int round = 0; round < 500; round++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                StringBuilder key = new StringBuilder();
                StringBuilder value = new StringBuilder();
                for (int i = 0; i < random.nextInt(12); i++) {
                    key.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                m.put(key.toString(), random.nextBoolean() ? value.toString()
                        : java.util.List.of(value.toString(), random.nextInt(), Map.of("n", -1.5, "b", true)));
            }
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put(Envelope.VERSION_KEY, Envelope.VERSION);
            envelope.put(Envelope.MESSAGE_KEY, Envelope.python(m));
            assertThat(new String(Envelope.encode(m), StandardCharsets.UTF_8)).isEqualTo(Envelope.python(envelope));
            if (m.toString().chars().noneMatch(c -> Character.isSurrogate((char) c))) {
                // (lone surrogates from the random picks are encoded like Python but Jackson will not read them back)
                assertThat(Envelope.decode(Envelope.encode(m))).isEqualTo(m);
            }
        }
    }

    @Test
    void roundTripAndPreEnvelope() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "x");
        assertThat(Envelope.decode(Envelope.encode(m))).isEqualTo(m);
        assertThat(Envelope.decode("{\"method\": \"bare\"}".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("method", "bare");
        // Only one of the two envelope keys: still the pre-envelope form.
        assertThat(Envelope.decode("{\"oslo.version\": \"9.9\", \"method\": \"m\"}".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("oslo.version", "9.9");
    }

    @Test
    void versionCompatibility() {
        assertThat(Envelope.isCompatible("2.0")).isTrue();
        assertThat(Envelope.isCompatible("2.0.1")).isTrue();
        assertThat(Envelope.isCompatible("2.1")).isFalse();
        assertThat(Envelope.isCompatible("1.0")).isFalse();
        assertThat(Envelope.isCompatible("3.0")).isFalse();
        assertThat(Envelope.isCompatible("two")).isFalse();
        assertThat(Envelope.isCompatible(2.0)).isFalse();
    }

    @Test
    void malformedBodiesHaveSpecificReasons() {
        assertThatThrownBy(() -> Envelope.decode("{\"oslo.version\": \"2.0\", \"oslo.message\": 5}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("oslo.message is not a string");
        assertThatThrownBy(() -> Envelope.decode("{\"oslo.version\": \"2.0\", \"oslo.message\": \"[1]\"}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("the oslo.message string is not a JSON object");
        assertThatThrownBy(() -> Envelope.decode("\"text\"".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("body is JSON string, not an object");
        assertThatThrownBy(() -> Envelope.decode(new byte[0])).hasMessageContaining("not an object");
    }

    @Test
    void longPlainRunsAndManyDeleteCharactersStillMatchThePythonEncoder() throws Exception {
        for (String text : List.of("a".repeat(5000), "\u007f".repeat(1000), "x\u007f\u00e9\"".repeat(700))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", "echo");
            m.put("args", Map.of("t", text));
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put(Envelope.VERSION_KEY, Envelope.VERSION);
            envelope.put(Envelope.MESSAGE_KEY, Envelope.python(m));
            assertThat(new String(Envelope.encode(m), StandardCharsets.US_ASCII)).isEqualTo(Envelope.python(envelope));
            assertThat(Envelope.decode(Envelope.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void aLongStringIsEscapedLikePythonWhereverItsFirstSpecialCharacterIs() throws Exception {
        // strings of 64 characters or more have their plain start copied in bulk, eight bytes at a time: one
        // character at the edge of plain ASCII at every position across several blocks and the threshold
        String[] edge = {"\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "\u0080", "\u00e9", "\u20ac",
            "\uD83D\uDE00", "\uD83D", "?", "\uDE00?", " ", "~", "/"};
        for (int length : new int[] {63, 64, 71, 100}) {
            for (int at = 0; at < length; at++) {
                for (String c : edge) {
                    String text = "a".repeat(at) + c + "b".repeat(length - at - 1);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("method", "echo");
                    m.put("args", Map.of("t", text, "u", text + c + text));
                    Map<String, Object> envelope = new LinkedHashMap<>();
                    envelope.put(Envelope.VERSION_KEY, Envelope.VERSION);
                    envelope.put(Envelope.MESSAGE_KEY, Envelope.python(m));
                    assertThat(new String(Envelope.encode(m), StandardCharsets.US_ASCII)).as("%s", text)
                            .isEqualTo(Envelope.python(envelope));
                    assertThat(Envelope.decode(Envelope.encode(m))).isEqualTo(m);
                }
            }
        }
    }

    /** A random message tree: every value kind the one-pass writer takes, and some it leaves to Jackson. */
    private static Object randomValue(java.util.Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 8 : 11);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextLong();
            case 3 -> r.nextInt(100) - 50;
            case 4 -> r.nextInt(20) == 0 ? Double.NaN : Double.longBitsToDouble(r.nextLong());
            case 5 -> r.nextGaussian() * 1e6;
            case 6 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(10); i > 0; i--) {
                    sb.append((char) (r.nextInt(4) == 0 ? r.nextInt(0x10000) : 0x20 + r.nextInt(0x60)));
                }
                yield sb.toString();
            }
            case 7 -> r.nextInt(30) == 0 ? java.util.UUID.randomUUID() : (r.nextInt(30) == 0 ? 1.5f : "x");
            case 8, 9 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    m.put("k" + r.nextInt(1000) + (r.nextInt(8) == 0 ? "\u00e9\"" : ""), randomValue(r, depth + 1));
                }
                yield m;
            }
            default -> {
                java.util.List<Object> l = new java.util.ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    l.add(randomValue(r, depth + 1));
                }
                yield r.nextBoolean() ? l : new java.util.LinkedHashSet<>(l);
            }
        };
    }

    @Test
    void onePassWriterGivesTheJacksonPathsBytesOnRandomMessages() {
        long seed = System.nanoTime();
        java.util.Random r = new java.util.Random(seed);
        for (int round = 0; round < 3000; round++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                m.put("key" + i, randomValue(r, 0));
            }
            byte[] expected = Envelope.encodeViaJackson(m);
            assertThat(new String(Envelope.encode(m), StandardCharsets.ISO_8859_1)).as("seed %d: %s", seed, m)
                    .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void rawUtf8InsideTheMessageStringIsReadAndInvalidUtf8Refused() throws Exception {
        // senders other than Python's json.dumps may put UTF-8 as is inside oslo.message
        String text = "caf\u00e9 \u6f22\u5b57 " + "x".repeat(40) + " \ud83d\ude00";
        byte[] body = ("{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"k\\\": \\\"" + text + "\\\"}\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Envelope.decode(body)).isEqualTo(Map.of("k", text));
        byte[] broken = java.util.Arrays.copyOf(body, body.length);
        int at = new String(body, StandardCharsets.ISO_8859_1).indexOf("caf") + 3;
        broken[at + 1] = 'x'; // the second byte of \u00e9's UTF-8 pair
        assertThat(Envelope.onePassUnwrap(broken)).isNull(); // left to Jackson, which refuses or replaces it
    }

    @Test
    void onePassReaderGivesWhatJacksonGivesOrStepsAside() throws Exception {
        long seed = System.nanoTime();
        java.util.Random r = new java.util.Random(seed);
        com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>> map = new com.fasterxml.jackson.core.type.TypeReference<>() {
        };
        int read = 0;
        for (int round = 0; round < 3000; round++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                m.put("key" + i, randomValue(r, 0));
            }
            byte[] body = Envelope.encodeViaJackson(m);
            if (round % 2 == 1) {
                String edits = "\\\"{}[],: 0a\u00e9u";
                body[r.nextInt(body.length)] = (byte) edits.charAt(r.nextInt(edits.length()));
            }
            Map<String, Object> onePass = Envelope.onePassUnwrap(body);
            if (onePass == null) {
                continue;
            }
            read++;
            Map<String, Object> outer = Envelope.JSON.readValue(body, map);
            Map<String, Object> expected = Envelope.JSON.readValue((String) outer.get(Envelope.MESSAGE_KEY), map);
            assertThat(onePass).as("seed %d: %s", seed, new String(body, StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(onePass.toString()).isEqualTo(expected.toString()); // same number classes and order
        }
        assertThat(read).isGreaterThan(1000);
    }
}
