package org.tandem.objects.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Characters that end a long string's plain start, and the plain ones at its edges. */
    static final List<String> AT_THE_EDGE = List.of("\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "\u0080",
            "\u00e9", "\u20ac", "\uD83D\uDE00", "\uD83D", "?", "\uDE00?", " ", "~", "/");

    /**
     * Long strings (whose plain start the writer copies in bulk, eight bytes at a time) with one
     * character at the edge of plain ASCII at every position across several eight-byte blocks and the
     * bulk threshold, and a second one further on.
     */
    static List<String> longStrings() {
        List<String> out = new ArrayList<>();
        for (int length : new int[] {JsonOutput.BULK_STRING - 1, JsonOutput.BULK_STRING, 71, 100}) {
            for (int at = 0; at < length; at++) {
                for (String c : AT_THE_EDGE) {
                    String s = "a".repeat(at) + c + "b".repeat(length - at - 1);
                    out.add(s);
                    if (at + 9 < length) {
                        out.add(s.substring(0, at + 9) + c + s.substring(at + 9));
                    }
                }
            }
        }
        out.add("x".repeat(5800));
        out.add("");
        return out;
    }

    @Test
    void longStringsAreWrittenAsJacksonWritesThem() throws Exception {
        JsonOutput w = new JsonOutput(16);
        List<String> differ = new ArrayList<>();
        for (String s : longStrings()) {
            w.reset();
            w.writeString(s);
            String expected = new String(JACKSON.writeValueAsBytes(s), StandardCharsets.UTF_8);
            String got = new String(w.toByteArray(), StandardCharsets.UTF_8);
            if (!got.equals(expected)) {
                differ.add(readable(expected) + " written as " + readable(got));
            }
        }
        assertThat(differ).isEmpty();
    }

    private static String readable(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("<%04x>", c)));
        return sb.toString();
    }
}
