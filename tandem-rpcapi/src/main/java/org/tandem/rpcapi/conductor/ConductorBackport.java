package org.tandem.rpcapi.conductor;

import java.util.Map;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.IncompatibleObjectHandler;
import org.tandem.rpc.ObjectVersionMismatch;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Version;

/**
 * What a database-less service does with an object too new to read (facts §4.3, Kilo's form):
 * conductor {@code object_backport(objinst, target_version=<newest local version>)}. The
 * conductor client is bound after construction because it needs the serializer this handler
 * belongs to.
 */
public final class ConductorBackport implements IncompatibleObjectHandler {
    private volatile ConductorRpcApi conductor;

    public void bind(ConductorRpcApi conductorApi) {
        this.conductor = conductorApi;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> backport(RequestContext ctx, Map<String, Object> primitive, ObjectVersionMismatch problem) {
        ConductorRpcApi c = conductor;
        if (c == null) {
            throw problem;
        }
        Object back = c.objectBackport(ctx, primitive, Version.parse(problem.supportedVersion()));
        if (back instanceof VersionedObject v) {
            return v.toPrimitive();
        }
        if (back instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalStateException("conductor object_backport replied " + back + "; expected an object primitive");
    }
}
