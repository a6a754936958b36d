package org.tandem.conductor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.model.indirection.ObjectBackend;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.ExpectedException;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.TandemException;
import org.tandem.version.Version;

/**
 * The conductor's base endpoint (facts §2.1): runs remotable object methods on behalf of
 * computes against the database backend, and backports objects for receivers that are older.
 * Domain errors from object methods travel back as expected exceptions. Backports are counted in
 * the service's {@link BackportMetrics} by object, versions, requesting host and method.
 */
public final class ConductorManager {
    private final ObjectBackend backend;
    private final BackportMetrics backports;

    /** A manager whose backports are counted in no registry. */
    public ConductorManager(ObjectBackend backend) {
        this(backend, BackportMetrics.UNREGISTERED);
    }

    public ConductorManager(ObjectBackend backend, BackportMetrics backports) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.backports = Objects.requireNonNull(backports, "backports");
    }

    /** Runs a class method; an object result is returned in the caller's version {@code objver}. */
    public Object objectClassAction(RequestContext ctx, String objname, String objmethod, String objver, List<?> args,
            Map<String, Object> kwargs) {
        requireNoPositional(objname + "." + objmethod, args);
        Object result;
        try {
            result = backend.classAction(ctx, objname, objmethod, Version.parse(objver), kwargs == null ? Map.of() : kwargs);
        } catch (TandemException e) {
            throw new ExpectedException(e);
        }
        if (result instanceof VersionedObject obj) {
            return obj.toPrimitive(Version.parse(objver));
        }
        return result;
    }

    /**
     * Runs an instance method and returns {@code [updates, result]}: {@code updates} maps each
     * field the method set or changed to its primitive, plus {@code obj_what_changed}.
     */
    public List<Object> objectAction(RequestContext ctx, VersionedObject objinst, String objmethod, List<?> args,
            Map<String, Object> kwargs) {
        requireNoPositional(objinst.objectName() + "." + objmethod, args);
        Map<String, Object> before = data(objinst);
        Object result;
        try {
            result = backend.objectAction(ctx, objinst, objmethod, kwargs == null ? Map.of() : kwargs);
        } catch (TandemException e) {
            throw new ExpectedException(e);
        }
        Map<String, Object> after = data(objinst);
        Map<String, Object> updates = new LinkedHashMap<>();
        after.forEach((field, value) -> {
            if (!before.containsKey(field) || !Objects.equals(before.get(field), value)) {
                updates.put(field, value);
            }
        });
        updates.put("obj_what_changed", List.copyOf(objinst.whatChanged()));
        java.util.ArrayList<Object> pair = new java.util.ArrayList<>(2);
        pair.add(updates);
        pair.add(result);
        return pair;
    }

    /**
     * The object's primitive in {@code target_version} (Nova's {@code object_backport}, asked by a
     * service that received an object newer than it knows). Counted per object, versions and
     * requesting host ({@code remote_address} of the context, set by Tandem's requesters).
     */
    public Map<String, Object> objectBackport(RequestContext ctx, VersionedObject objinst, String targetVersion) {
        Version target = Version.parse(targetVersion);
        backports.conductorSide(objinst.objectName(), objinst.version(), target, ctx.remoteAddress(), "object_backport");
        return objinst.toPrimitive(target);
    }

    /**
     * The object's primitive backported to the caller's manifest (object name to version), children
     * included: Liberty's {@code object_backport_versions}, offered by Tandem's kilo conductor (sent
     * as 2.1, which a juno conductor's 2.0 endpoint refuses) so a caller can name every version it
     * knows in one round trip.
     */
    public Map<String, Object> objectBackportVersions(RequestContext ctx, VersionedObject objinst,
            Map<String, Object> objectVersions) {
        Map<String, Version> manifest = new LinkedHashMap<>();
        if (objectVersions != null) {
            objectVersions.forEach((name, v) -> manifest.put(name, Version.parse(String.valueOf(v))));
        }
        Version target = manifest.get(objinst.objectName());
        if (target == null) {
            throw new org.tandem.model.ObjectActionError("object_backport_versions", "the caller's manifest does not name "
                    + objinst.objectName() + "; it names " + manifest.keySet());
        }
        Version to = target.isNewerThan(objinst.version()) ? objinst.version() : target;
        backports.conductorSide(objinst.objectName(), objinst.version(), to, ctx.remoteAddress(),
                "object_backport_versions");
        return objinst.toPrimitive(to, manifest);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(VersionedObject obj) {
        return new LinkedHashMap<>((Map<String, Object>) obj.toPrimitive().get("nova_object.data"));
    }

    private static void requireNoPositional(String what, List<?> args) {
        if (args != null && !args.isEmpty()) {
            throw new org.tandem.model.ObjectActionError(what, "positional arguments are not supported; send them as "
                    + "keyword arguments");
        }
    }
}
