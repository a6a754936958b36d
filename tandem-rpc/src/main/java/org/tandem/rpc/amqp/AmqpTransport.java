package org.tandem.rpc.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.MessagingException;
import org.tandem.rpc.MessagingTimeoutException;
import org.tandem.rpc.Target;
import org.tandem.rpc.amqp.internal.DuplicateFilter;
import org.tandem.rpc.internal.MalformedMessageException;
import org.tandem.rpc.transport.IncomingHandler;
import org.tandem.rpc.transport.IncomingMessage;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;
import org.tandem.rpc.transport.TransportUrls;

/**
 * AMQP 0-9-1 transport speaking oslo.messaging's rabbit driver format (nova-upgrade-facts §3.2-§3.4).
 *
 * <p>One connection per transport (failover across the URL's hosts in order, automatic recovery
 * of connection, channels, queues, bindings and consumers after a broker restart). Publishing
 * uses a pool of channels; each subscription has its own channel whose deliveries are handled
 * one at a time on a transport thread. Replies are read on the connection's own reader thread
 * (no thread hand-off between the socket and the waiting caller); requests are handed from there
 * to the subscription's delivery run. One reply queue {@code reply_<hex>} per transport,
 * reachable both through the default exchange (oslo.messaging 10+) and through a direct exchange
 * of the same name (oslo.messaging 1.x, Kilo).
 *
 * <p>Broker differences, decided from the server's {@code product} property: on RabbitMQ the
 * reply and fanout queues carry {@code x-expires} ({@code transientQueuesTtl}) and are not
 * auto-delete, exactly as oslo.messaging declares them, and a call's {@code expiration} is its
 * timeout in ms. On other brokers (Qpid Broker-J) those queues are auto-delete instead, the
 * same-name reply exchange is not declared (Qpid would then route default-exchange replies to the
 * exchange and drop them), an unlimited prefetch becomes {@value #NON_RABBIT_DEFAULT_PREFETCH} (Qpid's
 * delivery collapses without a credit limit), and {@code expiration} is sent as an absolute epoch-ms time, which is
 * how Qpid reads that property.
 *
 * <p>Unlike oslo.messaging, which acknowledges a request before its handler runs (at most once), a
 * request is acknowledged when its handler is done: a server killed mid-request leaves it to another
 * server of the topic. A redelivered request is acknowledged on arrival, so a request is run at
 * most twice (a connection drop can run one twice; guarded state changes make the second fail).
 * With {@code prefetch} N > 0 at most N requests are in this process at once (handled or
 * waiting); the rest stay on the broker. If the connection drops, calls waiting for a reply fail at
 * once with a {@link MessagingException}; publishing fails until the connection is back. Requests
 * are published mandatory: one no queue takes (a restarted broker before its servers re-declared
 * their queues) is sent again for a while, then fails its call naming the topic.
 */
