package org.tandem.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tandem.objects.fields.Fields;
import org.tandem.objects.fixtures.Gadget;
import org.tandem.objects.fixtures.GadgetList;
import org.tandem.objects.fixtures.Widget;
import org.tandem.version.Version;

class ObjectModelTest {
    /** A class with a read-only field and a lazy-loadable one. */
    static final class Token extends VersionedObject {
        static final Version V1_0 = Version.of(1, 0);
        private static final ObjectSchema.Builder<Token> B = ObjectSchema
                .builder("Token", ObjectNamespace.NOVA, Token.class, Token::new).version(V1_0, "Initial version");
        static final FieldDef<String> ID = B.field(FieldDef.of("id", Fields.STRING).readOnly());
        static final FieldDef<String> LAZY = B.field(FieldDef.of("lazy", Fields.STRING).nullable());
        static final FieldDef<String> NEVER = B.field(FieldDef.of("never", Fields.STRING).nullable());
        static final ObjectSchema<Token> SCHEMA = B.build();
        int loads;

        Token() {
            super(SCHEMA);
        }

        @Override
        protected void loadAttribute(String fieldName) {
            loads++;
            if (fieldName.equals("lazy")) {
                set(LAZY, "loaded");
            } else if (!fieldName.equals("never")) {
                super.loadAttribute(fieldName);
            }
        }
    }

    @Test
    void typedAccessCoercesAndTracksChanges() {
        Widget w = new Widget();
        w.set("count", "12");
        w.setName("n");
        assertThat(w.get(Widget.COUNT)).isEqualTo(12L);
        assertThat(w.whatChanged()).containsExactly("name", "count");
        assertThat(w.getChanges()).containsEntry("count", 12L).containsEntry("name", "n");
        w.resetChanges();
        assertThat(w.whatChanged()).isEmpty();
        assertThat(w.getName()).isEqualTo("n"); // reset keeps values
        w.resetChanges(List.of("name"), false);
        w.set(Widget.COUNT, 1L);
        w.set(Widget.ENABLED, true);
        w.resetChanges(List.of("count"), false);
        assertThat(w.whatChanged()).containsExactly("enabled");
    }

    @Test
    void childChangesPropagateAndRecursiveResetClearsThem() {
        Widget w = new Widget();
        Gadget g = Gadget.of(1);
        w.set(Widget.GADGET, g);
        w.resetChanges();
        g.resetChanges();
        assertThat(w.whatChanged()).isEmpty();
        g.set(Gadget.LABEL, "x");
        assertThat(w.whatChanged()).containsExactly("gadget");
        assertThat(w.toPrimitive()).containsEntry("nova_object.changes", List.of("gadget"));
        w.resetChanges(List.of("name"), true); // other field: child untouched
        assertThat(g.whatChanged()).containsExactly("label");
        w.resetChanges(List.of("gadget"), true);
        assertThat(g.whatChanged()).isEmpty();
        assertThat(w.whatChanged()).isEmpty();
    }

