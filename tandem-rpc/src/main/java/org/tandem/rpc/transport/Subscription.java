package org.tandem.rpc.transport;

/** A running consumer; closing it stops deliveries and leaves queued messages on the broker. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
