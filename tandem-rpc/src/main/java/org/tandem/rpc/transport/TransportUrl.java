package org.tandem.rpc.transport;

import java.util.List;
import java.util.Map;

/**
 * A parsed oslo {@code transport_url}: {@code scheme://user:pass@host1:port1,user:pass@host2:port2/vhost?k=v}.
 * Parsing ({@link TransportUrls#parse(String)}) lives with the transports.
 *
 * @param scheme {@code rabbit}, {@code amqp} or {@code memory}
 * @param hosts one entry per broker host, in failover order (empty for {@code memory://})
 * @param virtualHost decoded virtual host ({@code "/"} when the URL has none); for {@code memory://name}, the name
 * @param query decoded query parameters
 */
public record TransportUrl(String scheme, List<Host> hosts, String virtualHost, Map<String, String> query) {

    /** One broker address with its credentials (percent-decoded). */
    public record Host(String username, String password, String hostname, int port) {
        @Override
        public String toString() {
            return (username == null ? "" : username + ":****@") + hostname + ":" + port;
        }
    }
}