public final class AmqpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpTransport.class);

    static final String CONTENT_TYPE = "application/json";
    static final String CONTENT_ENCODING = "utf-8";
    private static final String FAILURE_MODULE = "oslo_messaging.exceptions";
    private static final String ENVELOPE_MODULE = "oslo_messaging._drivers.common";

    /**
     * Prefetch used instead of "unlimited" on brokers other than RabbitMQ. Qpid Broker-J pushes every
     * queued message to a consumer without credit limit and then spends its I/O threads re-offering
     * an ever longer list of buffers to the socket: measured with {@code rpc-bench --broker qpid},
     * casts reached the server at ~1.5k/s unlimited and ~18k/s with 64.
     * History: 64 — first value (the RPC performance pass).
     */
    static final int NON_RABBIT_DEFAULT_PREFETCH = 64;

    private final TransportUrl url;
    private final TransportOptions options;
    private final ConnectionFactory factory;
    private final Connection connection;
    private final ExecutorService consumerThreads;
    private final boolean rabbitMq;
    private final String replyQueue;
    private final Channel replyChannel;
    private final DuplicateFilter replyDuplicates = new DuplicateFilter();
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Channel> publishChannels = new ConcurrentLinkedDeque<>();
    private final Set<String> declaredExchanges = ConcurrentHashMap.newKeySet();
    private final Set<AmqpSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Sends again requests the broker returned as unroutable (see {@link #onReturn}). */
    private final java.util.concurrent.ScheduledExecutorService resendTimer;

    private AmqpTransport(TransportUrl url, TransportOptions options) {
        this.url = url;
        this.options = options;
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "tandem-amqp-" + options.processName() + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // Each subscription's deliveries run in runs on these threads; a run's done deliveries are acknowledged
        // together when it ends (Acknowledger, AmqpSubscription.drain).
        this.consumerThreads = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), tf);
        this.resendTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-amqp-" + options.processName() + "-resend");
            t.setDaemon(true);
            return t;
        });
        this.factory = connectionFactory(url, options);
        // The client's consumer callbacks run on the connection's reader thread: the reply consumer completes the
        // waiting call there, a request consumer only queues the delivery for its subscription's run. Neither may
        // make a synchronous AMQP call (it would wait for a frame only this thread reads).
        factory.setSharedExecutor(new ReaderThreadExecutor());
        factory.setThreadFactory(tf);
        try {
            List<Address> addresses = new ArrayList<>();
            for (TransportUrl.Host h : url.hosts()) {
                addresses.add(new Address(h.hostname(), h.port()));
            }
            this.connection = factory.newConnection(addresses, options.processName());
        } catch (IOException | TimeoutException e) {
            consumerThreads.shutdownNow();
            throw new MessagingException("cannot connect to the AMQP broker at " + hostsText() + " (" + e
                    + "); check that the broker runs and that transport_url is right", e);
        }
        Object product = connection.getServerProperties().get("product");
        this.rabbitMq = product != null && product.toString().equals("RabbitMQ");
        this.replyQueue = "reply_" + hex();
        try {
            this.replyChannel = connection.createChannel();
            declareReplyQueue(replyChannel);
            replyChannel.basicConsume(replyQueue, true, consumerTag(), new ReplyConsumer(replyChannel));
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw new MessagingException("cannot declare the reply queue " + replyQueue + " on " + hostsText()
                    + ": " + reason(e), e);
        }
        connection.addShutdownListener(this::onConnectionLost);
        if (connection instanceof Recoverable r) {
            r.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recoverable) {
                    declaredExchanges.clear();
                    LOG.info("Reconnected to the AMQP broker at {}; reply queue {} and {} subscription(s) restored",
                            connection.getAddress() + ":" + connection.getPort(), replyQueue, subscriptions.size());
                }

                @Override
                public void handleRecoveryStarted(Recoverable recoverable) {
                    declaredExchanges.clear();
                    subscriptions.forEach(s -> s.acks.connectionRecovering());
                    LOG.info("Reconnecting to the AMQP broker at {}", hostsText());
                }
            });
        }
        LOG.info("Connected to {} {} at {}:{} (vhost {}), reply queue {}", product, connection.getServerProperties()
                .get("version"), connection.getAddress().getHostAddress(), connection.getPort(), url.virtualHost(),
                replyQueue);
    }

    /** Connects to the broker(s) of {@code url}. */
    public static AmqpTransport open(TransportUrl url, TransportOptions options) {
        if (!url.scheme().equals("rabbit") && !url.scheme().equals("amqp")) {
            throw new IllegalArgumentException("the AMQP transport handles rabbit:// and amqp:// URLs, not "
                    + url.scheme() + "://");
        }
        return new AmqpTransport(url, options);
    }

    /** Parses {@code transportUrl} and connects. */
    public static AmqpTransport open(String transportUrl, TransportOptions options) {
        return open(TransportUrls.parse(transportUrl), options);
    }

    private static ConnectionFactory connectionFactory(TransportUrl url, TransportOptions options) {
        ConnectionFactory f = new ConnectionFactory();
        TransportUrl.Host first = url.hosts().get(0);
        // One ConnectionFactory carries one set of credentials: the first host's (oslo clusters share them).
        f.setUsername(first.username() == null || first.username().isEmpty() ? "guest" : first.username());
        f.setPassword(first.password() == null || first.password().isEmpty() ? "guest" : first.password());
        f.setVirtualHost(url.virtualHost());
        f.setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        f.setHandshakeTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        f.setRequestedHeartbeat(60);
        f.setAutomaticRecoveryEnabled(true);
        f.setTopologyRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(1000);
        Map<String, Object> props = new HashMap<>(f.getClientProperties());
        props.put("connection_name", options.processName());
        f.setClientProperties(props);
        return f;
    }

    /**
     * The {@code basic.qos} prefetch used by request consumers: the configured one, except that an
     * unlimited prefetch (0, oslo's default) becomes {@link #NON_RABBIT_DEFAULT_PREFETCH} on brokers
     * other than RabbitMQ.
     */
    int effectivePrefetch() {
        return options.prefetch() > 0 || rabbitMq ? options.prefetch() : NON_RABBIT_DEFAULT_PREFETCH;
    }

    /** The name of this transport's reply queue ({@code reply_<hex>}). */
    public String replyQueue() {
        return replyQueue;
    }

    /** True when connected to RabbitMQ (RabbitMQ-only queue arguments are sent). */
    public boolean isRabbitMq() {
        return rabbitMq;
    }

    // ------------------------------------------------------------------ sending

    @Override
    public void cast(Target target, Map<String, Object> message) {
        ensureOpen("cast to " + describe(target));
        Map<String, Object> msg = org.tandem.rpc.internal.WithKeys.of(message, "_unique_id", hex());
        byte[] body = encode(msg, target);
        publishRequest(target, body, null);
        LOG.debug("CAST unique_id {} to {}", msg.get("_unique_id"), describe(target));
    }

    @Override
    public Reply call(Target target, Map<String, Object> message, Duration timeout) {
        ensureOpen("call " + describe(target));
        if (target.fanout()) {
            throw new IllegalArgumentException("a fanout target cannot be called, only cast to: " + describe(target));
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("call timeout must be positive, got " + timeout);
        }
        String msgId = hex();
        Map<String, Object> msg = org.tandem.rpc.internal.WithKeys.of(message, "_msg_id", msgId, "_reply_q", replyQueue,
                "_timeout", null, "_unique_id", hex());
        byte[] body = encode(msg, target);
        PendingCall call = new PendingCall(msgId);
        pending.put(msgId, call);
        try {
            publishRequest(target, body, expiration(timeout));
            LOG.debug("CALL msg_id {} to {}", msgId, describe(target));
            return call.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MessagingTimeoutException(msgId);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MessagingException me) {
                throw new MessagingException(me.getMessage(), me);
            }
            throw new MessagingException("call " + msgId + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for the reply to message ID " + msgId, e);
        } finally {
            pending.remove(msgId);
        }
    }

    /**
     * The call's per-message TTL. RabbitMQ (and oslo.messaging) read {@code expiration} as a relative
     * number of milliseconds; Qpid Broker-J reads it as an absolute epoch-millisecond time.
     */
    private String expiration(Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return Long.toString(rabbitMq ? ms : System.currentTimeMillis() + ms);
    }

    private byte[] encode(Map<String, Object> msg, Target target) {
        byte[] body = org.tandem.rpc.internal.Envelope.encode(msg);
        int limit = options.maxMessageBytes();
        if (limit > 0 && body.length > limit) {
            throw new MessagingException("message to " + describe(target) + " is " + body.length
                    + " bytes, larger than the limit of " + limit + " bytes (max message size); send less data or "
                    + "raise the limit on every service");
        }
        return body;
    }

    private void publishRequest(Target target, byte[] body, String expiration) {
        if (target.topic() == null || target.topic().isEmpty()) {
            throw new IllegalArgumentException("target has no topic: " + target);
        }
        AMQP.BasicProperties props = properties(expiration);
        if (target.fanout()) {
            String exchange = target.topic() + "_fanout";
            publish(ch -> {
                // Not cached: the broker deletes an auto-delete fanout exchange with its last queue.
                ch.exchangeDeclare(exchange, "fanout", false, true, null);
                ch.basicPublish(exchange, "", false, props, body);
            }, "fanout exchange " + exchange);
        } else {
            String exchange = exchangeOf(target);
            String key = target.routingKey();
            publishMandatory(exchange, key, props, body);
        }
    }

    private void publishMandatory(String exchange, String key, AMQP.BasicProperties props, byte[] body) {
        publish(ch -> {
            declareExchangeOnce(ch, exchange, "topic", options.durableQueues(), false);
            // mandatory: a request no queue takes comes back (onReturn) instead of vanishing
            ch.basicPublish(exchange, key, true, props, body);
        }, "exchange " + exchange + " routing key " + key);
    }

    /**
     * A consumer tag unique in this process. The client's connection recovery keeps consumers by tag
     * across all channels, and Qpid Broker-J numbers the tags it makes up per channel ({@code sgen_1}
     * on each), so with broker-made tags one consumer's record replaced another's and, after a broker
     * restart, the reply consumer was not restored: every call then timed out.
     */
    private static String consumerTag() {
        return "tandem-" + hex();
    }

    /** How many times an unroutable request is sent again, {@link #RESEND_DELAY_MS} apart. */
    static final int RESEND_ATTEMPTS = 60;
    static final long RESEND_DELAY_MS = 250;
    private static final String RESEND_HEADER = "x-tandem-unroutable-resends";

    /**
     * The broker returned a message no queue took. A reply: its caller gave up or went away, so it is
     * dropped. A request to a topic exchange: its servers' queues are not there (yet), which is what a
     * broker that just restarted looks like until the consumers have declared their queues again, so
     * it is sent again every {@value #RESEND_DELAY_MS} ms for up to {@value #RESEND_ATTEMPTS} times;
     * after that it is dropped and a call waiting for it fails at once, naming the topic, instead of
     * running into its timeout.
     */
    private void onReturn(com.rabbitmq.client.Return r) {
        String exchange = r.getExchange();
        if (exchange.isEmpty() || exchange.equals(replyQueue) || exchange.startsWith("reply_")) {
            LOG.info("Broker returned an unroutable message to {} key {} ({} {}): nobody consumes there any more "
                    + "(the caller timed out or went away); dropped", exchange.isEmpty() ? "the default exchange"
                    : exchange, r.getRoutingKey(), r.getReplyCode(), r.getReplyText());
            return;
        }
        Map<String, Object> headers = new HashMap<>(r.getProperties().getHeaders() == null ? Map.of()
                : r.getProperties().getHeaders());
        int resends = headers.get(RESEND_HEADER) instanceof Number n ? n.intValue() : 0;
        if (resends < RESEND_ATTEMPTS && !closed.get()) {
            if (resends == 0) {
                LOG.info("No queue takes messages to exchange {} key {} yet (a restarted broker has them back once "
                        + "the servers of that topic reconnect); sending again every {} ms for up to {} s", exchange,
                        r.getRoutingKey(), RESEND_DELAY_MS, RESEND_ATTEMPTS * RESEND_DELAY_MS / 1000);
            }
            headers.put(RESEND_HEADER, resends + 1);
            AMQP.BasicProperties props = r.getProperties().builder().headers(headers).build();
            try {
                resendTimer.schedule(() -> {
                    try {
                        publishMandatory(exchange, r.getRoutingKey(), props, r.getBody());
                    } catch (MessagingException e) {
                        LOG.warn("Could not send again a message to exchange {} key {}: {}", exchange,
                                r.getRoutingKey(), e.getMessage());
                        failCallOf(r.getBody(), e);
                    }
                }, RESEND_DELAY_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the transport is closing: drop it below
            }
        }
        String why = "no queue takes messages to exchange " + exchange + " with routing key " + r.getRoutingKey()
                + " (after " + resends + " attempts " + RESEND_DELAY_MS + " ms apart): is a service of topic "
                + r.getRoutingKey().split("\\.", 2)[0] + " running on this broker and virtual host?";
        LOG.warn("Dropped a message: {}", why);
        failCallOf(r.getBody(), new MessagingException(why));
    }

    /** Fails the call waiting for the reply to request {@code body}, if it is a call still waiting. */
    private void failCallOf(byte[] body, MessagingException cause) {
        try {
            Object msgId = org.tandem.rpc.internal.Envelope.decode(body).get("_msg_id");
            PendingCall call = msgId instanceof String id ? pending.get(id) : null;
            if (call != null) {
                call.future.completeExceptionally(cause);
            }
        } catch (MalformedMessageException | RuntimeException e) {
            LOG.debug("Returned message not readable: {}", e.toString());
        }
    }

    /** The properties of every message without an expiration (casts and replies); immutable. */
    private static final AMQP.BasicProperties NO_EXPIRATION = propertiesWith(null);

    private static AMQP.BasicProperties properties(String expiration) {
        return expiration == null ? NO_EXPIRATION : propertiesWith(expiration);
    }

    private static AMQP.BasicProperties propertiesWith(String expiration) {
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .contentEncoding(CONTENT_ENCODING)
                .deliveryMode(2)
                .priority(0)
                .headers(Map.of())
                .expiration(expiration)
                .build();
    }

    private void declareExchangeOnce(Channel ch, String exchange, String type, boolean durable, boolean autoDelete)
            throws IOException {
        if (!declaredExchanges.contains(exchange)) {
            ch.exchangeDeclare(exchange, type, durable, autoDelete, null);
            declaredExchanges.add(exchange);
        }
    }

    @FunctionalInterface
    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    private void publish(ChannelAction action, String where) {
        Channel ch = publishChannels.pollFirst();
        try {
            if (ch == null || !ch.isOpen()) {
                ch = connection.createChannel();
                if (ch == null) {
                    throw new MessagingException("the AMQP broker at " + hostsText() + " has no free channel");
                }
                ch.addReturnListener(this::onReturn);
                ch.addShutdownListener(cause -> {
                    if (!cause.isInitiatedByApplication() && !cause.isHardError()) {
                        // a channel error, e.g. 404 for an exchange a restarted broker no longer has: declare them again
                        declaredExchanges.clear();
                        LOG.warn("The broker closed a publishing channel: {}; exchanges are declared again before "
                                + "the next messages", cause.getMessage());
                    }
                });
            }
            action.run(ch);
            publishChannels.addFirst(ch);
        } catch (IOException | AlreadyClosedException e) {
            Channel broken = ch;
            if (broken != null && broken.isOpen()) {
                publishChannels.addFirst(broken);
            }
            if (closed.get()) {
                throw new MessagingException("transport is closed; cannot publish to " + where, e);
            }
            throw new MessagingException("cannot publish to " + where + " on the AMQP broker at " + hostsText()
                    + " (" + reason(e) + "); the broker refused it, or is unreachable or restarting", e);
        }
    }

    private String exchangeOf(Target target) {
        return target.exchange() == null || target.exchange().isEmpty() ? options.controlExchange()
                : target.exchange();
    }

    // ------------------------------------------------------------------ replies (caller side)

    private void declareReplyQueue(Channel ch) throws IOException {
        ch.queueDeclare(replyQueue, false, false, !rabbitMq, transientQueueArguments());
        if (rabbitMq) {
            // Kilo-era oslo.messaging publishes replies to a direct exchange named after the reply queue.
            // Not on Qpid Broker-J: there an exchange with the queue's name captures the default
            // exchange's routing key and every modern reply comes back "312 No route".
            ch.exchangeDeclare(replyQueue, "direct", false, true, null);
            ch.queueBind(replyQueue, replyQueue, replyQueue);
        }
    }

    private Map<String, Object> transientQueueArguments() {
        if (!rabbitMq || options.transientQueuesTtl() == null || options.transientQueuesTtl().isZero()) {
            return null;
        }
        return Map.of("x-expires", (int) Math.min(Integer.MAX_VALUE, options.transientQueuesTtl().toMillis()));
    }

    private final class ReplyConsumer extends DefaultConsumer {
        ReplyConsumer(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            try {
                onReply(body);
            } catch (RuntimeException e) {
                LOG.warn("Dropped a reply on {}: {}", replyQueue, e.toString(), e);
            }
        }

        @Override
        public void handleCancel(String consumerTag) {
            if (closed.get()) {
                return;
            }
            LOG.warn("The broker cancelled the consumer of reply queue {} (queue deleted?); replies to pending "
                    + "calls will not arrive until it is recovered", replyQueue);
        }
    }

    private void onReply(byte[] body) {
        int limit = options.maxMessageBytes();
        if (limit > 0 && body.length > limit) {
            LOG.warn("Dropped a reply of {} bytes on {}: larger than the limit of {} bytes", body.length, replyQueue,
                    limit);
            return;
        }
        Map<String, Object> data;
        try {
            data = org.tandem.rpc.internal.Envelope.decode(body);
        } catch (MalformedMessageException e) {
            LOG.warn("Dropped a malformed reply on {}: {}", replyQueue, e.getMessage());
            return;
        }
        Object id = data.get("_msg_id");
        if (!(id instanceof String msgId)) {
            LOG.warn("Dropped a reply on {} without a _msg_id string (keys {})", replyQueue, data.keySet());
            return;
        }
        Object uniqueId = data.get("_unique_id");
        if (!replyDuplicates.firstTime(uniqueId instanceof String s ? s : null)) {
            LOG.info("Dropped a duplicate reply for msg_id {} (_unique_id {} seen before)", msgId, uniqueId);
            return;
        }
        PendingCall call = pending.get(msgId);
        if (call == null) {
            LOG.info("Dropped a reply for unknown msg_id {}: no call waits for it (it timed out, or the reply "
                    + "was meant for an earlier process using this queue)", msgId);
            return;
        }
        call.accept(data);
    }

    private static final class PendingCall {
        final String msgId;
        final CompletableFuture<Reply> future = new CompletableFuture<>();
        Object result;
        String failure;

        PendingCall(String msgId) {
            this.msgId = msgId;
        }

        synchronized void accept(Map<String, Object> data) {
            Object f = data.get("failure");
            Object r = data.get("result");
            if (f != null) {
                failure = f instanceof String s ? s : String.valueOf(f);
                result = null;
            } else if (r != null) {
                result = r;
                failure = null;
            }
            if (Boolean.TRUE.equals(data.get("ending"))) {
                future.complete(new Reply(result, failure));
            } else if (f == null && r == null) {
                LOG.debug("Call monitor heartbeat for msg_id {}", msgId);
            }
        }
    }

    private void onConnectionLost(ShutdownSignalException cause) {
        if (closed.get() || cause.isInitiatedByApplication()) {
            return;
        }
        // A restarted broker may have lost the exchanges: publish after reconnecting must declare them
        // again, or the broker drops those messages (and calls wait for their whole timeout).
        declaredExchanges.clear();
        String reason = cause.getReason() != null ? cause.getReason().protocolMethodName() + " "
                + cause.getMessage() : cause.getMessage();
        LOG.warn("Lost the connection to the AMQP broker at {} ({}); failing {} in-flight call(s), reconnecting",
                hostsText(), reason, pending.size());
        failPending("lost the connection to the AMQP broker at " + hostsText() + " while waiting for the reply ("
                + cause.getMessage() + "); the request may or may not have been processed; retry if it is safe");
    }

    private void failPending(String why) {
        for (PendingCall call : pending.values()) {
            call.future.completeExceptionally(new MessagingException("message ID " + call.msgId + ": " + why));
        }
    }

    // ------------------------------------------------------------------ receiving (server side)

    @Override
    public Subscription listen(Target target, IncomingHandler handler) {
        ensureOpen("listen on " + describe(target));
        if (target.topic() == null || target.topic().isEmpty()) {
            throw new IllegalArgumentException("cannot listen without a topic: " + target);
        }
        AmqpSubscription sub;
        try {
            sub = new AmqpSubscription(target, handler);
        } catch (IOException | ShutdownSignalException e) {
            throw new MessagingException("cannot set up consumers for " + describe(target) + " on " + hostsText()
                    + ": " + reason(e), e);
        }
        subscriptions.add(sub);
        return sub;
    }

    private final class AmqpSubscription implements Subscription {
        private final Target target;
        private final IncomingHandler handler;
        private final Channel channel;
        private final String fanoutQueue;
        private final DuplicateFilter duplicates = new DuplicateFilter();
        private final List<String> tags = new ArrayList<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean channelClosed = new AtomicBoolean();
        /** Deliveries between arrival and hand-off to the handler; stopConsuming() waits for them. */
        private final java.util.concurrent.atomic.AtomicInteger delivering =
                new java.util.concurrent.atomic.AtomicInteger();
        private final ThreadLocal<Boolean> deliveryThread = new ThreadLocal<>();
        /** Acknowledges this channel's deliveries when done, a run of them in one frame. */
        final Acknowledger acks;
        /** Deliveries read and not yet handled, in arrival order. */
        private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> inbox =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** True while a delivery run is scheduled or running (at most one at a time). */
        private final AtomicBoolean running = new AtomicBoolean();

        AmqpSubscription(Target target, IncomingHandler handler) throws IOException {
            this.target = target;
            this.handler = handler;
            this.fanoutQueue = target.topic() + "_fanout_" + hex();
            this.channel = connection.createChannel();
            Channel ch = this.channel;
            this.acks = Acknowledger.forPrefetch(ch::basicAck, effectivePrefetch());
            try {
                declareAndConsume(target);
            } catch (IOException | RuntimeException e) {
                try {
                    if (channel.isOpen()) {
                        channel.close();
                    }
                } catch (IOException | TimeoutException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        /** Queues a delivery (on the reader thread) and starts a delivery run if none is going. */
        void submit(Runnable delivery) {
            inbox.add(delivery);
            startRun();
        }

        private void startRun() {
            if (running.compareAndSet(false, true)) {
                try {
                    consumerThreads.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // the transport is closing: what is not acknowledged goes back to the queue with the channel
                    running.set(false);
                }
            }
        }

        /**
         * One delivery run: handles what has arrived, in order, on this thread; its done deliveries are
         * acknowledged together when it ends ({@link Acknowledger}). A run ends when nothing more has
         * arrived or after {@value #RUN_LIMIT} deliveries (then another run goes on).
         */
        private void drain() {
            Acknowledger.beginRun();
            try {
                for (int i = 0; i < RUN_LIMIT; i++) {
                    Runnable next = inbox.poll();
                    if (next == null) {
                        break;
                    }
                    next.run();
                }
            } finally {
                Acknowledger.endRun();
                running.set(false);
                if (!inbox.isEmpty()) {
                    startRun();
                }
            }
        }

        private void declareAndConsume(Target target) throws IOException {
            int prefetch = effectivePrefetch();
            if (prefetch > 0) {
                channel.basicQos(prefetch);
            }
            String exchange = exchangeOf(target);
            String topic = target.topic();
            boolean durable = options.durableQueues();
            channel.exchangeDeclare(exchange, "topic", durable, false, null);
            List<String> queues = new ArrayList<>();
            channel.queueDeclare(topic, durable, false, false, null);
            channel.queueBind(topic, exchange, topic);
            queues.add(topic);
            if (target.server() != null && !target.server().isEmpty()) {
                String directed = topic + "." + target.server();
                channel.queueDeclare(directed, durable, false, false, null);
                channel.queueBind(directed, exchange, directed);
                queues.add(directed);
            }
            String fanoutExchange = topic + "_fanout";
            String fanoutQueue = this.fanoutQueue;
            channel.exchangeDeclare(fanoutExchange, "fanout", false, true, null);
            channel.queueDeclare(fanoutQueue, false, false, !rabbitMq, transientQueueArguments());
            channel.queueBind(fanoutQueue, fanoutExchange, topic);
            queues.add(fanoutQueue);
            for (String q : queues) {
                tags.add(channel.basicConsume(q, false, consumerTag(), new RequestConsumer(channel, q)));
            }
            LOG.info("Listening on exchange {} queues {}", exchange, queues);
        }

        private final class RequestConsumer extends DefaultConsumer {
            private final String queue;

            RequestConsumer(Channel channel, String queue) {
                super(channel);
                this.queue = queue;
            }

            /**
             * On the connection's reader thread: the body is decoded here (pure computation, so the reader
             * and the delivery thread work on consecutive requests at once), then queued for this
             * subscription's delivery run, which acts on it.
             */
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                Decoded decoded = decodeRequest(body);
                submit(() -> deliver(envelope, body, decoded));
            }

            /** On a delivery thread, in arrival order, one at a time per subscription. */
            private void deliver(Envelope envelope, byte[] body, Decoded decoded) {
                delivering.incrementAndGet();
                deliveryThread.set(Boolean.TRUE);
                try {
                    if (stopped.get()) {
                        // arrived after stopping began (the broker had sent it before the cancel): hand it
                        // back so the next consumer of the queue, e.g. this service restarted, runs it
                        requeue(envelope.getDeliveryTag());
                        return;
                    }
                    Delivery delivery = new Delivery(acks, acks.arrived(envelope.getDeliveryTag()), queue);
                    if (envelope.isRedeliver()) {
                        // A second delivery (its first server died or lost its connection before finishing):
                        // acknowledged now, so a request that kills its server cannot go round forever.
                        delivery.ackNow();
                    }
                    try {
                        onRequest(queue, body, decoded, delivery);
                    } catch (RuntimeException e) {
                        delivery.ack();
                        LOG.error("Unexpected error while handling a message from queue {}: {}; continuing", queue,
                                e, e);
                    }
                } finally {
                    deliveryThread.remove();
                    delivering.decrementAndGet();
                }
            }

            private void requeue(long deliveryTag) {
                try {
                    getChannel().basicReject(deliveryTag, true);
                } catch (IOException | AlreadyClosedException e) {
                    // closing the channel returns every unacknowledged message to the queue anyway
                    LOG.debug("Could not requeue a message on {} while stopping: {}", queue, e.toString());
                }
            }

            @Override
            public void handleCancel(String consumerTag) {
                LOG.warn("The broker cancelled the consumer of queue {} (queue deleted?); it resumes after the "
                        + "connection recovers, or restart the service", queue);
            }
        }

        /** Hands one decoded request to the handler, which acknowledges it when done; else acknowledges here. */
        private void onRequest(String queue, byte[] body, Decoded decoded, Delivery delivery) {
            AmqpIncoming handedOff = null;
            try {
                handedOff = handOff(queue, body, decoded, delivery);
            } finally {
                if (handedOff == null) {
                    delivery.ack();
                }
            }
        }

        /** What the reader thread made of a request's body: the message, or why there is none. */
        private record Decoded(Map<String, Object> message, MalformedMessageException malformed,
                RuntimeException failure) {
        }

        /** Decodes a request body; null when it is over the size limit (nothing is read). */
        private Decoded decodeRequest(byte[] body) {
            int limit = options.maxMessageBytes();
            if (limit > 0 && body.length > limit) {
                return null;
            }
            try {
                return new Decoded(org.tandem.rpc.internal.Envelope.decode(body), null, null);
            } catch (MalformedMessageException e) {
                return new Decoded(null, e, null);
            } catch (RuntimeException e) {
                return new Decoded(null, null, e); // thrown on the delivery thread, as if it had decoded it
            }
        }

        private AmqpIncoming handOff(String queue, byte[] body, Decoded decoded, Delivery delivery) {
            if (decoded == null) {
                LOG.warn("Dropped a message of {} bytes from queue {}: larger than the limit of {} bytes "
                        + "(max message size); the sender must send less data", body.length, queue,
                        options.maxMessageBytes());
                return null;
            }
            if (decoded.failure() != null) {
                throw decoded.failure();
            }
            Map<String, Object> msg = decoded.message();
            if (msg == null) {
                MalformedMessageException e = decoded.malformed();
                LOG.warn("Dropped a message from queue {}: {}", queue, e.getMessage());
                if (e.partial() != null) {
                    replyFailure(e.partial(), e.failureClass(), "UnsupportedRpcEnvelopeVersion"
                            .equals(e.failureClass()) ? ENVELOPE_MODULE : FAILURE_MODULE, e.getMessage());
                }
                return null;
            }
            Object uniqueId = msg.remove("_unique_id");
            if (!duplicates.firstTime(uniqueId instanceof String s ? s : null)) {
                LOG.info("Dropped a duplicate message from queue {} (_unique_id {} seen before)", queue, uniqueId);
                return null;
            }
            Object method = msg.get("method");
            if (!(method instanceof String m) || m.isEmpty()) {
                String why = "message has no 'method' string (keys " + msg.keySet() + ")";
                LOG.warn("Dropped a message from queue {}: {}", queue, why);
                replyFailure(msg, "MessagingException", FAILURE_MODULE, why);
                return null;
            }
            Object msgIdValue = msg.remove("_msg_id");
            Object replyQValue = msg.remove("_reply_q");
            msg.remove("_timeout");
            String msgId = msgIdValue instanceof String s ? s : null;
            String replyQ = replyQValue instanceof String s ? s : null;
            if (msgId != null && replyQ == null) {
                LOG.warn("Call {} from queue {} has no _reply_q: it will be processed but cannot be answered",
                        msgId, queue);
            }
            AmqpIncoming incoming = new AmqpIncoming(msg, msgId, replyQ, delivery);
            try {
                handler.onMessage(incoming);
            } catch (RuntimeException e) {
                LOG.error("Handler for {} failed on method {}: {}", describe(target), m, e, e);
                if (incoming.expectsReply() && !incoming.replied.get()) {
                    incoming.reply(new Reply(null, org.tandem.rpc.internal.Envelope.failure(
                            "MessagingException", FAILURE_MODULE, "server failed to handle " + m + ": " + e)));
                }
                incoming.done();
            }
            if (!incoming.held) {
                incoming.done();
            }
            return incoming;
        }

        private void replyFailure(Map<String, Object> partial, String cls, String module, String text) {
            Object id = partial.get("_msg_id");
            Object q = partial.get("_reply_q");
            if (id instanceof String msgId && q instanceof String replyQ) {
                sendReply(replyQ, msgId, new Reply(null, org.tandem.rpc.internal.Envelope.failure(cls, module,
                        text)));
            }
        }

        @Override
        public void stopConsuming() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            subscriptions.remove(this);
            try {
                if (channel.isOpen()) {
                    for (String tag : tags) {
                        channel.basicCancel(tag);
                    }
                    awaitDeliveriesHandedOff();
                    acks.flush(); // what delivery threads finished and deferred
                }
            } catch (IOException | AlreadyClosedException e) {
                LOG.debug("Stopping the subscription to {}: {}", describe(target), e.toString());
            }
            LOG.info("Stopped listening on {}", describe(target));
        }

        @Override
        public void close() {
            stopConsuming();
            if (!channelClosed.compareAndSet(false, true)) {
                return;
            }
            try {
                if (channel.isOpen()) {
                    acks.flush();
                    channel.queueDelete(fanoutQueue);
                    channel.close(); // whatever is still unacknowledged goes back to the queue
                }
            } catch (IOException | TimeoutException | AlreadyClosedException e) {
                LOG.debug("Closing the subscription to {}: {}", describe(target), e.toString());
            }
        }

        /**
         * Waits until every message received before stopping began has reached the handler (which
         * finishes and acknowledges it); bounded, and not waiting for itself when a handler running on a
         * delivery thread stops its own subscription.
         */
        private void awaitDeliveriesHandedOff() {
            int self = deliveryThread.get() != null ? 1 : 0;
            long deadline = System.nanoTime() + HAND_OFF_WAIT.toNanos();
            while (delivering.get() > self && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (delivering.get() > self) {
                LOG.warn("{}: a message was still being handed to the server {} after stopping began",
                        describe(target), HAND_OFF_WAIT);
            }
        }
    }

    /** The most deliveries one delivery run handles before it makes way for the next run. */
    static final int RUN_LIMIT = 256;

    /**
     * Runs the AMQP client's consumer callbacks on the thread that hands them over: the connection's
     * reader thread. The callbacks are the reply consumer's (complete a waiting call) and the request
     * consumers' (queue the delivery for the subscription's run), both short and without synchronous
     * AMQP calls.
     */
    private static final class ReaderThreadExecutor extends java.util.concurrent.AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** How long stopping a subscription waits for deliveries in progress to reach their handler. */
    private static final java.time.Duration HAND_OFF_WAIT = java.time.Duration.ofSeconds(30);

    /**
     * One request delivered and not yet acknowledged. Requests are acknowledged when their handler is
     * done, not on arrival (oslo.messaging acknowledges first): a server killed while handling one
     * leaves it unacknowledged, and the broker gives it to another server of the topic, so a kill -9 of
     * a conductor loses no build and no call waits for its timeout. A redelivered request is
     * acknowledged on arrival (at most two deliveries).
     */
    private static final class Delivery {
        private final Acknowledger acks;
        private final Acknowledger.Entry entry;
        private final String queue;

        Delivery(Acknowledger acks, Acknowledger.Entry entry, String queue) {
            this.acks = acks;
            this.entry = entry;
            this.queue = queue;
        }

        /** Done: acknowledged now, or with the rest of the delivery thread's run (see {@link Acknowledger}). */
        void ack() {
            try {
                acks.done(entry);
            } catch (IOException | AlreadyClosedException e) {
                warnNotAcked(e);
            }
        }

        /** Done, and acknowledged before this method returns. */
        void ackNow() {
            try {
                acks.doneNow(entry);
            } catch (IOException | AlreadyClosedException e) {
                warnNotAcked(e);
            }
        }

        private void warnNotAcked(Exception e) {
            // the channel closed (the broker went away): the broker delivers the message again
            LOG.warn("Could not acknowledge a message on {} ({}); the broker may deliver it again", queue,
                    e.toString());
        }
    }

    /** Acknowledgements sent after a run of deliveries could not be (the channel closed). */
    static void ackFailed(Exception e) {
        LOG.warn("Could not acknowledge messages ({}); the broker may deliver them again", e.toString());
    }

    private final class AmqpIncoming implements IncomingMessage {
        private final Map<String, Object> body;
        private final String msgId;
        private final String replyQ;
        final AtomicBoolean replied = new AtomicBoolean();
        private final Delivery delivery;

        AmqpIncoming(Map<String, Object> body, String msgId, String replyQ, Delivery delivery) {
            this.body = body;
            this.msgId = msgId;
            this.replyQ = replyQ;
            this.delivery = delivery;
        }

        volatile boolean held;

        @Override
        public void holdUntilDone() {
            held = true;
        }

        @Override
        public void done() {
            delivery.ack();
        }

        @Override
        public void beforeWaiting() {
            Acknowledger.flushDeferred();
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
        public void reply(Reply reply) {
            if (!expectsReply()) {
                return;
            }
            if (!replied.compareAndSet(false, true)) {
                LOG.warn("Second reply to msg_id {} ignored: a call is answered once", msgId);
                return;
            }
            sendReply(replyQ, msgId, reply);
        }
    }

    private void sendReply(String replyQ, String msgId, Reply reply) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("result", reply == null ? null : reply.result());
        msg.put("failure", reply == null ? null : reply.failure());
        msg.put("ending", true);
        msg.put("_msg_id", msgId);
        msg.put("_unique_id", hex());
        try {
            byte[] body;
            try {
                body = org.tandem.rpc.internal.Envelope.encode(msg);
            } catch (MessagingException e) {
                body = failureBody(msg, "reply could not be encoded: " + e.getMessage());
            }
            int limit = options.maxMessageBytes();
            if (limit > 0 && body.length > limit) {
                LOG.warn("Reply to msg_id {} is {} bytes, larger than the limit of {} bytes; sending a failure instead",
                        msgId, body.length, limit);
                body = failureBody(msg, "reply of " + body.length + " bytes exceeds the max message size of " + limit
                        + " bytes");
            }
            byte[] b = body;
            AMQP.BasicProperties props = properties(null);
            publish(ch -> ch.basicPublish("", replyQ, true, props, b), "reply queue " + replyQ);
        } catch (MessagingException e) {
            LOG.warn("Could not send the reply to msg_id {} to {}: {}", msgId, replyQ, e.getMessage());
        }
    }

    private static byte[] failureBody(Map<String, Object> msg, String text) {
        msg.put("result", null);
        msg.put("failure", org.tandem.rpc.internal.Envelope.failure("MessagingException", FAILURE_MODULE, text));
        return org.tandem.rpc.internal.Envelope.encode(msg);
    }

    // ------------------------------------------------------------------ lifecycle

    private void ensureOpen(String what) {
        if (closed.get()) {
            throw new MessagingException("cannot " + what + ": the transport to " + hostsText() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        failPending("the transport was closed before the reply arrived");
        resendTimer.shutdownNow();
        for (AmqpSubscription s : List.copyOf(subscriptions)) {
            s.close();
        }
        closeQuietly();
        LOG.info("Closed the AMQP transport to {}", hostsText());
    }

    private void closeQuietly() {
        try {
            if (connection.isOpen()) {
                try {
                    Channel ch = connection.createChannel();
                    ch.queueDelete(replyQueue);
                    if (rabbitMq) {
                        ch.exchangeDelete(replyQueue);
                    }
                    ch.close();
                } catch (IOException | TimeoutException | RuntimeException e) {
                    LOG.debug("Could not delete reply queue {}: {}", replyQueue, e.toString());
                }
            }
            connection.close(5000);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing the AMQP connection: {}", e.toString());
        } finally {
            consumerThreads.shutdownNow();
        }
    }

    private String hostsText() {
        StringBuilder sb = new StringBuilder();
        for (TransportUrl.Host h : url.hosts()) {
            sb.append(sb.length() == 0 ? "" : ",").append(h.hostname().contains(":") ? "[" + h.hostname() + "]"
                    : h.hostname()).append(':').append(h.port());
        }
        return sb.toString();
    }

    private String describe(Target t) {
        if (t.fanout()) {
            return "fanout topic " + t.topic();
        }
        return "exchange " + exchangeOf(t) + " topic " + t.topic() + (t.server() == null ? "" : " server "
                + t.server());
    }

    /** The broker's own words (e.g. "406 PRECONDITION_FAILED - inequivalent arg ...") when there are some. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException sse && sse.getReason() != null) {
                com.rabbitmq.client.Method m = sse.getReason();
                if (m instanceof AMQP.Channel.Close c) {
                    return c.getReplyCode() + " " + c.getReplyText();
                }
                if (m instanceof AMQP.Connection.Close c) {
                    return c.getReplyCode() + " " + c.getReplyText();
                }
                return sse.getMessage();
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    static String hex() {
        return org.tandem.rpc.internal.Ids.hex();
    }
}
