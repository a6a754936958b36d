package org.tandem.rpc;

import java.time.Duration;
import java.util.List;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;

/**
 * RPC settings with their oslo.messaging names and defaults, as plain values until the config
 * module wires them to {@code nova.conf}.
 */
public final class RpcOptions {
    private RpcOptions() {
    }

    /** {@code [DEFAULT] rpc_response_timeout}: seconds a call waits for its reply (oslo default 60). */
    public static final Duration RPC_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    /** {@code [DEFAULT] executor_thread_pool_size}: workers per RPC server (oslo default 64). */
    public static final int EXECUTOR_THREAD_POOL_SIZE = 64;

    /** {@code [DEFAULT] control_exchange}: Nova sets {@code nova} (oslo default {@code openstack}). */
    public static final String CONTROL_EXCHANGE = "nova";

    /** Nova's {@code allowed_remote_exmods} base list: modules whose exceptions callers rebuild. */
    public static final List<String> ALLOWED_REMOTE_EXMODS = List.of(TandemException.NOVA_EXCEPTION_MODULE);

    /** How long a graceful server stop waits for in-flight requests before interrupting them. */
    public static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(60);

    /** {@code [DEFAULT] rpc_response_timeout} from {@code nova.conf}, for {@link RpcClient.Builder#timeout}. */
    public static Duration responseTimeout(Config config) {
        return Duration.ofSeconds(config.get(CommonOptions.RPC_RESPONSE_TIMEOUT));
    }

    /** {@code [DEFAULT] control_exchange} from {@code nova.conf}. */
    public static String controlExchange(Config config) {
        return config.get(CommonOptions.CONTROL_EXCHANGE);
    }
}
