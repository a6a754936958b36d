package org.tandem.compute;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tandem.model.Instance;
import org.tandem.model.Migration;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcArg;

/**
 * Kilo's compute 4.0 endpoint, registered beside the 3.40 manager so that a kilo compute takes
 * 3.x messages from juno senders and 4.0 messages from kilo senders (facts §1.4). 4.0 is 3.40
 * without 3.x compatibility: the signatures are the 4.0 ones (arguments that 3.x left optional,
 * such as {@code clean_shutdown} on stop_instance, are required) and each method forwards to the
 * manager. Goes away when the release after kilo drops 3.x.
 */
public final class ComputeV4Proxy {
    private final ComputeManager manager;

    public ComputeV4Proxy(ComputeManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    public void buildAndRunInstance(RequestContext ctx, Instance instance, Map<String, Object> image,
            Map<String, Object> requestSpec, Map<String, Object> filterProperties,
            @RpcArg(optional = true) Object adminPassword, @RpcArg(optional = true) Object injectedFiles,
            @RpcArg(optional = true) Object requestedNetworks, @RpcArg(optional = true) Object securityGroups,
            @RpcArg(optional = true) Object blockDeviceMapping, @RpcArg(optional = true) String node,
            @RpcArg(optional = true) Map<String, Object> limits) {
        manager.buildAndRunInstance(ctx, instance, image, requestSpec, filterProperties, adminPassword, injectedFiles,
                requestedNetworks, securityGroups, blockDeviceMapping, node, limits);
    }

    public void terminateInstance(RequestContext ctx, Instance instance, List<?> bdms,
            @RpcArg(optional = true) Object reservations) {
        manager.terminateInstance(ctx, instance, bdms, reservations);
    }

    public void rebootInstance(RequestContext ctx, Instance instance, Object blockDeviceInfo, String rebootType) {
        manager.rebootInstance(ctx, instance, blockDeviceInfo, rebootType);
    }

    public void stopInstance(RequestContext ctx, Instance instance, boolean cleanShutdown) {
        manager.stopInstance(ctx, instance, cleanShutdown);
    }

    public void startInstance(RequestContext ctx, Instance instance) {
        manager.startInstance(ctx, instance);
    }

    public void prepResize(RequestContext ctx, Map<String, Object> image, Instance instance,
            Map<String, Object> instanceType, @RpcArg(optional = true) Object reservations,
            @RpcArg(optional = true) Map<String, Object> requestSpec,
            @RpcArg(optional = true) Map<String, Object> filterProperties, @RpcArg(optional = true) String node,
            @RpcArg(optional = true) Boolean cleanShutdown) {
        manager.prepResize(ctx, image, instance, instanceType, reservations, requestSpec, filterProperties, node,
                cleanShutdown == null || cleanShutdown);
    }

    public void resizeInstance(RequestContext ctx, Instance instance, Map<String, Object> image, Object reservations,
            Migration migration, Map<String, Object> instanceType, @RpcArg(optional = true) Boolean cleanShutdown) {
        manager.resizeInstance(ctx, instance, image, reservations, migration, instanceType,
                cleanShutdown == null || cleanShutdown);
    }

    public void finishResize(RequestContext ctx, Object diskInfo, Map<String, Object> image, Instance instance,
            Object reservations, Migration migration) {
        manager.finishResize(ctx, diskInfo, image, instance, reservations, migration);
    }

    public void confirmResize(RequestContext ctx, Instance instance, Object reservations, Migration migration) {
        manager.confirmResize(ctx, instance, reservations, migration);
    }

    public void revertResize(RequestContext ctx, Instance instance, Migration migration,
            @RpcArg(optional = true) Object reservations) {
        manager.revertResize(ctx, instance, migration, reservations);
    }

    public void finishRevertResize(RequestContext ctx, Instance instance, Object reservations, Migration migration) {
        manager.finishRevertResize(ctx, instance, reservations, migration);
    }

    public String getConsoleOutput(RequestContext ctx, Instance instance, Integer tailLength) {
        return manager.getConsoleOutput(ctx, instance, tailLength);
    }
}
