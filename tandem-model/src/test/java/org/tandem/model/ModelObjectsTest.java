package org.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.tandem.model.indirection.DbNotAllowedBackend;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.objects.ObjectFingerprints;
import org.tandem.rpc.ObjectVersionMismatch;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * The model's lock file (src/test/resources/model-object-hashes.txt), the juno manifest, the
 * flavor-in-system_metadata layout and the wire form. Regenerate the lock after a deliberate,
 * version-bumped change with
 * {@code ./mvnw -B -o -pl tandem-model verify -Dtest=ModelObjectsTest -Dtandem.regenerateObjectHashes=true}.
 */
class ModelObjectsTest {
    static final String LOCK = "src/test/resources/model-object-hashes.txt";
    static final String REGENERATE = "./mvnw -B -o -pl tandem-model verify -Dtest=ModelObjectsTest "
            + "-Dtandem.regenerateObjectHashes=true";

    @Test
    void fingerprintsMatchTheLockFile() throws Exception {
        Path lock = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve(LOCK);
        SortedMap<String, String> actual = ObjectFingerprints.of(ReleaseObjects.registry());
        if (Boolean.getBoolean("tandem.regenerateObjectHashes")) {
            Files.writeString(lock, ObjectFingerprints.render(actual), StandardCharsets.UTF_8);
        }
        assertThat(lock).as("lock file; create it with " + REGENERATE).exists();
        List<String> diff = ObjectFingerprints.differences(ObjectFingerprints.parse(Files.readString(lock)), actual);
        assertThat(diff).as("Some objects have changed; bump their versions (history line, backport rules, the "
                + "release manifest in ReleaseObjects), then regenerate the lock with: " + REGENERATE).isEmpty();
    }

    @Test
    void everyObjectBackportsToEveryOlderVersion() {
        assertThat(ObjectFingerprints.checkCompatibilityRoutines(ReleaseObjects.registry())).isEmpty();
    }

    @Test
    void theCurrentReleasesManifestNamesEveryRegisteredObjectAtItsNewestVersion() {
        Map<String, Version> current = ReleaseObjects.manifest(Release.CURRENT);
        for (var schema : ReleaseObjects.SCHEMAS) {
            assertThat(current).as(schema.name() + " was bumped to " + schema.currentVersion() + " without its row in "
                    + "ReleaseObjects' " + Release.CURRENT + " manifest").containsEntry(schema.name(), schema.currentVersion());
        }
        assertThat(current).hasSize(ReleaseObjects.SCHEMAS.size());
    }

    @Test
    void everyOlderReleasesManifestNamesDeclaredVersions() {
        for (Release r : Release.values()) {
            for (var e : ReleaseObjects.manifest(r).entrySet()) {
                var schema = ReleaseObjects.SCHEMAS.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
                assertThat(schema.history()).as(r + " " + e.getKey() + " " + e.getValue() + " must be a declared version")
                        .anyMatch(h -> h.version().equals(e.getValue()));
            }
        }
    }

    static Flavor small() {
        Flavor f = new Flavor();
        f.set(Flavor.ID, 2L);
        f.set(Flavor.NAME, "m1.small");
        f.set(Flavor.MEMORY_MB, 2048L);
        f.set(Flavor.VCPUS, 1L);
        f.set(Flavor.ROOT_GB, 20L);
        f.set(Flavor.EPHEMERAL_GB, 0L);
        f.set(Flavor.FLAVORID, "2");
        f.set(Flavor.SWAP, 0L);
        f.set(Flavor.RXTX_FACTOR, 1.0);
        f.set(Flavor.VCPU_WEIGHT, null);
        f.set(Flavor.EXTRA_SPECS, Map.of("hw:numa_cpus.0", "0", "quota:cpu_shares", "10"));
        return f;
    }

