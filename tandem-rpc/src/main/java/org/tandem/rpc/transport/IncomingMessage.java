package org.tandem.rpc.transport;

import java.util.Map;

/** One received request, already taken out of its envelope and stripped of driver keys. */
public interface IncomingMessage {

    /**
     * The inner message dict: {@code method}, {@code args}, {@code namespace}, {@code version} and
     * the {@code _context_*} keys. Driver keys ({@code _msg_id}, {@code _reply_q},
     * {@code _unique_id}, {@code _timeout}) are removed.
     */
    Map<String, Object> body();

    /** True for a call, which must be answered exactly once with {@link #reply(Reply)}. */
    boolean expectsReply();

    /** Sends the reply of a call (ignored for casts). Never throws; failures to send are logged. */
    void reply(Reply reply);

    /**
     * Called by a handler that finishes the message after {@code onMessage} returns (on another
     * thread): the transport then forgets the message only at {@link #done()}. Without it, the message
     * is done when {@code onMessage} returns. A broker transport acknowledges the message when it is
     * done rather than on arrival, so a request whose server process dies while handling it is
     * delivered again to another server of the topic.
     */
    default void holdUntilDone() {
    }

    /** The handler has finished with a held message (handled it, or gave up on it). Idempotent. */
    default void done() {
    }

    /**
     * Called by a handler about to block the delivery thread (e.g. waiting for a free worker): the
     * transport sends now what it deferred (acknowledgements of requests already done).
     */
    default void beforeWaiting() {
    }
}
