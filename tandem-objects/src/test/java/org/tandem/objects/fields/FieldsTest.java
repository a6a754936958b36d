package org.tandem.objects.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.json.JsonInput;

class FieldsTest {
    @Test
    void uuidShapesFollowPythonsUuidParser() {
        assertThat(Fields.looksLikeUuid("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f")).isTrue();
        assertThat(Fields.looksLikeUuid("6F1C2D3E4B5A4C6D8E7F9A0B1C2D3E4F")).isTrue();
        assertThat(Fields.looksLikeUuid("{6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f}")).isTrue();
        assertThat(Fields.looksLikeUuid("urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f")).isTrue();
        assertThat(Fields.looksLikeUuid("not-a-uuid")).isFalse();
        assertThat(Fields.looksLikeUuid("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4")).isFalse();
        // still accepted as values (OVO only warns)
        assertThat(Fields.UUID.coerce("fake", "uuid")).isEqualTo("fake");
        assertThat(Fields.UUID.coerce(12, "uuid")).isEqualTo("12");
    }

    @Test
    void typesDescribeThemselvesForFingerprints() {
        assertThat(Fields.dictOf(Fields.nullable(Fields.STRING)).describe()).isEqualTo("Dict<String,NullableString>");
        assertThat(Fields.listOf(Fields.INTEGER).describe()).isEqualTo("List<Integer>");
        assertThat(Fields.enumOf("a", "b").describe()).isEqualTo("Enum[a, b]");
        assertThat(Fields.UUID.describe()).isEqualTo("UUID");
        assertThat(Fields.DATETIME.describe()).isEqualTo("DateTime");
    }

    private static final DecodeContext PLAIN = new DecodeContext() {
        @Override
        public VersionedObject decodeChild(Object primitive, String attr) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String checkString(String s, String attr) {
            return s;
        }
    };

    private static Map<String, String> read(FieldType<Map<String, String>> type, String json) {
        return type.readJson(new JsonInput(json.getBytes(StandardCharsets.UTF_8), 1 << 20, 100), "d", PLAIN);
    }

    @Test
    void aDictFieldReusesTheKeysOfTheMapItReadLast() {
        FieldType<Map<String, String>> type = Fields.dictOf(Fields.STRING);
        String a = "a_key_longer_than_the_thirty_two_bytes_of_kept_names";
        String b = "b_key_longer_than_the_thirty_two_bytes_of_kept_names";
        Map<String, String> first = read(type, "{\"" + a + "\":\"1\",\"" + b + "\":\"2\"}");
        Map<String, String> again = read(type, "{\"" + a + "\":\"3\",\"" + b + "\":\"4\"}");
        assertThat(again).containsExactly(Map.entry(a, "3"), Map.entry(b, "4"));
        List<String> firstKeys = new ArrayList<>(first.keySet());
        List<String> againKeys = new ArrayList<>(again.keySet());
        assertThat(againKeys.get(0)).isSameAs(firstKeys.get(0)); // the same strings: no copy
        assertThat(againKeys.get(1)).isSameAs(firstKeys.get(1));
        assertThat(again.get(b)).isEqualTo("4");
        // other shapes after it read as what they are
        assertThat(read(type, "{\"" + b + "\":\"1\",\"" + a + "\":\"2\"}")).containsExactly(Map.entry(b, "1"),
                Map.entry(a, "2"));
        assertThat(read(type, "{\"" + b + "\":\"1\"}")).containsExactly(Map.entry(b, "1"));
        assertThat(read(type, "{\"" + b + "\":\"1\",\"" + a + "\":\"2\",\"" + b + "\":\"3\"}"))
                .containsExactly(Map.entry(b, "3"), Map.entry(a, "2"));
        assertThat(read(type, "{}")).isEmpty();
        assertThat(read(type, "{\"" + a + "\" : \"1\"}")).containsExactly(Map.entry(a, "1"));
    }
}