    @Test
    void flavorsRoundTripThroughSystemMetadataWithJunosKeys() {
        Map<String, String> sysmeta = FlavorSysmeta.save(new LinkedHashMap<>(), small(), FlavorSysmeta.NEW);
        assertThat(sysmeta).containsEntry("new_instance_type_id", "2").containsEntry("new_instance_type_memory_mb", "2048")
                .containsEntry("new_instance_type_rxtx_factor", "1.0").containsEntry("new_instance_type_vcpu_weight", null)
                .containsEntry("new_instance_type_flavorid", "2")
                .containsEntry("new_instance_type_extra_hw:numa_cpus.0", "0")
                .doesNotContainKey("new_instance_type_extra_quota:cpu_shares");
        assertThat(FlavorSysmeta.has(sysmeta, FlavorSysmeta.NEW)).isTrue();
        assertThat(FlavorSysmeta.has(sysmeta, FlavorSysmeta.CURRENT)).isFalse();
        Flavor back = FlavorSysmeta.extract(sysmeta, FlavorSysmeta.NEW);
        assertThat(back.name()).isEqualTo("m1.small");
        assertThat(back.memoryMb()).isEqualTo(2048);
        assertThat(back.get(Flavor.VCPU_WEIGHT)).isNull();
        assertThat(back.get(Flavor.EXTRA_SPECS)).containsOnlyKeys("hw:numa_cpus.0");
        FlavorSysmeta.delete(sysmeta, FlavorSysmeta.NEW);
        assertThat(sysmeta).isEmpty();
    }

    @Test
    void aMissingFlavorOrBadPrefixIsReportedClearly() {
        assertThatThrownBy(() -> FlavorSysmeta.extract(Map.of(), FlavorSysmeta.OLD))
                .hasMessageContaining("'old_instance_type_id'").hasMessageContaining("no old flavor");
        assertThatThrownBy(() -> FlavorSysmeta.save(new LinkedHashMap<>(), small(), "cur_"))
                .hasMessageContaining("'', 'old_' or 'new_'");
    }

    @Test
    void instancesTravelAsNovaObjectPrimitives() {
        Instance i = new Instance();
        i.set(Instance.UUID, "11111111-2222-3333-4444-555555555555");
        i.set(Instance.VM_STATE, VmStates.ACTIVE);
        i.setSystemMetadata(FlavorSysmeta.save(new LinkedHashMap<>(), small(), FlavorSysmeta.CURRENT));
        ModelSerializer s = ModelSerializer.failingOnNewerObjects();
        RequestContext ctx = RequestContext.admin();
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) s.serializeEntity(ctx, i);
        assertThat(p).containsEntry("nova_object.name", "Instance").containsEntry("nova_object.version", "1.19")
                .containsEntry("nova_object.namespace", "nova");
        Instance back = (Instance) s.deserializeEntity(ctx, p);
        assertThat(back.flavor().name()).isEqualTo("m1.small");
        Map<String, Object> newer = new LinkedHashMap<>(p);
        newer.put("nova_object.version", "1.20");
        assertThatThrownBy(() -> s.deserializeEntity(ctx, newer)).isInstanceOf(ObjectVersionMismatch.class);
    }

    @Test
    void aServiceWithoutDatabaseAccessGetsDbNotAllowed() {
        ObjectOps ops = new ObjectOps(new DbNotAllowedBackend("nova-compute"));
        assertThatThrownBy(() -> ops.instanceGetByUuid(RequestContext.admin(), "x"))
                .isInstanceOf(DBNotAllowed.class)
                .hasMessage("nova-compute attempted direct database access which is not allowed by policy");
    }

    @Test
    void modelExceptionsAreRebuiltOnTheCaller() {
        var failure = org.tandem.rpc.RemoteFailure.of(new NoValidHost("RamFilter said no"));
        RuntimeException rebuilt = ModelExceptions.defaults().rebuild(failure);
        assertThat(rebuilt).isInstanceOf(NoValidHost.class).hasMessage("No valid host was found. RamFilter said no");
        assertThat(((NoValidHost) rebuilt).kwargs()).containsEntry("reason", "RamFilter said no");
    }
}
