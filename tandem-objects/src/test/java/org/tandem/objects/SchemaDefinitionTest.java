package org.tandem.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tandem.objects.fields.Fields;
import org.tandem.objects.fixtures.Gadget;
import org.tandem.version.Version;

class SchemaDefinitionTest {
    static final Version V1_0 = Version.of(1, 0);
    static final Version V1_1 = Version.of(1, 1);

    private static ObjectSchema.Builder<Gadget> builder() {
        return ObjectSchema.builder("Thing", ObjectNamespace.NOVA, Gadget.class, Gadget::new).version(V1_0, "Initial");
    }

    @Test
    void versionsMustAscendAndCarryHistory() {
        assertThatThrownBy(() -> builder().version(V1_0, "again")).isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining("must be newer");
        assertThatThrownBy(() -> builder().version(V1_1, " ")).isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining("history line");
        assertThatThrownBy(() -> ObjectSchema.builder("T", ObjectNamespace.NOVA, Gadget.class, Gadget::new).build())
                .isInstanceOf(SchemaDefinitionException.class);
    }

    @Test
    void fieldsMustReferToDeclaredVersions() {
        ObjectSchema.Builder<Gadget> b = builder();
        b.field(FieldDef.of("a", Fields.STRING).since(V1_1));
        assertThatThrownBy(b::build).isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining("Thing.a: since(1.1) is not a declared version");
    }

    @Test
    void duplicateFieldsAndMisplacedTablesAreRejected() {
        ObjectSchema.Builder<Gadget> b = builder();
        b.field("a", Fields.STRING);
        assertThatThrownBy(() -> b.field("a", Fields.INTEGER)).isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining("declared twice");
        ObjectSchema.Builder<Gadget> c = builder();
        c.field(FieldDef.of("s", Fields.STRING).childVersion(V1_0, V1_0));
        assertThatThrownBy(c::build).isInstanceOf(SchemaDefinitionException.class).hasMessageContaining("need an object field");
        assertThatThrownBy(() -> builder().childVersion(V1_0, V1_0)).isInstanceOf(SchemaDefinitionException.class);
    }

    @Test
    void childTablesMustAscendAndAgreeWithSince() {
        ObjectSchema.Builder<Gadget> b = builder().version(V1_1, "bump");
        b.field(FieldDef.of("g", Fields.object("Gadget", Gadget.class)).childVersion(V1_1, V1_1).childVersion(V1_0, V1_0));
        assertThatThrownBy(b::build).isInstanceOf(SchemaDefinitionException.class).hasMessageContaining("must ascend");
        ObjectSchema.Builder<Gadget> c = builder().version(V1_1, "bump");
        assertThatThrownBy(() -> c.field(FieldDef.of("g", Fields.object("Gadget", Gadget.class)).since(V1_0)
                .childVersion(V1_1, V1_0))).isInstanceOf(SchemaDefinitionException.class).hasMessageContaining("contradicts");
        ObjectSchema.Builder<Gadget> d = builder().version(V1_1, "bump");
        FieldDef<Gadget> g = d.field(FieldDef.of("g", Fields.object("Gadget", Gadget.class)).childVersion(V1_1, V1_0));
        assertThat(g.since()).isEqualTo(V1_1);
    }

    @Test
    void registriesServeOneNamespace() {
        ObjectSchema.Builder<Gadget> b = ObjectSchema.builder("X", ObjectNamespace.VERSIONED_OBJECTS, Gadget.class, Gadget::new)
                .version(V1_0, "Initial");
        ObjectSchema<Gadget> s = b.build();
        assertThatThrownBy(() -> new ObjectRegistry(ObjectNamespace.NOVA).register(s))
                .isInstanceOf(SchemaDefinitionException.class).hasMessageContaining("namespace");
    }
}
