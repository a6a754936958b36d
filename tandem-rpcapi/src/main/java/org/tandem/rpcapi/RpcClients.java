package org.tandem.rpcapi;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.ModelExceptions;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.version.Version;

/** Builds the RPC clients of the APIs: model serializer, model exceptions, timeout from config, the service's meters. */
public final class RpcClients {
    private RpcClients() {
    }

    /** @param meters the service's meter registry (its sends and request timings go there) */
    public static RpcClient client(Transport transport, Config config, MeterRegistry meters, Target target, Version cap,
            Serializer serializer) {
        return RpcClient.builder(transport, target)
                .meterRegistry(meters)
                .timeout(Duration.ofSeconds(config.get(CommonOptions.RPC_RESPONSE_TIMEOUT)))
                .versionCap(cap)
                .serializer(serializer)
                .remoteExceptions(ModelExceptions.defaults())
                .build();
    }
}
