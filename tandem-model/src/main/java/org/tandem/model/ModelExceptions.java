package org.tandem.model;

import org.tandem.rpc.RemoteExceptions;
import org.tandem.rpc.TandemException;

/** The allow-list of model exceptions a caller rebuilds from remote failures (everything else is a RemoteError). */
public final class ModelExceptions {
    private ModelExceptions() {
    }

    /** {@code base} plus every model exception. */
    public static RemoteExceptions register(RemoteExceptions base) {
        return base.toBuilder()
                .register(TandemException.NOVA_EXCEPTION_MODULE, "InstanceNotFound", f -> new InstanceNotFound(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "UnexpectedTaskStateError", f -> new UnexpectedTaskStateError(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "UnexpectedDeletingTaskStateError", f -> new UnexpectedDeletingTaskStateError(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "InstanceInvalidState", f -> new InstanceInvalidState(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "ServiceNotFound", f -> new ServiceNotFound(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "ComputeHostNotFound", f -> new ComputeHostNotFound(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "MigrationNotFound", f -> new MigrationNotFound(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "FlavorNotFound", f -> new FlavorNotFound(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "DBNotAllowed", f -> new DBNotAllowed(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "NoValidHost", f -> new NoValidHost(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "ObjectActionError", f -> new ObjectActionError(f.message(), f.kwargs()))
                .register(TandemException.NOVA_EXCEPTION_MODULE, "OrphanedObjectError", f -> new OrphanedObjectError(f.message(), f.kwargs()))
                .build();
    }

    /** The RPC defaults plus every model exception. */
    public static RemoteExceptions defaults() {
        return register(RemoteExceptions.defaults());
    }
}
