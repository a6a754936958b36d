package org.tandem.rpc;

import java.util.Map;

/**
 * What a receiver does with an object primitive whose version it cannot hydrate (an older service
 * receiving a newer object): typically ask the conductor to backport it ({@code object_backport}
 * with the supported version, or {@code object_backport_versions} with a manifest) and return the
 * backported primitive, which is then hydrated normally. Plugged into
 * {@link ObjectPrimitiveSerializer}; the conductor-backed implementation is built on the objects
 * module.
 */
@FunctionalInterface
public interface IncompatibleObjectHandler {

    /**
     * @param ctx the request context of the message being received
     * @param primitive the raw primitive (the map holding {@code nova_object.name})
     * @param problem which object and version could not be hydrated and what is supported locally
     * @return a primitive this receiver can hydrate
     * @throws RuntimeException when no backport is possible; it fails the dispatch
     */
    Map<String, Object> backport(RequestContext ctx, Map<String, Object> primitive, ObjectVersionMismatch problem);

    /** The default without a conductor: fail with the mismatch. */
    IncompatibleObjectHandler FAIL = (ctx, primitive, problem) -> {
        throw problem;
    };

    /**
     * The default of {@link VersionedObjectSerializer} until a conductor is wired: fails the
     * dispatch with the object, its version, the supported one and what would have fixed it.
     */
    IncompatibleObjectHandler NO_CONDUCTOR = (ctx, primitive, problem) -> {
        throw new ObjectVersionMismatch(problem.objectName(), problem.objectVersion(), problem.supportedVersion(),
                "no conductor is configured to backport it: ask the conductor to backport " + problem.objectName()
                        + " " + problem.objectVersion() + " to " + problem.supportedVersion()
                        + " (object_backport), or upgrade this service");
    };
}
