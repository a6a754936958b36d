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
 * @param inlineBudget how long a method known to be fast may run on the transport's delivery
 *     thread before it is moved back to the worker pool ({@link RpcServer} says when it may
 *     return); zero runs everything on the pool
 */
public record RpcServerOptions(int executorThreadPoolSize, Duration gracefulStopTimeout, boolean registerBaseApi,
        Duration inlineBudget) {

    /** Default inline budget. History: 1 ms since the inline fast path was added (issue 11). */
    public static final Duration DEFAULT_INLINE_BUDGET = Duration.ofMillis(1);

    public RpcServerOptions(int executorThreadPoolSize, Duration gracefulStopTimeout, boolean registerBaseApi) {
        this(executorThreadPoolSize, gracefulStopTimeout, registerBaseApi, DEFAULT_INLINE_BUDGET);
    }

    public RpcServerOptions {
        if (executorThreadPoolSize < 1) {
            throw new IllegalArgumentException("executor_thread_pool_size must be at least 1, got "
                    + executorThreadPoolSize);
        }
        if (gracefulStopTimeout == null || gracefulStopTimeout.isNegative()) {
            throw new IllegalArgumentException("graceful stop timeout must be zero or positive, got "
                    + gracefulStopTimeout);
        }
        if (inlineBudget == null || inlineBudget.isNegative()) {
            throw new IllegalArgumentException("inline budget must be zero or positive, got " + inlineBudget);
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
        return new RpcServerOptions(size, gracefulStopTimeout, registerBaseApi, inlineBudget);
    }

    public RpcServerOptions withGracefulStopTimeout(Duration timeout) {
        return new RpcServerOptions(executorThreadPoolSize, timeout, registerBaseApi, inlineBudget);
    }

    public RpcServerOptions withRegisterBaseApi(boolean register) {
        return new RpcServerOptions(executorThreadPoolSize, gracefulStopTimeout, register, inlineBudget);
    }

    /** The same options with another inline budget (zero: every request on the worker pool). */
    public RpcServerOptions withInlineBudget(Duration budget) {
        return new RpcServerOptions(executorThreadPoolSize, gracefulStopTimeout, registerBaseApi, budget);
    }
}
