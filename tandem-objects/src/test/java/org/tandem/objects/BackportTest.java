package org.tandem.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tandem.objects.fields.Fields;
import org.tandem.objects.fixtures.Gadget;
import org.tandem.objects.fixtures.GadgetList;
import org.tandem.objects.fixtures.Strict;
import org.tandem.objects.fixtures.Widget;
import org.tandem.version.Version;

class BackportTest {
    /** An older build's Gadget class, bound to whatever schema it is given. */
    static final class OldGadget extends VersionedObject {
        OldGadget(ObjectSchema<?> schema) {
            super(schema);
        }
    }

    private static Map<?, ?> data(Map<String, Object> primitive) {
        return (Map<?, ?>) primitive.get("nova_object.data");
    }

    @Test
    void droppingANonDefaultValueIsLoud() {
        Strict s = new Strict();
        s.set(Strict.ID, 1L);
        s.set(Strict.NOTE, "keep me");
        assertThatThrownBy(() -> s.toPrimitive(Strict.V1_0)).isInstanceOf(BackportDataLossException.class)
                .hasMessageContaining("Cannot backport Strict to 1.0: field 'note'")
                .hasMessageContaining("only exists from Strict 1.1")
                .satisfies(e -> {
                    BackportDataLossException d = (BackportDataLossException) e;
                    assertThat(d.field()).isEqualTo("note");
                    assertThat(d.neededVersion()).isEqualTo(Strict.V1_1);
                    assertThat(d.target()).isEqualTo(Strict.V1_0);
                });
        Map<String, Version> manifest = Map.of("Strict", Strict.V1_0);
        assertThatThrownBy(() -> s.toPrimitive(manifest)).isInstanceOf(BackportDataLossException.class);
    }

    @Test
    void nullsDefaultsAndConsumedFieldsDropQuietly() {
        Strict s = new Strict();
        s.set(Strict.ID, 1L);
        s.set(Strict.NOTE, null);
        s.set(Strict.LEVEL, 0L);
        s.set(Strict.TAG_LIST, List.of("a", "b"));
        Map<String, Object> p = s.toPrimitive(Strict.V1_0);
        assertThat(data(p)).isEqualTo(Map.of("id", 1L, "tags_csv", "a,b"));
        assertThat(p.get("nova_object.changes")).isEqualTo(List.of("id"));
        assertThat(p.get("nova_object.version")).isEqualTo("1.0");
        s.set(Strict.LEVEL, 3L);
        assertThatThrownBy(() -> s.toPrimitive(Strict.V1_0)).isInstanceOf(BackportDataLossException.class)
                .hasMessageContaining("'level'");
    }

    @Test
    void objectFieldsWithoutATableNeedAManifest() {
        Strict s = new Strict();
        s.set(Strict.ID, 1L);
        s.set(Strict.ORPHAN, Gadget.of(2));
        assertThatThrownBy(() -> s.toPrimitive(Strict.V1_0)).isInstanceOf(MissingBackportRuleException.class)
                .hasMessageContaining("No rule for orphan");
        Map<String, Object> p = s.toPrimitive(Map.of("Strict", Strict.V1_0, "Gadget", Gadget.V1_0));
        Map<?, ?> orphan = (Map<?, ?>) data(p).get("orphan");
        assertThat(orphan.get("nova_object.version")).isEqualTo("1.0");
        // a child the receiver does not know is left as it is
        Map<?, ?> untouched = (Map<?, ?>) data(s.toPrimitive(Map.of("Strict", Strict.V1_0))).get("orphan");
        assertThat(untouched.get("nova_object.version")).isEqualTo("1.2");
    }

    @Test
    void targetsNewerThanTheObjectAreRejected() {
        Widget w = new Widget();
        assertThatThrownBy(() -> w.toPrimitive(Version.of(1, 5))).isInstanceOf(InvalidTargetVersion.class)
                .hasMessageStartingWith("Invalid target version 1.5");
        assertThatThrownBy(() -> w.toPrimitive(Version.of(2, 0))).isInstanceOf(InvalidTargetVersion.class);
        assertThatThrownBy(() -> w.toPrimitive(Map.of("Gadget", Gadget.V1_0))).isInstanceOf(UnsupportedObjectError.class)
                .hasMessageContaining("absent from the version manifest");
    }

