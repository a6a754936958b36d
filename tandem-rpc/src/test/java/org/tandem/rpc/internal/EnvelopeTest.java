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
}
