package org.tandem.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.internal.Dispatcher;
import org.tandem.rpc.transport.IncomingMessage;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.Transport;

/**
 * Serves versioned endpoints on a topic and server name: consumes the shared topic queue, the
 * directed {@code topic.server} queue and the fanout queue, dispatches each request to the first
 * matching endpoint ({@link org.tandem.rpc.internal.Dispatcher}), and replies to calls with the
 * result or a failure. Errors of casts are logged at ERROR.
 *
 * <p>Where a request runs: at most {@code executor_thread_pool_size} at once. A method starts on
 * the bounded worker pool; once it has finished {@value #PROMOTE_AFTER} runs in a row within half
 * the inline budget ({@link RpcServerOptions#inlineBudget()}, default 1 ms) without making an RPC
 * call, it runs on the transport's delivery thread instead (no thread hand-off, no wake-up). A
 * method that makes an RPC call goes back to the pool for good (logged at INFO). A method that
 * takes longer than the budget there goes back to the pool and must earn its place again with
 * twice as many fast pool runs in a row as the last time (16, 32, 64 ... up to
 * {@value #MAX_PROMOTE_AFTER}): one run cut short by a garbage collection or by the scheduler on a
 * busy machine no longer keeps a fast method off the delivery thread for the life of the process,
 * while a slow handler holds up the requests behind it on its queue for one run at a time, ever
 * more rarely (a handler that is always slow never comes back: its pool runs are not fast).
 *
 * <pre>{@code
 * RpcServer server = RpcServer.builder(transport, "compute", "host1")
 *         .endpoint(Endpoint.of(new ComputeManager()))          // @RpcEndpoint(version = "3.40")
 *         .endpoint(Endpoint.of(new ComputeV4Proxy(), null, Version.of(4, 0)))
 *         .build();
 * server.start();
 * ...
 * server.stop();   // stop consuming, finish in-flight requests, leave queued ones
 * }</pre>
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    private static final AtomicInteger SERVER_SEQ = new AtomicInteger();

    private final Transport transport;
    private final Target target;
    private final String serviceName;
    private final Dispatcher dispatcher;
    private final Serializer serializer;
    private final RpcServerOptions options;
    private final MeterRegistry meters;
    private final Semaphore permits;
    private final ThreadPoolExecutor workers;
    private final Object lifecycle = new Object();
    private final UnsupportedVersionHandler unsupportedVersionHandler;
    private Subscription subscription;
    private boolean stopped;
    /** Per endpoint method: where it runs (see the class comment). */
    private final java.util.concurrent.ConcurrentHashMap<Endpoint.MethodSpec, Lane> lanes =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Set while a request runs on this thread; RPC calls made by the handler mark it. */
    private static final ThreadLocal<boolean[]> CALLED_OUT = new ThreadLocal<>();
    static final int PROMOTE_AFTER = 16;
    /**
     * The most fast pool runs in a row a method that overran the budget on the delivery thread must
     * show before it returns there. History: a method went to the pool for good after one overrun,
     * until a garbage collection during a fast run was seen to keep the benchmark's methods on the
     * pool (issue 11, the perf-rpc round): 1024 since.
     */
    static final int MAX_PROMOTE_AFTER = 1024;
    private static final ThreadLocal<Boolean> INLINE_HERE = new ThreadLocal<>();
    private final AtomicInteger inlineRunning = new AtomicInteger();

    private RpcServer(Builder b) {
        this.transport = b.transport;
        this.target = b.target;
        this.serviceName = b.serviceName == null ? b.target.topic() : b.serviceName;
        this.serializer = b.serializer;
        this.options = b.options;
        this.meters = b.meters == null ? Metrics.globalRegistry : b.meters;
        this.unsupportedVersionHandler = b.unsupportedVersionHandler;
        List<Endpoint> endpoints = new ArrayList<>(b.endpoints);
        if (options.registerBaseApi()) {
            // Nova registers [manager, BaseRPCAPI, *additional endpoints].
            endpoints.add(Math.min(1, endpoints.size()), new BaseApiEndpoint(serviceName).endpoint());
        }
        this.dispatcher = new Dispatcher(endpoints, serializer);
        int size = options.executorThreadPoolSize();
        this.permits = new Semaphore(size);
        String prefix = "tandem-rpc-" + target.topic() + "-" + SERVER_SEQ.incrementAndGet() + "-worker-";
        AtomicInteger seq = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.workers.allowCoreThreadTimeOut(true);
    }

    /** A builder for a server listening on {@code topic} as {@code server} (the host name). */
    public static Builder builder(Transport transport, String topic, String server) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(server, "server name (host)");
        return new Builder(transport, Target.topic(topic).withServer(server));
    }

    public Target target() {
        return target;
    }

    public String serviceName() {
        return serviceName;
    }

    /** Endpoints in dispatch order (including {@code baseapi}). */
    public List<Endpoint> endpoints() {
        return dispatcher.endpoints();
    }

    /** Starts consuming. */
    public void start() {
        synchronized (lifecycle) {
            if (stopped) {
                throw new IllegalStateException("RPC server " + target.routingKey() + " was stopped; build a new one");
            }
            if (subscription != null) {
                return;
            }
            subscription = transport.listen(target, this::onMessage);
            LOG.info("RPC server {} ({}) consuming topic {} with endpoints {}", serviceName, target.server(),
                    target.topic(), dispatcher.endpoints());
        }
    }

    /**
     * Stops gracefully: stops consuming (messages still queued stay on the broker for another
     * server), lets in-flight requests finish within the graceful stop timeout, then interrupts
     * what is left.
     */
    public void stop() {
        Subscription sub;
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            sub = subscription;
            subscription = null;
        }
        if (sub != null) {
            sub.stopConsuming(); // messages already received are handled and acknowledged first
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(options.gracefulStopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("RPC server {} still had {} requests running after {}; interrupting them",
                        target.routingKey(), workers.getActiveCount(), options.gracefulStopTimeout());
                workers.shutdownNow();
            }
            // requests running on delivery threads are short (the inline budget); let them finish
            long deadline = System.nanoTime() + options.gracefulStopTimeout().toNanos();
            int self = INLINE_HERE.get() != null ? 1 : 0; // stop() called by an inline handler
            while (inlineRunning.get() > self && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (sub != null) {
            sub.close(); // what is still unacknowledged (a request that outlived the grace period) is redelivered
        }
        LOG.info("RPC server {} stopped", target.routingKey());
    }

    @Override
    public void close() {
        stop();
    }

    /** Requests currently running or waiting for a worker. */
    public int inFlight() {
        return options.executorThreadPoolSize() - permits.availablePermits();
    }

    /** The largest number of worker threads that existed at once. */
    public int largestPoolSize() {
        return workers.getLargestPoolSize();
    }

    private void onMessage(IncomingMessage message) {
        message.holdUntilDone();
        try {
            if (!permits.tryAcquire()) {
                message.beforeWaiting(); // finished requests are acknowledged before the delivery thread waits
                permits.acquire(); // blocks the transport's delivery when all workers are busy
            }
        } catch (InterruptedException e) {
            message.done();
            Thread.currentThread().interrupt();
            LOG.warn("RPC server {} interrupted while waiting for a worker; the message is dropped",
                    target.routingKey());
            if (message.expectsReply()) {
                message.reply(new Reply(null, RemoteFailure.of(new MessagingException(
                        "server " + target.routingKey() + " is stopping")).toJson()));
            }
            return;
        }
        Dispatcher.Resolved resolved = null;
        try {
            resolved = dispatcher.resolve(message.body());
        } catch (RuntimeException e) {
            // handle() resolves again on a worker and reports the problem
        }
        Lane lane = resolved == null ? null : lanes.computeIfAbsent(resolved.method(), m -> new Lane());
        if (lane != null && lane.inline) {
            inlineRunning.incrementAndGet();
            INLINE_HERE.set(Boolean.TRUE);
            try {
                handle(message, resolved, lane, true);
            } finally {
                message.done();
                INLINE_HERE.remove();
                inlineRunning.decrementAndGet();
                permits.release();
            }
            return;
        }
        Dispatcher.Resolved r = resolved;
        try {
            workers.execute(() -> {
                try {
                    handle(message, r, lane, false);
                } finally {
                    message.done();
                    permits.release();
                }
            });
        } catch (RuntimeException rejected) {
            message.done();
            permits.release();
            LOG.error("RPC server {} could not run a request: {}", target.routingKey(), rejected.toString());
            if (message.expectsReply()) {
                message.reply(new Reply(null, RemoteFailure.of(rejected).toJson()));
            }
        }
    }

    /** Where one endpoint method runs: its record of recent run times. */
    private static final class Lane {
        volatile boolean inline;
        volatile boolean pinned; // to the pool, for good
        private int fastRuns; // guarded by this
        private int promoteAfter = PROMOTE_AFTER; // guarded by this; doubles with each overrun

        /** Records one run; true if this run moved the method back to the pool. */
        synchronized boolean ran(long nanos, boolean wasInline, boolean calledOut, long budgetNanos) {
            if (pinned) {
                return false;
            }
            if (calledOut) {
                pinned = true;
                inline = false;
                return wasInline;
            }
            if (wasInline) {
                if (nanos > budgetNanos && inline) {
                    inline = false;
                    fastRuns = 0;
                    promoteAfter = Math.min(MAX_PROMOTE_AFTER, promoteAfter * 2);
                    return true;
                }
                return false;
            }
            fastRuns = nanos <= budgetNanos / 2 ? fastRuns + 1 : 0;
            if (fastRuns >= promoteAfter && budgetNanos > 0) {
                inline = true;
            }
            return false;
        }

        synchronized int promoteAfter() {
            return promoteAfter;
        }
    }

    /** Notes that the request running on this thread (if any) made an RPC call (see {@link RpcClient#call}). */
    static void noteCallOut() {
        boolean[] mark = CALLED_OUT.get();
        if (mark != null) {
            mark[0] = true;
        }
    }

    private void handle(IncomingMessage message, Dispatcher.Resolved preResolved, Lane lane, boolean inline) {
        long start = System.nanoTime();
        boolean isCall = message.expectsReply();
        String type = isCall ? "call" : "cast";
        Map<String, Object> body = message.body();
        String rawMethod = Dispatcher.methodName(body);
        String methodTag = "unknown";
        String outcome;
        try {
            Dispatcher.Resolved resolved = preResolved != null ? preResolved : dispatcher.resolve(body);
            methodTag = resolved.method().name();
            RequestContext ctx = readContext(body);
            Object result;
            boolean[] calledOut = {false};
            CALLED_OUT.set(calledOut);
            long invoked = System.nanoTime();
            try {
                result = dispatcher.invoke(resolved, ctx);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                CALLED_OUT.remove();
                if (lane != null) {
                    noteRun(lane, resolved, System.nanoTime() - invoked, inline, calledOut[0]);
                }
            }
            outcome = "success";
            if (isCall) {
                message.reply(new Reply(result, null));
            }
        } catch (Throwable error) {
            Throwable cause = error;
            boolean expected = false;
            if (error instanceof ExpectedException ee) {
                cause = ee.getCause();
                expected = true;
            }
            outcome = outcomeOf(cause, expected);
            if (cause instanceof Error fatal && !(fatal instanceof StackOverflowError)) {
                LOG.error("RPC server {}: fatal error in {} {}", target.routingKey(), type, rawMethod, fatal);
            }
            report(cause, expected, isCall, rawMethod, body.get("namespace"));
            if (cause instanceof UnsupportedVersionException && unsupportedVersionHandler != null) {
                onRefused(body, rawMethod, isCall);
            }
            if (isCall) {
                String failure;
                try {
                    failure = RemoteFailure.of(cause).toJson();
                } catch (RuntimeException e) {
                    failure = RemoteFailure.of(new MessagingException("could not serialize the failure of "
                            + rawMethod + ": " + e.getMessage())).toJson();
                }
                message.reply(new Reply(null, failure));
            }
        }
        String m = methodTag;
        String o = outcome;
        timers.computeIfAbsent(new TimerKey(m, type, o), k -> Timer.builder("tandem.rpc.server.requests")
                .description("RPC requests handled by this server, by method, type and outcome")
                .tag("topic", target.topic()).tag("method", m).tag("type", type).tag("outcome", o)
                .register(meters)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @SuppressWarnings("unchecked")
    private void onRefused(Map<String, Object> body, String method, boolean isCall) {
        try {
            Object args = body.get("args");
            Object version = body.get("version");
            unsupportedVersionHandler.refused(readContext(body), method, version == null ? null : String.valueOf(version),
                    args instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), isCall);
        } catch (RuntimeException e) {
            LOG.error("RPC server {}: handling the refused {} failed: {}", target.routingKey(), method, e.toString(), e);
        }
    }

    /** The versions of the endpoints of {@code namespace} (null: none), for logs ({@code 3.40, 4.0}). */
    private String endpointVersions(Object namespace) {
        StringBuilder b = new StringBuilder("accepts ");
        for (Endpoint e : dispatcher.endpoints()) {
            if (Objects.equals(e.namespace(), namespace)) {
                b.append(b.length() > 8 ? ", " : "").append(e.version());
            }
        }
        return b.length() > 8 ? b.toString() : "no endpoint in namespace " + namespace;
    }

    private void noteRun(Lane lane, Dispatcher.Resolved resolved, long nanos, boolean inline, boolean calledOut) {
        boolean wasPinned = lane.pinned;
        boolean wasInline = lane.inline;
        boolean demoted = lane.ran(nanos, inline, calledOut, options.inlineBudget().toNanos());
        if (!wasPinned && lane.pinned) {
            LOG.info("RPC server {}: {} makes RPC calls; it runs on the worker pool from now on", target.routingKey(),
                    resolved.method().name());
        } else if (demoted) {
            LOG.info("RPC server {}: {} took {} ms on the delivery thread (budget {} ms); it runs on the worker pool "
                    + "until it has run fast {} times in a row there", target.routingKey(), resolved.method().name(),
                    nanos / 1_000_000, options.inlineBudget().toMillis(), lane.promoteAfter());
        } else if (!wasInline && lane.inline) {
            LOG.debug("RPC server {}: {} runs on the delivery thread", target.routingKey(), resolved.method().name());
        }
    }

    /** Cached timers (method names are those of the endpoints or "unknown", so the map stays small). */
    private final java.util.concurrent.ConcurrentHashMap<TimerKey, Timer> timers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A timer's tags; a record key, not a concatenation per request: the strings' cached hashes are combined. */
    private record TimerKey(String method, String type, String outcome) {
    }

    private RequestContext readContext(Map<String, Object> body) {
        Map<String, Object> dict = RequestContext.contextDict(body);
        try {
            return SerializerDefaults.readsContextFromItsDict(serializer) ? RequestContext.fromOwnDict(dict)
                    : serializer.deserializeContext(dict);
        } catch (IllegalArgumentException e) {
            throw new MalformedRpcMessageException("RPC message has an unreadable request context: " + e.getMessage());
        }
    }

    private static String outcomeOf(Throwable cause, boolean expected) {
        if (expected) {
            return "expected_error";
        }
        if (cause instanceof UnsupportedVersionException) {
            return "unsupported_version";
        }
        if (cause instanceof NoSuchRpcMethodException) {
            return "no_such_method";
        }
        if (cause instanceof MalformedRpcMessageException || cause instanceof InvalidRpcArgumentsException) {
            return "bad_request";
        }
        return "error";
    }

    private void report(Throwable cause, boolean expected, boolean isCall, String method, Object namespace) {
        if (expected) {
            LOG.debug("Expected exception during message handling of {}: {}", method, cause.toString());
            return;
        }
        if (cause instanceof UnsupportedVersionException) {
            if (isCall) {
                LOG.warn("RPC server {} refused a call: {}", target.routingKey(), cause.getMessage());
            } else {
                // The upgrade guide's Step 4 symptom, in its exact words: operators grep for it.
                LOG.error("Exception during message handling: {}", cause.getMessage());
            }
            LOG.warn("RPC server {} ({}) refused {} {}: the sender is not pinned to a version this service accepts. "
                    + "Set [upgrade_levels] on the services that send it (usually nova-api and nova-conductor) to this "
                    + "service's release, or auto, and reload them with SIGHUP", target.routingKey(),
                    endpointVersions(namespace), isCall ? "call" : "cast", method);
        } else if (isCall) {
            if (cause instanceof NoSuchRpcMethodException
                    || cause instanceof MalformedRpcMessageException || cause instanceof InvalidRpcArgumentsException) {
                LOG.warn("RPC server {} refused a call: {}", target.routingKey(), cause.getMessage());
            } else {
                LOG.error("Exception during message handling of {} on {}; the caller gets it as a failure",
                        method, target.routingKey(), cause);
            }
        } else {
            LOG.error("Exception during message handling of cast {} on {}: {} (nobody is told; fix the sender or the "
                    + "endpoint)", method, target.routingKey(), cause.getMessage(), cause);
        }
        Counter.builder("tandem.rpc.server.failures").tag("topic", target.topic())
                .tag("exception", cause.getClass().getSimpleName()).register(meters).increment();
    }

    /** Collects endpoints and settings. */
    public static final class Builder {
        private final Transport transport;
        private final Target target;
        private final List<Endpoint> endpoints = new ArrayList<>();
        private String serviceName;
        private Serializer serializer = Serializer.noOp();
        private RpcServerOptions options = RpcServerOptions.defaults();
        private MeterRegistry meters;
        private UnsupportedVersionHandler unsupportedVersionHandler;

        private Builder(Transport transport, Target target) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.target = target;
        }

        /** Adds an endpoint; dispatch tries endpoints in the order they were added. */
        public Builder endpoint(Endpoint endpoint) {
            endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** The name {@code baseapi.ping} reports (default: the topic). */
        public Builder serviceName(String name) {
            this.serviceName = name;
            return this;
        }

        public Builder serializer(Serializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        public Builder options(RpcServerOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** What to do after refusing a message for its version, besides logging it (default: nothing). */
        public Builder onUnsupportedVersion(UnsupportedVersionHandler handler) {
            this.unsupportedVersionHandler = handler;
            return this;
        }

        /** Where metrics go (default: Micrometer's global registry). */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        public RpcServer build() {
            if (endpoints.isEmpty() && !options.registerBaseApi()) {
                throw new IllegalStateException("RPC server " + target.routingKey() + " has no endpoints");
            }
            return new RpcServer(this);
        }
    }
}