    @Test
    void childFieldsAppearWithTheirFirstTableRow() {
        Widget w = new Widget();
        w.setName("n");
        w.set(Widget.SPEC, null);
        w.set(Widget.GADGETS, List.of());
        Map<?, ?> d = data(w.toPrimitive(Widget.V1_1));
        assertThat(new java.util.ArrayList<Object>(d.keySet())).containsExactly("name"); // spec (1.3) and gadgets (1.2) removed
    }

    @Test
    void manifestNeverRaisesAChildAboveItsOwnVersion() {
        ObjectCodec codec = new ObjectCodec(Widget.registry());
        Gadget old = (Gadget) codec.fromPrimitive(Map.of("nova_object.name", "Gadget", "nova_object.namespace", "nova",
                "nova_object.version", "1.0", "nova_object.data", Map.of("id", 1)));
        Widget w = new Widget();
        w.set(Widget.GADGET, old);
        Map<?, ?> g = (Map<?, ?>) data(w.toPrimitive(Map.of("Widget", Widget.V1_4, "Gadget", Gadget.V1_2))).get("gadget");
        assertThat(g.get("nova_object.version")).isEqualTo("1.0");
    }

    @Test
    void listsUseTheirChildVersionTable() {
        GadgetList list = new GadgetList();
        Gadget g = Gadget.of(1);
        g.set(Gadget.LABEL, "l");
        list.setObjects(List.of(g));
        Map<String, Object> p = list.toPrimitive(GadgetList.V1_0);
        Map<?, ?> element = (Map<?, ?>) ((List<?>) data(p).get("objects")).get(0);
        assertThat(element.get("nova_object.version")).isEqualTo("1.0");
        assertThat((Map<?, ?>) element.get("nova_object.data")).isEqualTo(Map.of("id", 1L));
        // The element keeps its change list as OVO sends it (label included); the receiver marks only
        // fields of the version it got, on both decoders.
        assertThat(String.valueOf(element.get("nova_object.changes"))).contains("label");
        ObjectCodec codec = new ObjectCodec(Widget.registry());
        for (GadgetList back : List.of((GadgetList) codec.fromPrimitive(p), (GadgetList) codec.fromJson(codec.toJson(p)))) {
            assertThat(back.get(0).version()).isEqualTo(Gadget.V1_0);
            assertThat(back.get(0).whatChanged()).as("label came in 1.1").containsExactly("id");
        }
    }

    /** The conductor flow: an old service cannot hydrate, a new one backports from the exception's data. */
    @Test
    void olderServiceGetsABackportFromTheIncompatibleObjectVersionDetails() {
        // the "old service" knows Gadget only up to 1.1
        @SuppressWarnings("unchecked")
        ObjectSchema<OldGadget>[] holder = new ObjectSchema[1];
        ObjectSchema.Builder<OldGadget> b = ObjectSchema.builder("Gadget", ObjectNamespace.NOVA, OldGadget.class,
                () -> new OldGadget(holder[0])).version(Gadget.V1_0, "Initial version").version(Gadget.V1_1, "Added label");
        b.field("id", Fields.INTEGER);
        b.field(FieldDef.of("label", Fields.STRING).nullable().since(Gadget.V1_1));
        holder[0] = b.build();
        ObjectRegistry oldRegistry = new ObjectRegistry(ObjectNamespace.NOVA).register(holder[0]);
        ObjectCodec oldCodec = new ObjectCodec(oldRegistry);
        ObjectCodec newCodec = new ObjectCodec(Widget.registry());

        Gadget g = Gadget.of(7);
        g.set(Gadget.LABEL, "x");
        g.set(Gadget.WEIGHT, 1.0);
        Map<String, Object> wire = g.toPrimitive();
        IncompatibleObjectVersion e = org.junit.jupiter.api.Assertions.assertThrows(IncompatibleObjectVersion.class,
                () -> oldCodec.fromPrimitive(wire));
        assertThat(e).hasMessage("Version 1.2 of Gadget is not supported, supported version is 1.1");
        assertThat(e.objectName()).isEqualTo("Gadget");
        assertThat(e.requestedVersion()).isEqualTo(Gadget.V1_2);
        assertThat(e.supportedVersion()).isEqualTo(Gadget.V1_1);
        assertThat(e.primitive()).isSameAs(wire);

        // Kilo: object_backport(target_version); later: object_backport_versions(manifest)
        Map<String, Object> byTarget = newCodec.fromPrimitive(e.primitive()).toPrimitive(e.supportedVersion());
        Map<String, Object> byManifest = newCodec.fromPrimitive(e.primitive()).toPrimitive(oldRegistry.manifest("Gadget"));
        assertThat(byManifest).isEqualTo(byTarget);
        VersionedObject hydrated = oldCodec.fromPrimitive(byTarget);
        assertThat(hydrated).isInstanceOf(OldGadget.class);
        assertThat(hydrated.version()).isEqualTo(Gadget.V1_1);
        assertThat(hydrated.get("label")).isEqualTo("x");
        assertThat(hydrated.schema().field("weight")).isNull();
        assertThat(((Map<?, ?>) byTarget.get("nova_object.data")).containsKey("weight")).isFalse();
    }

