package org.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.objects.MalformedPrimitiveException;
import org.tandem.rpc.IncompatibleObjectHandler;
import org.tandem.rpc.ObjectVersionMismatch;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Kilo's objects beside juno's: the release manifests as a lock file, Instance 1.18's flavor fields
 * and their backport into system_metadata, the per-release serializer (emulation and sender-side
 * backport) and the flavor layouts.
 */
class KiloObjectsTest {
    static final String MANIFEST_LOCK = "src/test/resources/release-manifests.txt";
    static final String REGENERATE = "./mvnw -B -o -pl tandem-model verify -Dtest=KiloObjectsTest "
            + "-Dtandem.regenerateObjectHashes=true";
    private static final RequestContext CTX = RequestContext.admin();

    @Test
    void releaseManifestsMatchTheirLockFile() throws Exception {
        StringBuilder sb = new StringBuilder("# <release> <object> <version>: the object manifest of every release. Generated; see "
                + "ReleaseObjects.\n");
        for (Release r : Release.values()) {
            ReleaseObjects.manifest(r).forEach((name, v) -> sb.append(r).append(' ').append(name).append(' ').append(v)
                    .append('\n'));
        }
        Path lock = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve(MANIFEST_LOCK);
        if (Boolean.getBoolean("tandem.regenerateObjectHashes")) {
            Files.writeString(lock, sb.toString(), StandardCharsets.UTF_8);
        }
        assertThat(lock).as("manifest lock; create it with " + REGENERATE).exists();
        assertThat(Files.readString(lock)).as("a release manifest changed. A shipped release's manifest must never change "
                + "(its services are already deployed); if this is the release being developed, regenerate with "
                + REGENERATE).isEqualTo(sb.toString());
    }

    @Test
    void kiloKnowsInstance119AndJunoInstance115() {
        assertThat(ReleaseObjects.versionIn(Release.KILO, "Instance")).isEqualTo(Version.of(1, 19));
        assertThat(ReleaseObjects.versionIn(Release.JUNO, "Instance")).isEqualTo(Version.of(1, 15));
        assertThat(ReleaseObjects.versionIn(Release.JUNO, "ComputeNodeList")).isEqualTo(Version.of(1, 5));
        assertThat(ReleaseObjects.versionIn(Release.KILO, "ServiceList")).isEqualTo(Version.of(1, 10));
    }

    static Instance kiloInstance() {
        Instance i = new Instance();
        i.set(Instance.UUID, "11111111-2222-3333-4444-555555555555");
        i.set(Instance.VM_STATE, VmStates.RESIZED);
        i.setSystemMetadata(new LinkedHashMap<>(Map.of("image_min_ram", "0")));
        i.set(Instance.FLAVOR, ModelObjectsTest.small());
        Flavor tiny = ModelObjectsTest.small();
        tiny.set(Flavor.ID, 1L);
        tiny.set(Flavor.NAME, "m1.tiny");
        tiny.set(Flavor.MEMORY_MB, 512L);
        i.set(Instance.OLD_FLAVOR, tiny);
        i.set(Instance.NEW_FLAVOR, null);
        return i;
    }

    @Test
    @SuppressWarnings("unchecked")
    void instance119BackportedBelow118CarriesItsFlavorsInJunosSystemMetadataKeys() {
        Instance i = kiloInstance();
        Map<String, Object> p = i.toPrimitive(Instance.V1_15);
        Map<String, Object> data = (Map<String, Object>) p.get("nova_object.data");
        assertThat(p).containsEntry("nova_object.version", "1.15");
        assertThat(data).doesNotContainKeys("flavor", "old_flavor", "new_flavor");
        Map<String, String> sysmeta = (Map<String, String>) data.get("system_metadata");
        assertThat(sysmeta).containsEntry("image_min_ram", "0").containsEntry("instance_type_name", "m1.small")
                .containsEntry("instance_type_memory_mb", "2048").containsEntry("old_instance_type_name", "m1.tiny")
                .doesNotContainKey("new_instance_type_id");
        assertThat((List<String>) p.get("nova_object.changes")).contains("system_metadata");

        Instance juno = (Instance) ModelSerializer.failingOnNewerObjects(Release.JUNO).deserializeEntity(CTX, p);
        assertThat(juno.version()).isEqualTo(Instance.V1_15);
        assertThat(juno.flavor().name()).isEqualTo("m1.small");
        assertThat(FlavorStorage.readOrNull(juno, FlavorSysmeta.OLD).name()).isEqualTo("m1.tiny");
        assertThat(FlavorStorage.readOrNull(juno, FlavorSysmeta.NEW)).isNull();

        // unchanged flavors do not mark system_metadata as changed
        i.resetChanges(i.schema().fieldNames(), true);
        assertThat(i.toPrimitive(Instance.V1_15)).doesNotContainKey("nova_object.changes");
    }

    @Test
    void anObjectHydratedFromAnOlderSenderIsSentBackAtThatVersionWithoutNewerFields() {
        Map<String, Object> p = kiloInstance().toPrimitive(Instance.V1_15);
        Instance hydrated = (Instance) ModelSerializer.failingOnNewerObjects().deserializeEntity(CTX, p);
        hydrated.resetChanges();
        FlavorStorage.INSTANCE_FIELDS.write(hydrated, FlavorSysmeta.NEW, ModelObjectsTest.small());
        Map<String, Object> back = hydrated.toPrimitive();
        assertThat(back).containsEntry("nova_object.version", "1.15");
        assertThat(back.toString()).doesNotContain("new_flavor").contains("new_instance_type_name=m1.small");
        assertThat(back.get("nova_object.changes").toString()).contains("system_metadata");
    }

