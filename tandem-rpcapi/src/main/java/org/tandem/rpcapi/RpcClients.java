package org.tandem.rpcapi;

import java.time.Duration;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.ModelExceptions;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.version.Version;

/** Builds the RPC clients of the APIs: model serializer, model exceptions, timeout from config. */
public final class RpcClients {
    private RpcClients() {
    }

    public static RpcClient client(Transport transport, Config config, Target target, Version cap, Serializer serializer) {
        return RpcClient.builder(transport, target)
                .timeout(Duration.ofSeconds(config.get(CommonOptions.RPC_RESPONSE_TIMEOUT)))
                .versionCap(cap)
                .serializer(serializer)
                .remoteExceptions(ModelExceptions.defaults())
                .build();
    }
}
