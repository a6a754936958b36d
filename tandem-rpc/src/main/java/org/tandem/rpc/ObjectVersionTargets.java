package org.tandem.rpc;

import java.util.Map;
import java.util.Objects;
import org.tandem.objects.VersionedObject;
import org.tandem.version.Version;

/**
 * Which version of a versioned object a sender puts on the wire. The default sends every object at
 * its current version; a sender that knows what the receiver understands (an upgrade-levels pin or
 * a manifest learned from the conductor) backports on the way out.
 */
@FunctionalInterface
public interface ObjectVersionTargets {

    /** The primitive to send for {@code object} in the message carrying {@code ctx}. */
    Map<String, Object> primitive(RequestContext ctx, VersionedObject object);

    /** Every object at the version it has in memory. */
    ObjectVersionTargets CURRENT = (ctx, object) -> object.toPrimitive();

    /**
     * Backport to a receiver's manifest (object name to version, OVO {@code obj_to_primitive(version_manifest=...)}):
     * a named object goes at its manifest version, child objects follow the manifest; objects absent
     * from the manifest keep their version.
     */
    static ObjectVersionTargets manifest(Map<String, Version> manifest) {
        Map<String, Version> copy = Map.copyOf(Objects.requireNonNull(manifest, "manifest"));
        return (ctx, object) -> {
            Version target = copy.get(object.objectName());
            if (target != null && target.compareTo(object.version()) > 0) {
                target = null; // never raise an object above the version it has
            }
            return object.toPrimitive(target, copy);
        };
    }
}
