package org.tandem.objects.fields;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
