package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectRegistry;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** Versioned objects through RpcClient/RpcServer on the memory transport, with an old and a new service. */
class VersionedObjectSerializerTest {

    /** The newer service's Gadget. */
    public static final class Gadget extends VersionedObject {
        /** 1.0: Initial version. */
        public static final Version V1_0 = Version.of(1, 0);
        /** 1.1: Added color. */
        public static final Version V1_1 = Version.of(1, 1);
        private static final ObjectSchema.Builder<Gadget> B = ObjectSchema
                .builder("Gadget", ObjectNamespace.NOVA, Gadget.class, Gadget::new)
                .version(V1_0, "Initial version")
                .version(V1_1, "Added color");
        public static final FieldDef<String> NAME = B.field("name", Fields.STRING);
        public static final FieldDef<String> COLOR = B.field(FieldDef.of("color", Fields.STRING).nullable()
                .since(V1_1).droppable());
        public static final ObjectSchema<Gadget> SCHEMA = B.build();

        public Gadget() {
            super(SCHEMA);
        }
    }

    /** The older service's Gadget: 1.0 only. */
    public static final class OldGadget extends VersionedObject {
        /** 1.0: Initial version. */
        public static final Version V1_0 = Version.of(1, 0);
        private static final ObjectSchema.Builder<OldGadget> B = ObjectSchema
                .builder("Gadget", ObjectNamespace.NOVA, OldGadget.class, OldGadget::new)
                .version(V1_0, "Initial version");
        public static final FieldDef<String> NAME = B.field("name", Fields.STRING);
        public static final ObjectSchema<OldGadget> SCHEMA = B.build();

        public OldGadget() {
            super(SCHEMA);
        }
    }

    static final ObjectRegistry NEW = new ObjectRegistry(ObjectNamespace.NOVA).register(Gadget.SCHEMA);
    static final ObjectRegistry OLD = new ObjectRegistry(ObjectNamespace.NOVA).register(OldGadget.SCHEMA);

    /** Endpoint that renames whatever object it receives and reports the class it was hydrated as. */
    public static final class Renamer {
        final List<String> seen = new CopyOnWriteArrayList<>();

        public VersionedObject rename(RequestContext ctx, VersionedObject gadget, String name) {
            seen.add(gadget.getClass().getSimpleName() + " " + gadget.version());
            if (gadget instanceof Gadget g) {
                g.set(Gadget.NAME, name);
            } else {
                ((OldGadget) gadget).set(OldGadget.NAME, name);
            }
            return gadget;
        }
    }

    static Gadget gadget(String name, String color) {
        Gadget g = new Gadget();
        g.set(Gadget.NAME, name);
        g.set(Gadget.COLOR, color);
        return g;
    }

    private RpcClient client(RpcFixture f, Serializer s) {
        return f.client(f.transport(), Target.topic("gadgets"), b -> b.serializer(s).timeout(Duration.ofSeconds(30)));
    }

    private Renamer server(RpcFixture f, Serializer s) {
        Renamer r = new Renamer();
        f.server("gadgets", "h1", b -> b.serializer(s).endpoint(Endpoint.of(r, null, Version.of(1, 0))));
        return r;
    }

    @Test
    void objectsTravelAsPrimitivesAndAreHydratedAndReturnedModified() {
        try (RpcFixture f = new RpcFixture()) {
            Renamer r = server(f, new VersionedObjectSerializer(NEW));
            Object result = client(f, new VersionedObjectSerializer(NEW))
                    .call(RpcFixture.ctx(), "rename", RpcClient.args("gadget", gadget("a", "red"), "name", "b"));
            assertThat(result).isInstanceOf(Gadget.class);
            Gadget g = (Gadget) result;
            assertThat(g.get(Gadget.NAME)).isEqualTo("b");
            assertThat(g.get(Gadget.COLOR)).isEqualTo("red");
            assertThat(g.version()).isEqualTo(Gadget.V1_1);
            assertThat(r.seen).containsExactly("Gadget 1.1");
        }
    }

