package org.tandem.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Transport;
import org.tandem.version.Version;

/**
 * Sends versioned calls and casts (oslo's RPCClient). Immutable: {@link #prepare} returns a new
 * client with a changed target, timeout or version cap.
 *
 * <pre>{@code
 * RpcClient compute = RpcClient.builder(transport, Target.topic("compute").withVersion(Version.of(4, 0)))
 *         .versionCap(Version.parse("3.35"))   // [upgrade_levels] compute=juno
 *         .build();
 * if (!compute.canSendVersion(Version.of(4, 0))) { ... fall back to 3.x ... }
 * Object out = compute.prepare(p -> p.server("host1").version("3.28"))
 *         .call(ctx, "get_console_output", RpcClient.args("instance", inst, "tail_length", 50));
 * }</pre>
 *
 * <p>The inner message is {@code method}, {@code args}, {@code namespace} and {@code version} only
 * when set, plus the {@code _context_*} keys; the transport adds its own keys.
 *
 * <p>Meters (in the registry given to the builder): {@code tandem.rpc.client.sends} counts the
 * messages handed to the transport by topic, namespace, method and version, and
 * {@code tandem.rpc.client.requests} times them by method, type and outcome. The first message of
 * each method and version a client sends is logged at INFO, so the log shows which versions a
 * service speaks (and when a new pin changes them).
 */
