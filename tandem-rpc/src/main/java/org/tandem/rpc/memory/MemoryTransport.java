package org.tandem.rpc.memory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.MessagingException;
import org.tandem.rpc.MessagingTimeoutException;
import org.tandem.rpc.RemoteFailure;
import org.tandem.rpc.Target;
import org.tandem.rpc.internal.Envelope;
import org.tandem.rpc.internal.WithKeys;
import org.tandem.rpc.internal.Json;
import org.tandem.rpc.transport.IncomingHandler;
import org.tandem.rpc.transport.IncomingMessage;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;

/**
 * The in-JVM transport {@code memory://name}: transports opened with the same name share a broker.
 * It behaves as the rabbit driver does: a server consumes the shared queue {@code topic}
 * (round-robin among servers), its directed queue {@code topic.server} and its own fanout queue;
 * shared and directed queues keep messages while no server consumes them; calls wait for one reply
 * on this transport's reply queue; duplicate {@code _unique_id}s are dropped. Every message and
 * reply goes through the oslo 2.0 envelope as the JSON bytes the AMQP transport would publish
 * (carried as they are, not converted to text and back), so only JSON-compatible values pass and
 * {@link TransportOptions#maxMessageBytes()} applies.
 */
public final class MemoryTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryTransport.class);
    private static final int DEDUP_WINDOW = 16;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final MemoryBroker broker;
    private final TransportOptions options;
    private final String replyQueue = "reply_" + hex();
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final List<MemorySubscription> subscriptions = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    MemoryTransport(String name, TransportOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.broker = MemoryBroker.acquire(name == null || name.isEmpty() || "/".equals(name) ? "default" : name);
        broker.registerReplyQueue(replyQueue, this::onReply);
    }

    /** Opens {@code memory://name} with these options. */
    public static MemoryTransport open(String name, TransportOptions options) {
        return new MemoryTransport(name, options);
    }

    /** The broker name this transport is attached to. */
    public String brokerName() {
        return broker.name();
    }

    /** Messages waiting (not yet delivered) on the shared or directed queue of {@code target}. */
    public int queueDepth(Target target) {
        return broker.depth(queueName(target));
    }

    private static String hex() {
        return org.tandem.rpc.internal.Ids.hex();
    }

    private String exchange(Target target) {
        return target.exchange() == null ? options.controlExchange() : target.exchange();
    }

    private String queueName(Target target) {
        return exchange(target) + "/" + target.routingKey();
    }

    private void checkOpen() {
        if (closed) {
            throw new MessagingException("memory transport " + broker.name() + " is closed");
        }
    }

    private byte[] encode(Map<String, Object> inner, String what) {
        Json.checkJsonCompatible(inner, "$");
        byte[] json = Envelope.encode(inner);
        int bytes = json.length;
        if (bytes > options.maxMessageBytes()) {
            throw new MessagingException(what + " is " + bytes + " bytes, more than the maximum message size of "
                    + options.maxMessageBytes() + " bytes; send less data or raise the limit");
        }
        return json;
    }

    @Override
    public void cast(Target target, Map<String, Object> message) {
        checkOpen();
        Map<String, Object> inner = WithKeys.of(message, "_unique_id", hex());
        byte[] json = encode(inner, "cast " + message.get("method") + " to " + target.topic());
        if (target.fanout()) {
            int n = broker.publishFanout(target.topic(), json);
            LOG.debug("memory://{}: fanout {} to {} queues", broker.name(), message.get("method"), n);
        } else {
            broker.publish(queueName(target), json);
        }
    }

    @Override
    public Reply call(Target target, Map<String, Object> message, Duration timeout) {
        checkOpen();
        if (target.fanout()) {
            throw new MessagingException("a call cannot be sent to a fanout target: " + target);
        }
        String msgId = hex();
        Map<String, Object> inner = WithKeys.of(message, "_msg_id", msgId, "_reply_q", replyQueue, "_timeout", null,
                "_unique_id", hex());
        byte[] json = encode(inner, "call " + message.get("method") + " to " + target.routingKey());
        PendingCall call = new PendingCall();
        pending.put(msgId, call);
        try {
            broker.publish(queueName(target), json);
            return call.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MessagingTimeoutException(msgId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for a reply to message ID " + msgId, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof MessagingException me ? me
                    : new MessagingException("call " + msgId + " failed: " + cause, cause);
        } finally {
            pending.remove(msgId);
        }
    }

    private void onReply(byte[] json) {
        Map<String, Object> reply;
        try {
            reply = Envelope.unwrap(json);
        } catch (MessagingException e) {
            LOG.warn("memory://{}: unreadable reply dropped: {}", broker.name(), e.getMessage());
            return;
        }
        Object id = reply.get("_msg_id");
        PendingCall call = id instanceof String s ? pending.get(s) : null;
        if (call == null) {
            LOG.info("memory://{}: reply for message ID {} arrived after its caller stopped waiting; dropped",
                    broker.name(), id);
            return;
        }
        call.accept(reply);
    }

    @Override
    public Subscription listen(Target target, IncomingHandler handler) {
        checkOpen();
        Objects.requireNonNull(target.topic(), "a server target needs a topic");
        Objects.requireNonNull(target.server(), "a server target needs a server name");
        MemorySubscription sub = new MemorySubscription(target, handler);
        subscriptions.add(sub);
        sub.start();
        return sub;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<MemorySubscription> subs;
        synchronized (subscriptions) {
            subs = new ArrayList<>(subscriptions);
        }
        subs.forEach(MemorySubscription::close);
        broker.unregisterReplyQueue(replyQueue);
        pending.values().forEach(c -> c.future.completeExceptionally(
                new MessagingException("memory transport " + broker.name() + " was closed while waiting for a reply")));
        broker.release();
    }

    /** A call waiting for its reply; accepts the single-message and the older two-message reply form. */
    private static final class PendingCall {
        final CompletableFuture<Reply> future = new CompletableFuture<>();
        private Object result;
        private String failure;

        synchronized void accept(Map<String, Object> reply) {
            if (reply.get("result") != null) {
                result = reply.get("result");
            }
            if (reply.get("failure") != null) {
                failure = String.valueOf(reply.get("failure"));
            }
            // Heartbeats carry ending=false; the older two-message form sends the result first
            // without "ending" and then an empty message with ending=true.
            if (Boolean.TRUE.equals(reply.get("ending"))) {
                future.complete(new Reply(failure == null ? result : null, failure));
            }
        }
    }

    private final class MemorySubscription implements Subscription {
        private final Target target;
        private final IncomingHandler handler;
        private final List<MemoryBroker.QueueConsumer> consumers = new ArrayList<>();
        private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();
        private MemoryBroker.Queue fanoutQueue;
        private boolean closed;

        MemorySubscription(Target target, IncomingHandler handler) {
            this.target = target;
            this.handler = handler;
        }

        void start() {
            String exchange = exchange(target);
            int id = SEQ.incrementAndGet();
            MemoryBroker.Queue shared = broker.declare(exchange + "/" + target.topic());
            MemoryBroker.Queue directed = broker.declare(exchange + "/" + target.topic() + "." + target.server());
            fanoutQueue = broker.declare("fanout/" + target.topic() + "_fanout_" + hex());
            broker.bindFanout(target.topic(), fanoutQueue);
            String prefix = "memory-" + broker.name() + "-" + target.topic() + "." + target.server() + "-" + id;
            consumers.add(new MemoryBroker.QueueConsumer(shared, this::deliver, prefix + "-shared"));
            consumers.add(new MemoryBroker.QueueConsumer(directed, this::deliver, prefix + "-directed"));
            consumers.add(new MemoryBroker.QueueConsumer(fanoutQueue, this::deliver, prefix + "-fanout"));
            consumers.forEach(MemoryBroker.QueueConsumer::start);
        }

        private boolean firstTime(Object uniqueId) {
            if (!(uniqueId instanceof String s)) {
                return true;
            }
            synchronized (recentIds) {
                if (recentIds.contains(s)) {
                    return false;
                }
                recentIds.add(s);
                if (recentIds.size() > DEDUP_WINDOW) {
                    recentIds.remove(recentIds.iterator().next());
                }
                return true;
            }
        }

        private void deliver(byte[] json) {
            Map<String, Object> inner;
            try {
                inner = Envelope.unwrap(json);
            } catch (MessagingException e) {
                LOG.error("memory://{}: unreadable message on {} dropped: {}", broker.name(), target.routingKey(),
                        e.getMessage());
                return;
            }
            if (!firstTime(inner.get("_unique_id"))) {
                LOG.info("memory://{}: duplicate message {} on {} skipped", broker.name(), inner.get("_unique_id"),
                        target.routingKey());
                return;
            }
            Object msgId = inner.remove("_msg_id");
            Object replyQ = inner.remove("_reply_q");
            inner.remove("_timeout");
            inner.remove("_unique_id");
            handler.onMessage(new Incoming(Collections.unmodifiableMap(inner),
                    msgId instanceof String m ? m : null, replyQ instanceof String q ? q : null));
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            consumers.forEach(MemoryBroker.QueueConsumer::stop);
            broker.unbindFanout(target.topic(), fanoutQueue);
            for (MemoryBroker.QueueConsumer c : consumers) {
                try {
                    c.join(TimeUnit.MINUTES.toMillis(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            subscriptions.remove(this);
        }
    }

    private final class Incoming implements IncomingMessage {
        private final Map<String, Object> body;
        private final String msgId;
        private final String replyQ;
        private boolean replied;

        Incoming(Map<String, Object> body, String msgId, String replyQ) {
            this.body = body;
            this.msgId = msgId;
            this.replyQ = replyQ;
        }

        @Override
        public Map<String, Object> body() {
            return body;
        }

        @Override
        public boolean expectsReply() {
            return msgId != null && replyQ != null;
        }

        @Override
        public synchronized void reply(Reply reply) {
            if (!expectsReply() || replied) {
                return;
            }
            replied = true;
            byte[] json;
            try {
                json = encode(replyDict(reply.result(), reply.failure()), "reply to message ID " + msgId);
            } catch (MessagingException e) {
                LOG.error("memory://{}: cannot send the reply to {}: {}; sending a failure instead", broker.name(),
                        msgId, e.getMessage());
                json = encode(replyDict(null, RemoteFailure.of(e).toJson()), "failure reply to " + msgId);
            }
            if (!broker.reply(replyQ, json)) {
                LOG.warn("memory://{}: reply queue {} of message ID {} is gone; reply dropped", broker.name(), replyQ,
                        msgId);
            }
        }

        private Map<String, Object> replyDict(Object result, String failure) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("result", result);
            d.put("failure", failure);
            d.put("ending", true);
            d.put("_msg_id", msgId);
            d.put("_unique_id", hex());
            return d;
        }
    }
}