    @Test
    void tooNewObjectWithoutConductorFailsNamingObjectVersionAndTheBackport() {
        try (RpcFixture f = new RpcFixture()) {
            Renamer r = server(f, new VersionedObjectSerializer(OLD));
            RpcClient c = client(f, new VersionedObjectSerializer(NEW));
            assertThatThrownBy(() -> c.call(RpcFixture.ctx(), "rename",
                    RpcClient.args("gadget", gadget("a", "red"), "name", "b")))
                    .hasMessageContaining("Version 1.1 of Gadget is not supported, supported version is 1.0")
                    .hasMessageContaining("ask the conductor to backport");
            assertThat(r.seen).isEmpty();
        }
    }

    @Test
    void tooNewObjectGoesToTheHandlerWhoseBackportIsHydrated() {
        try (RpcFixture f = new RpcFixture()) {
            List<String> asked = new CopyOnWriteArrayList<>();
            IncompatibleObjectHandler conductor = (ctx, primitive, problem) -> {
                asked.add(problem.objectName() + " " + problem.objectVersion() + "->" + problem.supportedVersion());
                VersionedObject full = new org.tandem.objects.ObjectCodec(NEW).fromPrimitive(primitive);
                return full.toPrimitive(Version.parse(problem.supportedVersion()));
            };
            Renamer r = server(f, new VersionedObjectSerializer(OLD, conductor, ObjectVersionTargets.CURRENT));
            Object result = client(f, new VersionedObjectSerializer(NEW))
                    .call(RpcFixture.ctx(), "rename", RpcClient.args("gadget", gadget("a", "red"), "name", "b"));
            assertThat(asked).containsExactly("Gadget 1.1->1.0");
            assertThat(r.seen).containsExactly("OldGadget 1.0");
            // the newer caller hydrates the 1.0 answer with its own class; color was dropped by the backport
            assertThat(result).isInstanceOf(Gadget.class);
            assertThat(((Gadget) result).get(Gadget.NAME)).isEqualTo("b");
            assertThat(((Gadget) result).version()).isEqualTo(Gadget.V1_0);
        }
    }

    @Test
    void senderThatKnowsTheReceiversManifestBackportsOnTheWayOut() {
        try (RpcFixture f = new RpcFixture()) {
            Renamer r = server(f, new VersionedObjectSerializer(OLD));
            Serializer pinned = new VersionedObjectSerializer(NEW, IncompatibleObjectHandler.NO_CONDUCTOR,
                    ObjectVersionTargets.manifest(Map.of("Gadget", Gadget.V1_0)));
            Object result = client(f, pinned)
                    .call(RpcFixture.ctx(), "rename", RpcClient.args("gadget", gadget("a", null), "name", "c"));
            assertThat(r.seen).containsExactly("OldGadget 1.0");
            assertThat(((Gadget) result).get(Gadget.NAME)).isEqualTo("c");
        }
    }

    @Test
    void threePartVersionIsRetriedAsTwoPartWithoutAskingTheHandler() {
        VersionedObjectSerializer old = new VersionedObjectSerializer(OLD, (ctx, p, problem) -> {
            throw new AssertionError("handler must not be asked for " + problem.objectVersion());
        }, ObjectVersionTargets.CURRENT);
        Map<String, Object> primitive = Map.of("nova_object.name", "Gadget", "nova_object.namespace", "nova",
                "nova_object.version", "1.0.7", "nova_object.data", Map.of("name", "z"));
        Object hydrated = old.deserializeEntity(RpcFixture.ctx(), Map.of("list", List.of(primitive)));
        OldGadget g = (OldGadget) ((List<?>) ((Map<?, ?>) hydrated).get("list")).get(0);
        assertThat(g.get(OldGadget.NAME)).isEqualTo("z");
    }

    @Test
    void undecodablePrimitiveIsABadArgumentNamingTheObject() {
        VersionedObjectSerializer s = new VersionedObjectSerializer(NEW);
        assertThatThrownBy(() -> s.deserializeEntity(RpcFixture.ctx(), Map.of("nova_object.name", "Gadget",
                "nova_object.namespace", "nova", "nova_object.version", "1.0", "nova_object.data", "oops")))
                .isInstanceOf(InvalidRpcArgumentsException.class)
                .hasMessageContaining("Gadget");
    }
}
