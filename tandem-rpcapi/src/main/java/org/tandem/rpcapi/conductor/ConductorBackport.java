package org.tandem.rpcapi.conductor;

import java.util.Map;
import org.tandem.model.indirection.BackportMetrics;
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
    /** How long a backport is asked again while the conductors cannot be reached. */
    static final java.time.Duration BACKPORT_RETRY_WINDOW = java.time.Duration.ofSeconds(30);
    private volatile ConductorRpcApi conductor;
    private final String host;

    /** A handler for a service on an unnamed host. */
    public ConductorBackport() {
        this(null);
    }

    /** @param host this service's host, sent as the request's remote address so the conductor can count by host */
    public ConductorBackport(String host) {
        this.host = host;
    }

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
        BackportMetrics.requested(problem.objectName(), problem.objectVersion(), problem.supportedVersion(),
                host == null ? "this service" : host);
        RequestContext asking = host == null || ctx.remoteAddress() != null ? ctx : ctx.toBuilder().remoteAddress(host).build();
        // the message that carried this object is in hand: while the conductors cannot be reached (a broker
        // restart), asking again beats failing the request it belongs to
        Object back = org.tandem.rpc.TransportRetry.idempotent("object_backport of " + problem.objectName(),
                BACKPORT_RETRY_WINDOW, () -> c.objectBackport(asking, primitive,
                        Version.parse(problem.supportedVersion())));
        if (back instanceof VersionedObject v) {
            return v.toPrimitive();
        }
        if (back instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalStateException("conductor object_backport replied " + back + "; expected an object primitive");
    }
}
