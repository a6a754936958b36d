package org.tandem.rpc.transport;

/** A running consumer; closing it stops deliveries and leaves queued messages on the broker. */
public interface Subscription extends AutoCloseable {
    /**
     * Stops taking new messages but lets those already received be handled and {@link
     * IncomingMessage#done() done}; {@link #close()} follows. The default closes at once.
     */
    default void stopConsuming() {
        close();
    }

    @Override
    void close();
}