    @Test
    void aJunoServiceAsksForABackportOfKiloObjectsAndSendsJunoVersions() {
        AtomicReference<ObjectVersionMismatch> asked = new AtomicReference<>();
        IncompatibleObjectHandler conductor = (ctx, primitive, problem) -> {
            asked.set(problem);
            return kiloInstance().toPrimitive(Version.parse(problem.supportedVersion()));
        };
        ModelSerializer juno = new ModelSerializer(Release.JUNO, conductor);
        Object kilo = ModelSerializer.failingOnNewerObjects().serializeEntity(CTX, kiloInstance());
        Instance got = (Instance) juno.deserializeEntity(CTX, kilo);
        assertThat(asked.get().objectVersion()).isEqualTo("1.19");
        assertThat(asked.get().supportedVersion()).isEqualTo("1.15");
        assertThat(got.version()).isEqualTo(Instance.V1_15);

        @SuppressWarnings("unchecked")
        Map<String, Object> sent = (Map<String, Object>) juno.serializeEntity(CTX, kiloInstance());
        assertThat(sent).containsEntry("nova_object.version", "1.15");
    }

    @Test
    void senderSideBackportWritesTheReceiversVersionsAndIsCounted() {
        ModelSerializer kilo = ModelSerializer.failingOnNewerObjects();
        assertThat(kilo.sendingTo(Release.KILO)).isSameAs(kilo);
        ModelSerializer toJuno = kilo.sendingTo(Release.JUNO);
        assertThat(toJuno.receiver()).isEqualTo(Release.JUNO);
        long before = BackportMetrics.total("sender");
        InstanceList list = new InstanceList();
        list.setObjects(new ArrayList<>(List.of(kiloInstance())));
        Object p = toJuno.serializeEntity(CTX, Map.of("instances", list, "one", kiloInstance()));
        assertThat(p.toString()).contains("nova_object.version=1.9").contains("nova_object.version=1.15")
                .doesNotContain("1.19").doesNotContain("old_flavor={").doesNotContain("old_flavor=null");
        assertThat(BackportMetrics.total("sender") - before).isEqualTo(2);
        assertThat(toJuno.sendingTo(null)).isNotSameAs(toJuno).extracting(ModelSerializer::receiver).isNull();
    }

    @Test
    void kiloMigratesLegacyFlavorsAndLegacyKeysWinOverAStaleField() {
        Instance i = new Instance();
        i.set(Instance.UUID, "11111111-2222-3333-4444-555555555555");
        Flavor stale = ModelObjectsTest.small();
        stale.set(Flavor.NAME, "stale");
        i.set(Instance.FLAVOR, stale);
        Map<String, String> sysmeta = FlavorSysmeta.save(new LinkedHashMap<>(Map.of("k", "v")), ModelObjectsTest.small(),
                FlavorSysmeta.CURRENT);
        i.setSystemMetadata(sysmeta);
        assertThat(i.flavor().name()).isEqualTo("m1.small");
        assertThat(FlavorStorage.SYSTEM_METADATA.migrate(i)).isFalse();
        assertThat(FlavorStorage.INSTANCE_FIELDS.migrate(i)).isTrue();
        assertThat(i.systemMetadata()).containsOnlyKeys("k");
        assertThat(i.get(Instance.FLAVOR).name()).isEqualTo("m1.small");
        assertThat(i.get(Instance.OLD_FLAVOR)).isNull();
        assertThat(FlavorStorage.INSTANCE_FIELDS.migrate(i)).isFalse();

        FlavorStorage.SYSTEM_METADATA.write(i, FlavorSysmeta.CURRENT, ModelObjectsTest.small());
        assertThat(i.isSet(Instance.FLAVOR)).isFalse();
        assertThat(FlavorSysmeta.has(i.systemMetadata(), FlavorSysmeta.CURRENT)).isTrue();
        assertThatThrownBy(() -> FlavorStorage.read(new Instance(), FlavorSysmeta.NEW))
                .hasMessageContaining("no new flavor").hasMessageContaining("new_instance_type_id");
        assertThatThrownBy(() -> FlavorStorage.INSTANCE_FIELDS.write(i, FlavorSysmeta.CURRENT, null))
                .hasMessageContaining("always has a current flavor");
        assertThat(FlavorStorage.of(Release.JUNO)).isEqualTo(FlavorStorage.SYSTEM_METADATA);
        assertThat(FlavorStorage.of(Release.KILO)).isEqualTo(FlavorStorage.INSTANCE_FIELDS);
    }

    @Test
    void instanceExtraFlavorJsonRoundTripsAndRejectsOtherShapes() {
        Instance i = kiloInstance();
        String json = FlavorExtra.toJson(i);
        assertThat(json).startsWith("{\"cur\":{\"nova_object.name\":\"Flavor\"").contains("\"new\":null")
                .doesNotContain("nova_object.changes");
        Instance j = new Instance();
        j.set(Instance.UUID, i.uuid());
        FlavorExtra.apply(j, json);
        assertThat(j.get(Instance.FLAVOR).name()).isEqualTo("m1.small");
        assertThat(j.get(Instance.OLD_FLAVOR).name()).isEqualTo("m1.tiny");
        assertThat(j.get(Instance.NEW_FLAVOR)).isNull();
        assertThatThrownBy(() -> FlavorExtra.fromJson("u-1", "{\"cur\": 3}")).isInstanceOf(MalformedPrimitiveException.class)
                .hasMessageContaining("instance u-1");
        assertThatThrownBy(() -> FlavorExtra.fromJson("u-1", "not json")).isInstanceOf(MalformedPrimitiveException.class);
    }
}
