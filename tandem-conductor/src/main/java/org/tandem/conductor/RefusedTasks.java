package org.tandem.conductor;

import java.util.List;
import java.util.Map;
import org.tandem.objects.ObjectNamespace;
import org.tandem.rpc.MessagingException;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.UnsupportedVersionHandler;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * What a conductor does after refusing a compute_task cast for its RPC version (an upgraded API
 * sending without {@code [upgrade_levels] compute_task}). Nova had no such pin and only logged the
 * refusal, so the instances of a refused build_instances waited in BUILD forever. Tandem's
 * conductor puts them in ERROR with a fault naming the pin to set. A refused call
 * (migrate_server) needs nothing: its caller gets the UnsupportedVersion failure.
 */
final class RefusedTasks implements UnsupportedVersionHandler {
    private final String host;
    private final Release release;
    private final Version accepts;
    private final ComputeTaskManager tasks;

    RefusedTasks(String host, Release release, Version accepts, ComputeTaskManager tasks) {
        this.host = host;
        this.release = release;
        this.accepts = accepts;
        this.tasks = tasks;
    }

    @Override
    public void refused(RequestContext ctx, String method, String version, Map<String, Object> rawArgs, boolean isCall) {
        if (isCall || !"build_instances".equals(method) || !(rawArgs.get("instances") instanceof List<?> instances)) {
            return;
        }
        RuntimeException cause = new MessagingException("nova-conductor on " + host + " runs " + release
                + " and accepts compute_task RPC versions up to " + accepts + ", but " + method + " was sent as "
                + version + ". Set [upgrade_levels] compute_task = " + release + " (or auto) on the services that "
                + "send to conductors (nova-api) and reload them with SIGHUP");
        for (Object o : instances) {
            // The primitives are not decoded: they are of a release this conductor may not know.
            if (o instanceof Map<?, ?> primitive && primitive.get(ObjectNamespace.NOVA.dataKey()) instanceof Map<?, ?> data
                    && data.get("uuid") instanceof String uuid) {
                tasks.failRefusedBuild(ctx, uuid, cause);
            }
        }
    }
}
