package org.tandem.rpc.memory;

import java.util.Set;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportFactory;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;

/** Opens {@code memory://name} transports; the URL's virtual host is the broker name. */
public final class MemoryTransportFactory implements TransportFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public Transport open(TransportUrl url, TransportOptions options) {
        return MemoryTransport.open(url.virtualHost(), options);
    }
}
