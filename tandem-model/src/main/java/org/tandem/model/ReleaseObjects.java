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
 * <p>Juno's versions are those of Nova 2014.2 as best known here: Instance 1.15 and Flavor 1.1
 * come from the facts document; Service 1.4, ComputeNode 1.5, ComputeNodeList 1.4, Migration 1.1,
 * MigrationList 1.1, InstanceFault 1.2, InstanceAction 1.1 and InstanceActionEvent 1.1 follow the
 * version histories in Nova's object modules; InstanceList 1.9 and ServiceList 1.2 are the least
 * certain and should be checked against the 2014.2 tag before talking to a real juno peer.
 * Kilo's row is added with kilo's object versions.
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
        juno.put("ComputeNodeList", ComputeNodeList.V1_4);
        juno.put("Migration", Migration.V1_1);
        juno.put("MigrationList", MigrationList.V1_1);
        juno.put("InstanceFault", InstanceFault.V1_2);
        juno.put("InstanceAction", InstanceAction.V1_1);
        juno.put("InstanceActionEvent", InstanceActionEvent.V1_1);
        MANIFESTS.put(Release.JUNO, Collections.unmodifiableMap(juno));
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

    /** The newest release whose manifest is declared (what services run as until kilo's objects exist). */
    public static Release newestDeclared() {
        Release newest = null;
        for (Release r : MANIFESTS.keySet()) {
            newest = r;
        }
        return newest;
    }

    /** A fresh registry holding every model object class. */
    public static ObjectRegistry registry() {
        return new ObjectRegistry(ObjectNamespace.NOVA).register(SCHEMAS.toArray(ObjectSchema[]::new));
    }
}
