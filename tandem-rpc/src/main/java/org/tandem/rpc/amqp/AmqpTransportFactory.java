package org.tandem.rpc.amqp;

import java.util.Set;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportFactory;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;

/** Opens {@link AmqpTransport}s for {@code rabbit://} and {@code amqp://} URLs (ServiceLoader entry). */
public final class AmqpTransportFactory implements TransportFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("rabbit", "amqp");
    }

    @Override
    public Transport open(TransportUrl url, TransportOptions options) {
        return AmqpTransport.open(url, options);
    }
}
