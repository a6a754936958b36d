package org.tandem.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.tandem.objects.fields.Fields;
import org.tandem.objects.fixtures.Gadget;
import org.tandem.objects.fixtures.Node;
import org.tandem.objects.fixtures.Strict;
import org.tandem.objects.fixtures.Widget;
import org.tandem.version.Version;

/**
 * The lock file src/test/resources/object-hashes.txt pins every registered object's fingerprint.
 * Regenerate after a deliberate, version-bumped change with
 * {@code ./mvnw -B -o -pl tandem-objects verify -Dtest=ObjectHashesTest -Dtandem.regenerateObjectHashes=true}.
 */
class ObjectHashesTest {
    static final String LOCK = "src/test/resources/object-hashes.txt";
    static final String REGENERATE = "./mvnw -B -o -pl tandem-objects verify -Dtest=ObjectHashesTest "
            + "-Dtandem.regenerateObjectHashes=true";

    static ObjectRegistry registry() {
        return Widget.registry().register(Node.SCHEMA, Strict.SCHEMA);
    }

    @Test
    void fingerprintsMatchTheLockFile() throws Exception {
        Path lock = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve(LOCK);
        SortedMap<String, String> actual = ObjectFingerprints.of(registry());
        if (Boolean.getBoolean("tandem.regenerateObjectHashes")) {
            Files.writeString(lock, ObjectFingerprints.render(actual), StandardCharsets.UTF_8);
        }
        assertThat(lock).as("lock file; create it with " + REGENERATE).exists();
        List<String> diff = ObjectFingerprints.differences(ObjectFingerprints.parse(Files.readString(lock)), actual);
        assertThat(diff).as("Some objects have changed; make sure their versions were bumped (with a history line and "
                + "backport rules), then regenerate the lock with: " + REGENERATE).isEmpty();
    }

    @Test
    void everyObjectBackportsToEveryOlderVersion() {
        assertThat(ObjectFingerprints.checkCompatibilityRoutines(registry())).isEmpty();
    }

    @Test
    void aChangedFieldWithoutABumpIsReportedWithTheFix() {
        ObjectSchema.Builder<Gadget> b = ObjectSchema.builder("Gadget", ObjectNamespace.NOVA, Gadget.class, Gadget::new)
                .version(Gadget.V1_0, "Initial version").version(Gadget.V1_1, "Added label").version(Gadget.V1_2, "Added weight");
        b.field("id", Fields.INTEGER);
        b.field(FieldDef.of("label", Fields.STRING).nullable().since(Gadget.V1_1).droppable());
        b.field(FieldDef.of("weight", Fields.INTEGER).defaultValue(1L).since(Gadget.V1_2).droppable()); // Float -> Integer
        String changed = ObjectFingerprints.fingerprint(b.build());
        String locked = ObjectFingerprints.fingerprint(Gadget.SCHEMA);
        assertThat(changed).startsWith("1.2-").isNotEqualTo(locked);
        List<String> diff = ObjectFingerprints.differences(Map.of("Gadget", locked), Map.of("Gadget", changed));
        assertThat(diff).singleElement().asString().contains("Gadget: locked " + locked)
                .contains("changed without a version bump");
        assertThat(ObjectFingerprints.differences(Map.of("Gadget", locked, "Gone", "1.0-x"), Map.of("Gadget", locked)))
                .containsExactly("Gone: in the lock file but no longer registered");
    }

    @Test
    void historyLinesDoNotChangeFingerprintsButVersionsDo() {
        ObjectSchema.Builder<Gadget> b = ObjectSchema.builder("Gadget", ObjectNamespace.NOVA, Gadget.class, Gadget::new)
                .version(Gadget.V1_0, "Initial version, reworded").version(Gadget.V1_1, "Added label")
                .version(Gadget.V1_2, "Added weight");
        b.field("id", Fields.INTEGER);
        b.field(FieldDef.of("label", Fields.STRING).nullable().since(Gadget.V1_1).droppable());
        b.field(FieldDef.of("weight", Fields.FLOAT).defaultValue(1.0).since(Gadget.V1_2).droppable());
        assertThat(ObjectFingerprints.fingerprint(b.build())).isEqualTo(ObjectFingerprints.fingerprint(Gadget.SCHEMA));
        b.version(Version.of(1, 3), "Bump");
        assertThat(ObjectFingerprints.fingerprint(b.build())).startsWith("1.3-");
    }
}
