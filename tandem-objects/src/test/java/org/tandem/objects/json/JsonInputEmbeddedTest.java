package org.tandem.objects.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonInput#readEmbeddedJson}: JSON carried in a JSON string (the oslo envelope) is read
 * through the special bytes the unescaping pass noted, with no fallback to hide a wrong note.
 */
class JsonInputEmbeddedTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void stringsWithSpecialCharactersAnywhereReadAsJacksonReadsThem() throws Exception {
        for (String s : JsonOutputTest.longStrings()) {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("k" + s, s);
            inner.put("list", List.of(s, 1, Map.of("x", s)));
            inner.put("after", "plain text after it");
            String innerText = JACKSON.writeValueAsString(inner);
            byte[] outer = JACKSON.writeValueAsBytes(Map.of("m", innerText));
            JsonInput in = new JsonInput(outer, 1 << 20, 100);
            in.beginObject();
            assertThat(in.nextMember(true)).isTrue();
            assertThat(in.readName()).isEqualTo("m");
            if (s.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                // Jackson writes surrogates as \\u escapes, which this reader leaves to the tree codec
                assertThatThrownBy(in::readEmbeddedJson).isSameAs(JsonOutput.Unsupported.INSTANCE);
                continue;
            }
            JsonInput embedded = in.readEmbeddedJson();
            Object read = embedded.readTree();
            embedded.expectEnd();
            assertThat(read).as("%s", innerText).isEqualTo(JACKSON.readValue(innerText, Object.class));
        }
    }

    @Test
    void rawUtf8AndEscapedNonAsciiInsideTheStringRead() throws Exception {
        String innerText = "{\"caf\u00e9\": \"\u20ac and \\u00e9\", \"k\": \"" + "y".repeat(40) + "\\\"\"}";
        byte[] outer = JACKSON.writeValueAsBytes(Map.of("m", innerText));
        JsonInput in = new JsonInput(outer, 1 << 20, 100);
        in.beginObject();
        in.nextMember(true);
        in.readName();
        assertThat(in.readEmbeddedJson().readTree()).isEqualTo(JACKSON.readValue(innerText, Object.class));
    }
}
