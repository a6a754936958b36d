package org.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.objects.ChildVersion;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Every object backported to every version its history declares, from a sample with every field
 * populated (no field unset, null or at its default): fields newer than the target are gone
 * (Instance's flavors moved into system_metadata under juno's keys), every other value is sent
 * unchanged, nested objects and list elements go at the version their table gives. A version at
 * or below juno's is decoded by the juno model and keeps every value; a newer one is refused by the
 * juno model and decoded by kilo's.
 */
class EveryBackportTest {
    private static final RequestContext CTX = RequestContext.admin();
    private static final OffsetDateTime WHEN = OffsetDateTime.parse("2015-04-30T23:30:15Z");
    private static final String DATA = ObjectNamespace.NOVA.dataKey();
    private static final String VERSION = ObjectNamespace.NOVA.versionKey();

    static ObjectSchema<?> schema(String name) {
        return ReleaseObjects.SCHEMAS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no schema " + name));
    }

    /** An object of {@code schema} with every field set to a value that is neither null nor the default. */
    static VersionedObject populated(ObjectSchema<?> schema, int seed) {
        VersionedObject o = schema.newInstance();
        for (FieldDef<?> f : schema.fields()) {
            o.set(f.name(), sample(schema, f, seed));
        }
        return o;
    }

    private static Object sample(ObjectSchema<?> schema, FieldDef<?> f, int seed) {
        if (f.type().isObjectList()) {
            return List.of(populated(schema(f.type().objectName()), seed + 1), populated(schema(f.type().objectName()),
                    seed + 2));
        }
        if (f.type().objectName() != null) {
            return populated(schema(f.type().objectName()), seed * 10 + f.index());
        }
        String type = f.type().describe();
        return switch (type) {
            case "String" -> f.name() + "-" + seed;
            case "UUID" -> java.util.UUID.nameUUIDFromBytes((schema.name() + seed).getBytes(StandardCharsets.UTF_8))
                    .toString();
            case "Integer" -> 1000L + seed * 100L + f.index();
            case "Float" -> 2.5 + seed;
            case "Boolean" -> !Boolean.TRUE.equals(f.defaultValue());
            case "DateTime" -> WHEN.plusSeconds(seed * 100L + f.index());
            case "IPAddress" -> "10.0." + seed + "." + (f.index() + 1);
            case "Dict<String,String>", "Dict<String,NullableString>" -> Map.of("k-" + f.name(), "v" + seed);
            default -> throw new AssertionError(schema.name() + "." + f.name() + ": no sample value for a " + type
                    + " field; add one here so every field is populated");
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> primitive) {
        return (Map<String, Object>) primitive.get(DATA);
    }

    /** Every (object, version) of every history, oldest first. */
    static Stream<Arguments> everyVersion() {
        List<Arguments> out = new ArrayList<>();
        for (ObjectSchema<?> s : ReleaseObjects.SCHEMAS) {
            for (ObjectSchema.HistoryEntry h : s.history()) {
                out.add(Arguments.of(s.name(), h.version()));
            }
        }
        return out.stream();
    }

    @Test
    void samplesAreFullyPopulated() {
        for (ObjectSchema<?> s : ReleaseObjects.SCHEMAS) {
            VersionedObject o = populated(s, 1);
            for (FieldDef<?> f : s.fields()) {
                assertThat(o.isSet(f)).as(s.name() + "." + f.name()).isTrue();
                assertThat(o.get(f.name())).as(s.name() + "." + f.name()).isNotNull().isNotEqualTo(f.defaultValue());
            }
        }
        assertThat(everyVersion()).as("objects with older versions than their newest").hasSizeGreaterThan(40);
    }

    /** The version a nested object goes at when its parent is sent at {@code parent}. */
    private static Version childAt(List<ChildVersion> table, Version parent) {
        Version child = null;
        for (ChildVersion c : table) {
            if (!c.parent().isNewerThan(parent)) {
                child = c.child();
            }
        }
        return child;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void backportedToThisVersionFieldsSurviveOrAreDroppedAsTheVersionSays(String name, Version target) {
        ObjectSchema<?> schema = schema(name);
        VersionedObject sample = populated(schema, 3);
        Map<String, Object> newest = data(sample.toPrimitive());
        Map<String, Object> p = sample.toPrimitive(target);
        assertThat(p).containsEntry(VERSION, target.toString());
        Map<String, Object> sent = data(p);

        for (FieldDef<?> f : schema.fields()) {
            String field = f.name();
            if (f.since().isNewerThan(target)) {
                assertThat(sent).as(name + " " + target + " has no " + field + " (added in " + f.since() + ")")
                        .doesNotContainKey(field);
                continue;
            }
            assertThat(sent).as(name + " " + target + " keeps " + field).containsKey(field);
            if (f.type().isObjectList()) {
                Version element = childAt(schema.listChildVersions(), target);
                assertThat(element).as(name + " " + target + " child version").isNotNull();
                List<Object> expected = ((List<?>) sample.get(field)).stream()
                        .map(e -> withoutChanges(((VersionedObject) e).toPrimitive(element))).toList();
                assertThat(withoutChanges(sent.get(field))).as(name + " " + target + " elements at " + element)
                        .isEqualTo(expected);
            } else if (f.type().objectName() != null) {
                Version child = childAt(f.childVersions(), target);
                assertThat(withoutChanges(sent.get(field))).as(name + "." + field + " at " + target)
                        .isEqualTo(withoutChanges(((VersionedObject) sample.get(field)).toPrimitive(child)));
            } else if (sample instanceof Instance i && field.equals("system_metadata")
                    && target.isOlderThan(Instance.V1_18)) {
                @SuppressWarnings("unchecked")
                Map<String, String> sysmeta = (Map<String, String>) sent.get(field);
                assertThat(sysmeta).containsAllEntriesOf(i.get(Instance.SYSTEM_METADATA))
                        .containsEntry("instance_type_name", i.get(Instance.FLAVOR).name())
                        .containsEntry("old_instance_type_flavorid", i.get(Instance.OLD_FLAVOR).get(Flavor.FLAVORID))
                        .containsEntry("new_instance_type_memory_mb",
                                String.valueOf(i.get(Instance.NEW_FLAVOR).memoryMb()));
            } else {
                assertThat(sent.get(field)).as(name + "." + field + " at " + target).isEqualTo(newest.get(field));
            }
        }

        Version juno = ReleaseObjects.versionIn(Release.JUNO, name);
        ModelSerializer junoModel = ModelSerializer.failingOnNewerObjects(Release.JUNO);
        if (target.isNewerThan(juno)) {
            assertThatThrownBy(() -> junoModel.deserializeEntity(CTX, p)).as(name + " " + target + " is not juno's")
                    .hasMessageContaining("of " + name + " is not supported");
            VersionedObject kilo = (VersionedObject) ModelSerializer.failingOnNewerObjects(Release.KILO)
                    .deserializeEntity(CTX, p);
            assertThat(kilo.version()).isEqualTo(target);
            assertThat(withoutChanges(data(kilo.toPrimitive(target)))).as("kilo decodes " + name + " " + target)
                    .isEqualTo(withoutChanges(sent));
            return;
        }
        VersionedObject back = (VersionedObject) junoModel.deserializeEntity(CTX, p);
        assertThat(back.objectName()).isEqualTo(name);
        assertThat(back.version()).isEqualTo(target);
        assertThat(withoutChanges(data(back.toPrimitive(target))))
                .as("every value the juno model decoded of " + name + " " + target).isEqualTo(withoutChanges(sent));
        assertNoChangedFieldBeyondItsVersion(back);
        for (FieldDef<?> f : schema.fields()) {
            if (f.since().isNewerThan(target)) {
                assertThat(back.isSet(f)).as(name + "." + f.name() + " after the juno model read " + target).isFalse();
            }
        }
        if (back instanceof Instance i) {
            Instance s = (Instance) sample;
            assertThat(i.flavor().name()).as("juno finds the flavor in system_metadata").isEqualTo(s.flavor().name());
            assertThat(FlavorStorage.read(i, FlavorSysmeta.OLD).get(Flavor.FLAVORID))
                    .isEqualTo(s.get(Instance.OLD_FLAVOR).get(Flavor.FLAVORID));
            assertThat(FlavorStorage.read(i, FlavorSysmeta.NEW).memoryMb()).isEqualTo(s.get(Instance.NEW_FLAVOR).memoryMb());
        }
    }

    /** Each release's manifest applied to a populated object: that release's model reads every object. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Release.class)
    void backportedByAReleasesManifestEveryNestedObjectIsAtThatReleasesVersion(Release release) {
        Map<String, Version> manifest = ReleaseObjects.manifest(release);
        ModelSerializer model = ModelSerializer.failingOnNewerObjects(release);
        for (ObjectSchema<?> schema : ReleaseObjects.SCHEMAS) {
            VersionedObject sample = populated(schema, 5);
            Map<String, Object> p = sample.toPrimitive(manifest);
            assertThat(p).containsEntry(VERSION, manifest.get(schema.name()).toString());
            assertThat(versionsIn(p)).as(schema.name() + " under the " + release + " manifest")
                    .allSatisfy((obj, versions) -> assertThat(versions).containsOnly(manifest.get(obj).toString()));
            VersionedObject back = (VersionedObject) model.deserializeEntity(CTX, p);
            assertThat(withoutChanges(data(back.toPrimitive(manifest)))).as(release + " reads " + schema.name())
                    .isEqualTo(withoutChanges(data(p)));
            assertNoChangedFieldBeyondItsVersion(back);
        }
    }

    /**
     * {@code primitive} without its change lists. A nested object's list may still name fields its
     * version was backported away from (OVO keeps it; the receiver ignores names it does not know),
     * so values are compared without them and {@link #assertNoChangedFieldBeyondItsVersion} checks
     * what the receiver made of them.
     */
    private static Object withoutChanges(Object primitive) {
        if (primitive instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!ObjectNamespace.NOVA.changesKey().equals(k)) {
                    out.put(k, withoutChanges(v));
                }
            });
            return out;
        }
        if (primitive instanceof List<?> l) {
            return l.stream().map(EveryBackportTest::withoutChanges).toList();
        }
        return primitive;
    }

    /** A decoded object, and every object in it, reports changes only in fields its own version has. */
    private static void assertNoChangedFieldBeyondItsVersion(VersionedObject o) {
        for (String changed : o.whatChanged()) {
            assertThat(o.schema().field(changed).since().isNewerThan(o.version()))
                    .as(o.objectName() + " " + o.version() + " reports a change in " + changed).isFalse();
        }
        for (FieldDef<?> f : o.schema().fields()) {
            if (!o.isSet(f)) {
                continue;
            }
            Object v = o.get(f.name());
            if (v instanceof VersionedObject child) {
                assertNoChangedFieldBeyondItsVersion(child);
            } else if (v instanceof List<?> list) {
                list.stream().filter(VersionedObject.class::isInstance)
                        .forEach(e -> assertNoChangedFieldBeyondItsVersion((VersionedObject) e));
            }
        }
    }

    /** Object name to the versions it appears with anywhere in {@code primitive}. */
    private static Map<String, List<String>> versionsIn(Object primitive) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        collect(primitive, out);
        return out;
    }

    private static void collect(Object node, Map<String, List<String>> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get(ObjectNamespace.NOVA.nameKey()) instanceof String n) {
                out.computeIfAbsent(n, k -> new ArrayList<>()).add(String.valueOf(m.get(VERSION)));
            }
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }
}
