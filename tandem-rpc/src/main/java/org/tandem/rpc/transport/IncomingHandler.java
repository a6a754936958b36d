package org.tandem.rpc.transport;

/** Receives requests from a {@link Transport} subscription. */
@FunctionalInterface
public interface IncomingHandler {
    void onMessage(IncomingMessage message);
}
