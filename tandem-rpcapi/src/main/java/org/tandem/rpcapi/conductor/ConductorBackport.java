package org.tandem.rpcapi.conductor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.model.ReleaseObjects;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.IncompatibleObjectHandler;
import org.tandem.rpc.ObjectVersionMismatch;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.UnsupportedVersionException;
import org.tandem.version.Version;

/**
 * What a database-less service does with an object too new to read (facts §4.3): it asks the
 * conductor to backport it. A kilo service whose conductor cap allows 2.1 sends
 * {@code object_backport_versions} with the object manifest of its release (so every child comes
 * back at a version it knows, in one round trip; Liberty's way, offered by Tandem's kilo
 * conductor); a juno service, or one whose conductors may still run juno ({@code [upgrade_levels]
 * conductor = juno}, or {@code auto} with a juno conductor live), sends
 * {@code object_backport(objinst, target_version=<newest local version>)} as Nova's juno and kilo
 * did. After a conductor refused 2.1 anyway, the service asks with {@code object_backport} until it
 * restarts. Each request (each method tried) is counted by object, versions, host and method. The
 * conductor client is bound after construction because it needs the serializer this handler
 * belongs to.
 */
public final class ConductorBackport implements IncompatibleObjectHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConductorBackport.class);
    static final String OBJECT_BACKPORT = "object_backport";
    static final String OBJECT_BACKPORT_VERSIONS = "object_backport_versions";
    /** How long a backport is asked again while the conductors cannot be reached. */
    static final java.time.Duration BACKPORT_RETRY_WINDOW = java.time.Duration.ofSeconds(30);
    private volatile ConductorRpcApi conductor;
    private final String host;
    private final BackportMetrics metrics;
    /** Set when a conductor refused object_backport_versions although the cap allowed it. */
    private final AtomicBoolean manifestRefused = new AtomicBoolean();

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
        Object back = null;
        if (!manifestRefused.get() && c.canBackportToManifest()) {
            try {
                back = ask(OBJECT_BACKPORT_VERSIONS, problem, () -> c.objectBackportVersions(asking, primitive,
                        manifest(c, problem.objectName(), supported)));
            } catch (UnsupportedVersionException e) {
                if (manifestRefused.compareAndSet(false, true)) {
                    LOG.warn("A conductor refused object_backport_versions ({}): it runs a release older than kilo. "
                            + "Asking with object_backport until this service restarts; set [upgrade_levels] conductor "
                            + "= juno (or auto) while such conductors run", e.getMessage());
                }
            }
        }
        if (back == null) {
            back = ask(OBJECT_BACKPORT, problem, () -> c.objectBackport(asking, primitive, supported));
        }
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

    /**
     * The object versions this service knows (its release's manifest), with the object that failed
     * at the version its codec said it supports.
     */
    private static Map<String, String> manifest(ConductorRpcApi c, String objectName, Version supported) {
        Map<String, String> out = new TreeMap<>();
        ReleaseObjects.manifest(c.release()).forEach((name, v) -> out.put(name, v.toString()));
        out.put(objectName, supported.toString());
        return out;
    }
}
