package org.tandem.compute;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.model.Instance;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.UnsupportedVersionHandler;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * What a compute does after refusing a message for its RPC version (the upgrade guide's Step 4
 * symptom: a sender that is not pinned). Nova only logged it, and a refused build cast left the
 * instance in BUILD forever. Tandem's compute reschedules a refused build (another host, such as
 * one already upgraded, may accept it; when retries run out the instance goes to ERROR with the
 * fault below) and gives any other refused action on an instance a fault and no task state.
 */
final class RefusedVersions implements UnsupportedVersionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedVersions.class);

    private final String host;
    private final Release release;
    private final Version accepts;
    private final ComputeManager manager;
    private final Serializer serializer;

    RefusedVersions(String host, Release release, Version accepts, ComputeManager manager, Serializer serializer) {
        this.host = host;
        this.release = release;
        this.accepts = accepts;
        this.manager = manager;
        this.serializer = serializer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void refused(RequestContext ctx, String method, String version, Map<String, Object> rawArgs, boolean isCall) {
        if (isCall || !(rawArgs.get("instance") instanceof Map<?, ?>)) {
            return; // a caller gets the UnsupportedVersion failure itself
        }
        Object decoded = serializer.deserializeEntity(ctx, rawArgs.get("instance"));
        if (!(decoded instanceof Instance instance)) {
            return;
        }
        RuntimeException cause = new RefusedRpcVersion("Compute host " + host + " runs " + release
                + " and accepts compute RPC versions up to " + accepts + ", but " + method + " was sent as " + version
                + ". Set [upgrade_levels] compute = " + release + " (or auto) on every service that sends to computes "
                + "(nova-api, nova-conductor and the computes) and reload them with SIGHUP");
        if ("build_and_run_instance".equals(method)) {
            LOG.warn("Rescheduling instance {}: {}", instance.uuid(), cause.getMessage());
            Object image = serializer.deserializeEntity(ctx, rawArgs.get("image"));
            Object fp = serializer.deserializeEntity(ctx, rawArgs.get("filter_properties"));
            manager.rescheduleRefusedBuild(ctx, instance, image instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                    fp instanceof Map<?, ?> f ? (Map<String, Object>) f : null, cause);
        } else {
            LOG.warn("Instance {} keeps its state: {}", instance.uuid(), cause.getMessage());
            manager.failRefusedAction(ctx, instance, cause);
        }
    }

    /** The fault recorded for a refused message. */
    static final class RefusedRpcVersion extends org.tandem.rpc.MessagingException {
        RefusedRpcVersion(String message) {
            super(message);
        }
    }

}
