package org.tandem.rpc.transport;

import java.time.Duration;
import java.util.Map;
import org.tandem.rpc.MessagingTimeoutException;
import org.tandem.rpc.Target;

/**
 * A driver that carries oslo.messaging message dicts between processes (AMQP 0-9-1) or inside one
 * JVM ({@code memory://}). The RPC layer above builds the inner message dict ({@code method},
 * {@code args}, {@code namespace}, {@code version}, {@code _context_*}); the driver owns everything
 * on the wire: the {@code oslo.version} 2.0 envelope, {@code _msg_id}, {@code _reply_q},
 * {@code _unique_id} and duplicate suppression, queues, exchanges, reply routing and reconnection.
 *
 * <p>Implementations are thread-safe. Values in message maps are JSON-compatible: String, Number,
 * Boolean, null, {@code Map<String, ?>} and {@code List<?>}.
 */
public interface Transport extends AutoCloseable {

    /** Sends a one-way message (cast, or fanout cast when {@code target.fanout()}). */
    void cast(Target target, Map<String, Object> message);

    /**
     * Sends a request and blocks until its reply arrives.
     *
     * @throws MessagingTimeoutException when no final reply arrives within {@code timeout}
     * @throws org.tandem.rpc.MessagingException when the message cannot be sent (broker down, too large)
     */
    Reply call(Target target, Map<String, Object> message, Duration timeout);

    /**
     * Starts consuming what is sent to a server with {@code target.topic()} and
     * {@code target.server()}: the shared topic queue, the directed {@code topic.server} queue and
     * the fanout queue. The handler runs on a transport thread; it may block, which holds back
     * further deliveries to this subscription (that is how a bounded worker pool applies
     * back-pressure).
     */
    Subscription listen(Target target, IncomingHandler handler);

    /** Closes connections and subscriptions; in-flight calls fail with a MessagingException. */
    @Override
    void close();
}
