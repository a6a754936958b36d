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
 * conductor {@code object_backport(objinst, target_version=<newest local version>)}, counted by
 * object, versions, host and method. The conductor client is bound after construction because it
 * needs the serializer this handler belongs to.
 */
public final class ConductorBackport implements IncompatibleObjectHandler {
    static final String OBJECT_BACKPORT = "object_backport";
    /** How long a backport is asked again while the conductors cannot be reached. */
    static final java.time.Duration BACKPORT_RETRY_WINDOW = java.time.Duration.ofSeconds(30);
    private volatile ConductorRpcApi conductor;
    private final String host;
    private final BackportMetrics metrics;

    /** A handler for a service on an unnamed host, counting in no registry. */
    public ConductorBackport() {
        this(null, BackportMetrics.UNREGISTERED);
    }

    /**
     * @param host this service's host, sent as the request's remote address so the conductor counts by
     *        requesting host
     * @param metrics where the requests are counted (the service's)
     */
    public ConductorBackport(String host, BackportMetrics metrics) {
        this.host = host;
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
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
        Version supported = Version.parse(problem.supportedVersion());
        // this request comes from this host, whoever sent the message that carried the object (a user's
        // address would otherwise be counted as the requester)
        RequestContext asking = host == null ? ctx : ctx.toBuilder().remoteAddress(host).build();
        Object back = ask(OBJECT_BACKPORT, problem, () -> c.objectBackport(asking, primitive, supported));
        if (back instanceof VersionedObject v) {
            return v.toPrimitive();
        }
        if (back instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalStateException("the conductor's backport of " + problem.objectName() + " replied " + back
                + "; expected an object primitive");
    }

    /**
     * Counts the request and sends it, again while the conductors cannot be reached (a broker
     * restart): the message that carried this object is in hand, and asking again beats failing the
     * request it belongs to.
     */
    private Object ask(String method, ObjectVersionMismatch problem, java.util.function.Supplier<Object> request) {
        metrics.requested(problem.objectName(), problem.objectVersion(), problem.supportedVersion(),
                host == null ? "this service" : host, method);
        return org.tandem.rpc.TransportRetry.idempotent(method + " of " + problem.objectName(), BACKPORT_RETRY_WINDOW,
                request);
    }
}
