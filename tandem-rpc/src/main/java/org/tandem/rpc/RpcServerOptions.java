package org.tandem.rpc;

import java.time.Duration;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;

/**
 * Settings of one RPC server.
 *
 * @param executorThreadPoolSize workers that run endpoint methods; when all are busy the transport
 *     stops delivering (back-pressure) and messages wait on the queue
 * @param gracefulStopTimeout how long {@link RpcServer#stop()} waits for in-flight requests
 * @param registerBaseApi add the {@code baseapi} 1.1 endpoint ({@code ping}) as Nova services do
 */
public record RpcServerOptions(int executorThreadPoolSize, Duration gracefulStopTimeout, boolean registerBaseApi) {

    public RpcServerOptions {
        if (executorThreadPoolSize < 1) {
            throw new IllegalArgumentException("executor_thread_pool_size must be at least 1, got "
                    + executorThreadPoolSize);
        }
        if (gracefulStopTimeout == null || gracefulStopTimeout.isNegative()) {
            throw new IllegalArgumentException("graceful stop timeout must be zero or positive, got "
                    + gracefulStopTimeout);
        }
    }

    public static RpcServerOptions defaults() {
        return new RpcServerOptions(RpcOptions.EXECUTOR_THREAD_POOL_SIZE, RpcOptions.GRACEFUL_STOP_TIMEOUT, true);
    }

    /** Defaults with {@code [DEFAULT] executor_thread_pool_size} from {@code nova.conf}. */
    public static RpcServerOptions from(Config config) {
        java.util.Objects.requireNonNull(config, "config");
        return defaults().withExecutorThreadPoolSize(config.get(CommonOptions.EXECUTOR_THREAD_POOL_SIZE));
    }

    public RpcServerOptions withExecutorThreadPoolSize(int size) {
        return new RpcServerOptions(size, gracefulStopTimeout, registerBaseApi);
    }

    public RpcServerOptions withGracefulStopTimeout(Duration timeout) {
        return new RpcServerOptions(executorThreadPoolSize, timeout, registerBaseApi);
    }

    public RpcServerOptions withRegisterBaseApi(boolean register) {
        return new RpcServerOptions(executorThreadPoolSize, gracefulStopTimeout, register);
    }
}