public final class RpcClient {
    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);
    private final Transport transport;
    private final Target target;
    private final Duration timeout;
    private final Version versionCap;
    private final Serializer serializer;
    private final RemoteExceptions remoteExceptions;
    private final Meters meters;

    private RpcClient(Transport transport, Target target, Duration timeout, Version versionCap, Serializer serializer,
            RemoteExceptions remoteExceptions, Meters meters) {
        this.transport = transport;
        this.target = target;
        this.timeout = timeout;
        this.versionCap = versionCap;
        this.serializer = serializer;
        this.remoteExceptions = remoteExceptions;
        this.meters = meters;
    }

    /** A builder with a default target (which needs a topic). */
    public static Builder builder(Transport transport, Target target) {
        return new Builder(transport, target);
    }

    /** Keyword arguments from alternating names and values (values may be null). */
    public static Map<String, Object> args(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("args(...) needs name/value pairs, got an odd count "
                    + namesAndValues.length);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("argument name at position " + i + " must be a String, got "
                        + namesAndValues[i]);
            }
            out.put(name, namesAndValues[i + 1]);
        }
        return out;
    }

    public Target target() {
        return target;
    }

    /** The call timeout ({@code rpc_response_timeout} unless prepared otherwise). */
    public Duration timeout() {
        return timeout;
    }

    /** The version cap, or null when uncapped. */
    public Version versionCap() {
        return versionCap;
    }

    /** The same client with another serializer (e.g. one that writes objects for an older receiver). */
    public RpcClient withSerializer(Serializer other) {
        return new RpcClient(transport, target, timeout, versionCap, java.util.Objects.requireNonNull(other, "serializer"),
                remoteExceptions, meters);
    }

    /** A client with overrides; unset properties are kept. */
    public RpcClient prepare(UnaryOperator<Prepare> overrides) {
        Prepare p = overrides.apply(new Prepare(target, timeout, versionCap));
        return new RpcClient(transport, p.target, p.timeout, p.versionCap, serializer, remoteExceptions, meters);
    }

    /**
     * True when this client may send {@code version}: uncapped, or same major as the cap and not
     * above it ({@link Version#canServe}); a null version is never sendable under a cap.
     */
    public boolean canSendVersion(Version version) {
        if (versionCap == null) {
            return true;
        }
        return version != null && versionCap.canServe(version);
    }

    /** {@link #canSendVersion(Version)} for the target's version. */
    public boolean canSendVersion() {
        return canSendVersion(target.version());
    }

    /** {@link #canSendVersion(Version)} with a {@code X.Y} string. */
    public boolean canSendVersion(String version) {
        return canSendVersion(Version.parse(version));
    }

    /**
     * Invokes {@code method} and waits for its result.
     *
     * @throws RpcVersionCapException when the target version exceeds the cap (nothing is sent)
     * @throws InvalidTargetException for a fanout target
     * @throws MessagingTimeoutException when no reply arrives within the timeout
     * @throws RemoteError or a rebuilt exception ({@link RemoteExceptions}) when the server failed
     */
    public Object call(RequestContext ctx, String method, Map<String, ?> kwargs) {
        if (target.fanout()) {
            throw new InvalidTargetException("A call cannot be used with fanout", target);
        }
        Map<String, Object> message = makeMessage(ctx, method, kwargs);
        checkVersionCap();
        meters.sent(target, method);
        RpcServer.noteCallOut(); // a handler that waits for replies must not run on a delivery thread
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Reply reply = transport.call(target, message, timeout);
            if (reply.isFailure()) {
                outcome = "remote_error";
                throw remoteExceptions.rebuild(RemoteFailure.parse(reply.failure()));
            }
            Object result = serializer.deserializeEntity(ctx, reply.result());
            outcome = "success";
            return result;
        } catch (MessagingTimeoutException e) {
            outcome = "timeout";
            throw e;
        } finally {
            record(method, "call", outcome, start);
        }
    }

    /** Sends {@code method} without waiting (to every server when the target is fanout). */
    public void cast(RequestContext ctx, String method, Map<String, ?> kwargs) {
        Map<String, Object> message = makeMessage(ctx, method, kwargs);
        checkVersionCap();
        meters.sent(target, method);
        RpcServer.noteCallOut(); // a handler that waits for replies must not run on a delivery thread
        long start = System.nanoTime();
        String outcome = "error";
        try {
            transport.cast(target, message);
            outcome = "success";
        } finally {
            record(method, target.fanout() ? "fanout" : "cast", outcome, start);
        }
    }

    private Map<String, Object> makeMessage(RequestContext ctx, String method, Map<String, ?> kwargs) {
        Objects.requireNonNull(ctx, "request context");
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("an RPC method name is required");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        if (kwargs != null) {
            kwargs.forEach((k, v) -> args.put(k, serializer.serializeEntity(ctx, v)));
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("method", method);
        msg.put("args", args);
        if (target.namespace() != null) {
            msg.put("namespace", target.namespace());
        }
        if (target.version() != null) {
            msg.put("version", target.version().toString());
        }
        if (SerializerDefaults.writesContextAsItsDict(serializer)) {
            // made once per context, and followed, not copied (the message is read-only from here)
            return org.tandem.rpc.internal.WithKeys.joined(msg, ctx.contextKeys());
        } else {
            serializer.serializeContext(ctx).forEach((k, v) -> msg.put(RequestContext.prefixed(k), v));
        }
        return msg;
    }

    private void checkVersionCap() {
        if (!canSendVersion()) {
            throw new RpcVersionCapException(target.version(), versionCap);
        }
    }

    private void record(String method, String type, String outcome, long start) {
        meters.timer(target, method, type, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /**
     * The meters of a built client, shared with every client prepared from it, so the meter caches
     * (registering on every call is a measurable share of a call) and the first-send log survive
     * {@link #prepare}.
     */
    private static final class Meters {
        private final MeterRegistry registry;
        private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<SendKey, Counter> sends = new ConcurrentHashMap<>();

        Meters(MeterRegistry registry) {
            this.registry = registry;
        }

        /** A timer's tags; a record key, not a concatenation: the strings' own (cached) hashes are combined. */
        private record TimerKey(String topic, String method, String type, String outcome) {
        }

        /** A send counter's tags. */
        private record SendKey(String topic, String namespace, String method, String version) {
        }

        Timer timer(Target target, String method, String type, String outcome) {
            String topic = String.valueOf(target.topic());
            return timers.computeIfAbsent(new TimerKey(topic, method, type, outcome),
                    k -> Timer.builder("tandem.rpc.client.requests")
                            .description("RPC requests sent by clients, by method, type and outcome")
                            .tag("topic", topic).tag("method", method).tag("type", type).tag("outcome", outcome)
                            .register(registry));
        }

        /** Counts one message of {@code method} handed to the transport; the first of each version is logged. */
        void sent(Target target, String method) {
            String topic = String.valueOf(target.topic());
            String namespace = target.namespace() == null ? "" : target.namespace();
            String version = target.version() == null ? "none" : target.version().toString();
            sends.computeIfAbsent(new SendKey(topic, namespace, method, version), k -> {
                LOG.info("Sending {} as RPC version {} (topic {}{}); counted in tandem_rpc_client_sends_total", method,
                        version, topic, namespace.isEmpty() ? "" : ", namespace " + namespace);
                return Counter.builder("tandem.rpc.client.sends")
                        .description("RPC messages sent, by topic, namespace, method and version")
                        .tags("topic", topic, "namespace", namespace, "method", method, "version", version)
                        .register(registry);
            }).increment();
        }
    }

    /** Overrides for {@link #prepare}; each setter replaces one property. */
    public static final class Prepare {
        private Target target;
        private Duration timeout;
        private Version versionCap;

        private Prepare(Target target, Duration timeout, Version versionCap) {
            this.target = target;
            this.timeout = timeout;
            this.versionCap = versionCap;
        }

        public Prepare exchange(String exchange) { target = target.withExchange(exchange); return this; }
        public Prepare topic(String topic) { target = target.withTopic(topic); return this; }
        public Prepare server(String server) { target = target.withServer(server); return this; }
        public Prepare fanout(boolean fanout) { target = target.withFanout(fanout); return this; }
        public Prepare namespace(String namespace) { target = target.withNamespace(namespace); return this; }
        public Prepare version(Version version) { target = target.withVersion(version); return this; }

        /** @throws org.tandem.version.InvalidVersionException when not {@code X.Y[.Z]} */
        public Prepare version(String version) { return version(Version.parse(version)); }

        public Prepare timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("call timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** A new cap; null removes it. */
        public Prepare versionCap(Version cap) { this.versionCap = cap; return this; }
    }

    /** Collects the client's defaults. */
    public static final class Builder {
        private final Transport transport;
        private final Target target;
        private Duration timeout = RpcOptions.RPC_RESPONSE_TIMEOUT;
        private Version versionCap;
        private Serializer serializer = Serializer.noOp();
        private RemoteExceptions remoteExceptions = RemoteExceptions.defaults();
        private MeterRegistry meters;

        private Builder(Transport transport, Target target) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.target = Objects.requireNonNull(target, "target");
            if (target.topic() == null || target.topic().isEmpty()) {
                throw new IllegalArgumentException("an RPC client's target needs a topic, got " + target);
            }
        }

        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("call timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The version cap ({@code [upgrade_levels]} resolved to a number); null means none. */
        public Builder versionCap(Version cap) {
            this.versionCap = cap;
            return this;
        }

        public Builder serializer(Serializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        /** The exceptions this client rebuilds from failures (others become RemoteError). */
        public Builder remoteExceptions(RemoteExceptions remoteExceptions) {
            this.remoteExceptions = Objects.requireNonNull(remoteExceptions, "remoteExceptions");
            return this;
        }

        /** Where the client's meters go (default: Micrometer's global registry). */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        public RpcClient build() {
            return new RpcClient(transport, target, timeout, versionCap, serializer, remoteExceptions,
                    new Meters(meters == null ? Metrics.globalRegistry : meters));
        }
    }
}