    @Test
    void aNestedIncompatibleObjectReportsTheOutermostPrimitiveToBackport() {
        ObjectSchema.Builder<Gadget> b = ObjectSchema.builder("Gadget", ObjectNamespace.NOVA, Gadget.class, Gadget::new)
                .version(Gadget.V1_0, "Initial version");
        b.field("id", Fields.INTEGER);
        ObjectRegistry old = new ObjectRegistry(ObjectNamespace.NOVA).register(b.build(), GadgetList.SCHEMA);
        GadgetList list = new GadgetList();
        list.setObjects(List.of(Gadget.of(1)));
        Map<String, Object> wire = list.toPrimitive();
        IncompatibleObjectVersion e = org.junit.jupiter.api.Assertions.assertThrows(IncompatibleObjectVersion.class,
                () -> new ObjectCodec(old).fromPrimitive(wire));
        assertThat(e.objectName()).isEqualTo("Gadget");
        assertThat(e.topLevelPrimitive()).isSameAs(wire);
        assertThat(e.primitive()).isSameAs(((List<?>) data(wire).get("objects")).get(0));
    }

    @Test
    void registryLookupFollowsOvoRules() {
        ObjectSchema.Builder<Gadget> b = ObjectSchema.builder("Gadget", ObjectNamespace.NOVA, Gadget.class, Gadget::new)
                .version(Gadget.V1_0, "Initial version");
        b.field("id", Fields.INTEGER);
        ObjectSchema<Gadget> gadget10 = b.build();
        ObjectRegistry r = new ObjectRegistry(ObjectNamespace.NOVA).register(Gadget.SCHEMA, gadget10);
        assertThat(r.lookup("Gadget", Version.of(1, 0))).isSameAs(gadget10);
        assertThat(r.lookup("Gadget", Version.of(1, 1))).isSameAs(Gadget.SCHEMA);
        assertThat(r.lookup("Gadget", Version.of(1, 2))).isSameAs(Gadget.SCHEMA);
        assertThat(r.newest("Gadget")).isSameAs(Gadget.SCHEMA);
        assertThatThrownBy(() -> r.lookup("Gadget", Version.of(1, 3))).isInstanceOf(IncompatibleObjectVersion.class);
        assertThatThrownBy(() -> r.lookup("Gadget", Version.parse("1.2.1"))).isInstanceOf(IncompatibleObjectVersion.class);
        assertThatThrownBy(() -> r.lookup("Gadget", Version.of(2, 0))).isInstanceOf(IncompatibleObjectVersion.class)
                .hasMessage("Version 2.0 of Gadget is not supported, supported version is 1.2");
        assertThatThrownBy(() -> r.lookup("Gizmo", Version.of(1, 0))).isInstanceOf(UnsupportedObjectError.class)
                .hasMessage("Unsupported object type Gizmo");
        assertThatThrownBy(() -> r.manifest("Widget")).isInstanceOf(UnsupportedObjectError.class);
        ObjectRegistry partial = new ObjectRegistry(ObjectNamespace.NOVA).register(Widget.SCHEMA);
        assertThatThrownBy(() -> partial.manifest("Widget")).isInstanceOf(UnsupportedObjectError.class)
                .hasMessageContaining("referenced by Widget");
    }
}