    @Test
    void listObjectsStartEmptyAndReportElementChanges() {
        GadgetList list = new GadgetList();
        assertThat(list.objects()).isEmpty();
        assertThat(list.isSet("objects")).isTrue();
        assertThat(list.whatChanged()).isEmpty();
        Gadget g = Gadget.of(3);
        list.setObjects(List.of(g));
        list.resetChanges();
        g.resetChanges();
        assertThat(list.whatChanged()).isEmpty();
        g.set(Gadget.WEIGHT, 2.0);
        assertThat(list.whatChanged()).containsExactly("objects");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0)).isSameAs(g);
        list.resetChanges(null, true);
        assertThat(g.whatChanged()).isEmpty();
    }

    @Test
    void nullFollowsNullableThenDefaultThenFails() {
        Widget w = new Widget();
        w.set(Widget.RATIO, null);
        assertThat(w.get(Widget.RATIO)).isNull();
        w.set(Widget.COUNT, null);
        assertThat(w.get(Widget.COUNT)).isEqualTo(0L);
        assertThatThrownBy(() -> w.set(Widget.NAME, null)).isInstanceOf(FieldValueException.class)
                .hasMessage("Field `name' cannot be None");
    }

    @Test
    void setDefaultsFillsOnlyUnsetDefaultedFields() {
        Widget w = new Widget();
        w.set(Widget.COUNT, 5L);
        w.setDefaults();
        assertThat(w.get(Widget.COUNT)).isEqualTo(5L);
        assertThat(w.get(Widget.STATE)).isEqualTo("active");
        assertThat(w.get(Widget.METADATA)).isEmpty();
        assertThat(w.isSet(Widget.NAME)).isFalse();
        assertThatThrownBy(() -> new Widget().setDefaults(Widget.NAME)).isInstanceOf(FieldValueException.class)
                .hasMessageContaining("No default set for field name");
    }

    @Test
    void readOnlyFieldsRefuseADifferentValue() {
        Token t = new Token();
        t.set(Token.ID, "a");
        t.resetChanges();
        t.set(Token.ID, "a"); // same value: accepted, not a change
        assertThat(t.whatChanged()).isEmpty();
        assertThatThrownBy(() -> t.set(Token.ID, "b")).isInstanceOf(ReadOnlyFieldError.class)
                .hasMessage("Cannot modify readonly field id");
    }

    @Test
    void unsetFieldsAreLazyLoadedOrFailClearly() {
        Token t = new Token();
        assertThat(t.get(Token.LAZY)).isEqualTo("loaded");
        assertThat(t.get(Token.LAZY)).isEqualTo("loaded");
        assertThat(t.loads).isEqualTo(1);
        assertThatThrownBy(() -> t.get(Token.ID)).isInstanceOf(LazyLoadException.class)
                .hasMessage("Cannot load 'id' in the base class");
        assertThatThrownBy(() -> t.get(Token.NEVER)).isInstanceOf(LazyLoadException.class)
                .hasMessageContaining("returned without setting the field");
        assertThatThrownBy(() -> new Widget().getName()).isInstanceOf(LazyLoadException.class)
                .hasMessage("Cannot load 'name' in the base class");
    }

    @Test
    void unknownFieldsAndForeignDefinitionsAreRejected() {
        Widget w = new Widget();
        assertThatThrownBy(() -> w.get("nope")).isInstanceOf(UnknownFieldException.class)
                .hasMessage("Widget object has no attribute 'nope'");
        assertThatThrownBy(() -> w.set(Gadget.WEIGHT, 1.0)).isInstanceOf(UnknownFieldException.class);
        // same name, other type: refused instead of a ClassCastException later
        FieldDef<Long> foreignName = FieldDef.of("name", Fields.INTEGER);
        assertThatThrownBy(() -> w.set(foreignName, 1L)).isInstanceOf(UnknownFieldException.class)
                .hasMessageContaining("this object's 'name' is String");
        org.assertj.core.api.Assertions.assertThatCode(() -> w.set(Widget.GADGET, null)).doesNotThrowAnyException();
    }

    @Test
    void wrongValueTypesGiveFieldValueExceptions() {
        Widget w = new Widget();
        assertThatThrownBy(() -> w.set("name", List.of("x"))).isInstanceOf(FieldValueException.class)
                .hasMessage("A string is required in field name, not a list");
        assertThatThrownBy(() -> w.set("count", "abc")).isInstanceOf(FieldValueException.class)
                .hasMessageContaining("invalid literal for int() with base 10: 'abc'");
        assertThatThrownBy(() -> w.set("state", "bogus")).isInstanceOf(FieldValueException.class)
                .hasMessageContaining("Field value bogus is invalid");
        assertThatThrownBy(() -> w.set("gadget", new Widget())).isInstanceOf(FieldValueException.class)
                .hasMessage("An object of type Gadget is required in field gadget, not a Widget");
        Map<Object, Object> badKeys = new HashMap<>();
        badKeys.put(1, "x");
        assertThatThrownBy(() -> w.set("metadata", badKeys)).isInstanceOf(FieldValueException.class)
                .hasMessageContaining("must be of type str not int");
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> w.set("tags", withNull)).isInstanceOf(FieldValueException.class)
                .hasMessage("Field `tags[0]' cannot be None");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        w.set(Widget.EXTRA, nullValue); // Dict of nullable strings
        assertThat(w.get(Widget.EXTRA)).containsEntry("k", null);
    }

    @Test
    void collectionsAreCopiedAndUnmodifiable() {
        Widget w = new Widget();
        List<String> tags = new ArrayList<>(List.of("a"));
        w.set(Widget.TAGS, tags);
        tags.add("b");
        assertThat(w.get(Widget.TAGS)).containsExactly("a");
        assertThatThrownBy(() -> w.get(Widget.TAGS).add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void primitivesOmitUnsetFieldsAndEncodeDatetimesInWholeSeconds() {
        Widget w = new Widget();
        w.set("uuid", java.util.UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"));
        w.set(Widget.CREATED_AT, OffsetDateTime.of(2015, 3, 4, 5, 6, 7, 123_456_000, ZoneOffset.UTC));
        w.set("updated_at", LocalDateTime.of(2015, 3, 4, 5, 6, 7));
        w.resetChanges(List.of("uuid"), false);
        Map<String, Object> p = w.toPrimitive();
        assertThat(p).containsEntry("nova_object.name", "Widget").containsEntry("nova_object.namespace", "nova")
                .containsEntry("nova_object.version", "1.4")
                .containsEntry("nova_object.changes", List.of("created_at", "updated_at"));
        assertThat(p.get("nova_object.data")).isEqualTo(Map.of("uuid", "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
                "created_at", "2015-03-04T05:06:07Z", "updated_at", "2015-03-04T05:06:07Z"));
        w.resetChanges();
        assertThat(w.toPrimitive()).doesNotContainKey("nova_object.changes");
        w.set("created_at", "2015-03-04T05:06:07.5+02:00");
        assertThat(((Map<?, ?>) w.toPrimitive().get("nova_object.data")).get("created_at")).isEqualTo("2015-03-04T05:06:07+02:00");
    }

    @Test
    void pythonCoercionRules() {
        assertThat(Fields.INTEGER.coerce(" -1_000 ", "x")).isEqualTo(-1000L);
        assertThat(Fields.INTEGER.coerce(5.9, "x")).isEqualTo(5L);
        assertThat(Fields.INTEGER.coerce(-5.9, "x")).isEqualTo(-5L);
        assertThat(Fields.INTEGER.coerce(true, "x")).isEqualTo(1L);
        assertThatThrownBy(() -> Fields.INTEGER.coerce("5.5", "x")).isInstanceOf(FieldValueException.class);
        assertThatThrownBy(() -> Fields.INTEGER.coerce("1__0", "x")).isInstanceOf(FieldValueException.class);
        assertThatThrownBy(() -> Fields.INTEGER.coerce(Double.NaN, "x")).isInstanceOf(FieldValueException.class);
        assertThatThrownBy(() -> Fields.INTEGER.coerce("99999999999999999999", "x")).isInstanceOf(FieldValueException.class)
                .hasMessageContaining("64-bit");
        assertThat(Fields.FLOAT.coerce(" 2.5e-3 ", "x")).isEqualTo(0.0025);
        assertThat(Fields.FLOAT.coerce("-Infinity", "x")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Fields.FLOAT.coerce(3L, "x")).isEqualTo(3.0);
        assertThatThrownBy(() -> Fields.FLOAT.coerce("1.5d", "x")).isInstanceOf(FieldValueException.class);
        assertThatThrownBy(() -> Fields.FLOAT.coerce("0x10", "x")).isInstanceOf(FieldValueException.class);
        assertThat(Fields.BOOLEAN.coerce("false", "x")).isTrue();
        assertThat(Fields.BOOLEAN.coerce("", "x")).isFalse();
        assertThat(Fields.BOOLEAN.coerce(0.0, "x")).isFalse();
        assertThat(Fields.BOOLEAN.coerce(List.of(), "x")).isFalse();
        assertThat(Fields.STRING.coerce(1e16, "x")).isEqualTo("1e+16");
        assertThat(Fields.STRING.coerce(0.1, "x")).isEqualTo("0.1");
        assertThat(Fields.STRING.coerce(1e-5, "x")).isEqualTo("1e-05");
        assertThat(Fields.STRING.coerce(123.0, "x")).isEqualTo("123.0");
        assertThat(Fields.STRING.coerce(1234567890123456.0, "x")).isEqualTo("1234567890123456.0");
        assertThat(Fields.STRING.coerce(false, "x")).isEqualTo("False");
        assertThat(Fields.STRING.coerce(OffsetDateTime.of(2015, 1, 2, 3, 4, 5, 6000, ZoneOffset.UTC), "x"))
                .isEqualTo("2015-01-02 03:04:05.000006+00:00");
        assertThat(Fields.DATETIME.coerce("2015-03-04", "x")).isEqualTo(OffsetDateTime.of(2015, 3, 4, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(Fields.DATETIME.coerce("2015-03-04T05:06Z", "x"))
                .isEqualTo(OffsetDateTime.of(2015, 3, 4, 5, 6, 0, 0, ZoneOffset.UTC));
        for (String bad : new String[] {"yesterday", "2015-13-01", "2015-03-04T25:00:00", "2015-03-04T05:06:07+", ""}) {
            assertThatThrownBy(() -> Fields.DATETIME.coerce(bad, "x")).as(bad).isInstanceOf(FieldValueException.class);
        }
    }

    @Test
    void hydratedObjectsKeepTheSendersVersion() {
        ObjectCodec codec = new ObjectCodec(Widget.registry());
        Widget w = new Widget();
        w.setName("n");
        w.set(Widget.UUID, "u");
        VersionedObject old = codec.fromPrimitive(w.toPrimitive(Widget.V1_1));
        assertThat(old).isInstanceOf(Widget.class);
        assertThat(old.version()).isEqualTo(Widget.V1_1);
        assertThat(old.toPrimitive()).containsEntry("nova_object.version", "1.1");
        assertThatThrownBy(() -> old.toPrimitive(Widget.V1_2)).isInstanceOf(InvalidTargetVersion.class)
                .hasMessageStartingWith("Invalid target version 1.2");
        assertThat(codec.fromPrimitive(w.toPrimitive(), Widget.class).whatChanged()).isEqualTo(Set.of("name", "uuid"));
        assertThatThrownBy(() -> codec.fromPrimitive(w.toPrimitive(), Gadget.class))
                .isInstanceOf(MalformedPrimitiveException.class);
    }
}
