package org.tandem.rpc.transport;

import java.util.Set;

/**
 * Opens transports for URL schemes ({@code rabbit}, {@code amqp}, {@code memory}); found with
 * {@link java.util.ServiceLoader}.
 */
public interface TransportFactory {
    Set<String> schemes();

    Transport open(TransportUrl url, TransportOptions options);
}
