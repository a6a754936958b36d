package org.tandem.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectRegistry;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * The object version manifest of each release (object name to the newest version that release
 * knows), declared once as data, and the registry of every object class this build knows.
 *
 * <p>Every number was checked against Nova's 2014.2 (juno) and 2015.1.0 (kilo) tags
 * (nova-juno-kilo-versions.md §1.1). History of this table:
 * <ul>
 *   <li>juno: as first declared, except ComputeNodeList, first declared as 1.4 and corrected to
 *       juno's 1.5 when kilo was added.</li>
 *   <li>kilo: Instance 1.19, InstanceList 1.16, Service 1.12, ServiceList 1.10, ComputeNode 1.11,
 *       ComputeNodeList 1.11; Flavor, Migration, InstanceFault and InstanceAction(Event) unchanged.</li>
 * </ul>
 * A version bump without its row here fails
 * {@code ModelObjectsTest#theCurrentReleasesManifestNamesEveryRegisteredObjectAtItsNewestVersion}; a
 * changed manifest fails {@code KiloObjectsTest#releaseManifestsMatchTheirLockFile}, and a changed
 * object without a bump fails {@code ModelObjectsTest#fingerprintsMatchTheLockFile}.
 */
public final class ReleaseObjects {
    private static final Map<Release, Map<String, Version>> MANIFESTS = new EnumMap<>(Release.class);

    static {
        Map<String, Version> juno = new TreeMap<>();
        juno.put("Instance", Instance.V1_15);
        juno.put("InstanceList", InstanceList.V1_9);
        juno.put("Flavor", Flavor.V1_1);
        juno.put("Service", Service.V1_4);
        juno.put("ServiceList", ServiceList.V1_2);
        juno.put("ComputeNode", ComputeNode.V1_5);
        juno.put("ComputeNodeList", ComputeNodeList.V1_5);
        juno.put("Migration", Migration.V1_1);
        juno.put("MigrationList", MigrationList.V1_1);
        juno.put("InstanceFault", InstanceFault.V1_2);
        juno.put("InstanceAction", InstanceAction.V1_1);
        juno.put("InstanceActionEvent", InstanceActionEvent.V1_1);
        MANIFESTS.put(Release.JUNO, Collections.unmodifiableMap(juno));

        Map<String, Version> kilo = new TreeMap<>(juno);
        kilo.put("Instance", Instance.V1_19);
        kilo.put("InstanceList", InstanceList.V1_16);
        kilo.put("Service", Service.V1_12);
        kilo.put("ServiceList", ServiceList.V1_10);
        kilo.put("ComputeNode", ComputeNode.V1_11);
        kilo.put("ComputeNodeList", ComputeNodeList.V1_11);
        MANIFESTS.put(Release.KILO, Collections.unmodifiableMap(kilo));
    }

    /** Every object schema of the model, in dependency order. */
    public static final java.util.List<ObjectSchema<?>> SCHEMAS = java.util.List.of(Flavor.SCHEMA, Instance.SCHEMA,
            InstanceList.SCHEMA, Service.SCHEMA, ServiceList.SCHEMA, ComputeNode.SCHEMA, ComputeNodeList.SCHEMA,
            Migration.SCHEMA, MigrationList.SCHEMA, InstanceFault.SCHEMA, InstanceAction.SCHEMA,
            InstanceActionEvent.SCHEMA);

    private ReleaseObjects() {
    }

    /**
     * The manifest of {@code release}.
     *
     * @throws IllegalArgumentException when the release's objects are not declared yet
     */
    public static Map<String, Version> manifest(Release release) {
        Map<String, Version> m = MANIFESTS.get(release);
        if (m == null) {
            throw new IllegalArgumentException("the object manifest of release '" + release + "' is not declared in "
                    + ReleaseObjects.class.getName() + "; declared releases: " + MANIFESTS.keySet());
        }
        return m;
    }

    /**
     * The version of {@code objectName} that {@code release} knows, or null when that release
     * does not know the object at all.
     */
    public static Version versionIn(Release release, String objectName) {
        return manifest(release).get(objectName);
    }

    /** A fresh registry holding every model object class. */
    public static ObjectRegistry registry() {
        return new ObjectRegistry(ObjectNamespace.NOVA).register(SCHEMAS.toArray(ObjectSchema[]::new));
    }
}
