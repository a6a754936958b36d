package org.tandem.rpc.amqp.internal;

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
        assertThat(new String(Envelope.wrap(m), StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertThat(Envelope.unwrap(Envelope.wrap(m))).isEqualTo(m);
    }

    @Test
    void roundTripAndPreEnvelope() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "x");
        assertThat(Envelope.unwrap(Envelope.wrap(m))).isEqualTo(m);
        assertThat(Envelope.unwrap("{\"method\": \"bare\"}".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("method", "bare");
        // Only one of the two envelope keys: still the pre-envelope form.
        assertThat(Envelope.unwrap("{\"oslo.version\": \"9.9\", \"method\": \"m\"}".getBytes(StandardCharsets.UTF_8)))
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
        assertThatThrownBy(() -> Envelope.unwrap("{\"oslo.version\": \"2.0\", \"oslo.message\": 5}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("oslo.message is not a string");
        assertThatThrownBy(() -> Envelope.unwrap("{\"oslo.version\": \"2.0\", \"oslo.message\": \"[1]\"}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("the oslo.message string is not a JSON object");
        assertThatThrownBy(() -> Envelope.unwrap("\"text\"".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("body is JSON string, not an object");
        assertThatThrownBy(() -> Envelope.unwrap(new byte[0])).hasMessageContaining("not an object");
    }
}
