package org.tandem.rpc.transport;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.tandem.rpc.MessagingException;

/** Opens a transport with the {@link TransportFactory} registered for the URL's scheme. */
public final class Transports {
    private Transports() {
    }

    /**
     * @throws MessagingException naming the known schemes when none serves {@code url.scheme()}
     */
    public static Transport open(TransportUrl url, TransportOptions options) {
        Map<String, TransportFactory> factories = factories();
        TransportFactory f = factories.get(url.scheme() == null ? "" : url.scheme().toLowerCase(java.util.Locale.ROOT));
        if (f == null) {
            throw new MessagingException("No transport for URL scheme '" + url.scheme() + "'; known schemes: "
                    + String.join(", ", factories.keySet())
                    + ". Check transport_url (e.g. rabbit://user:pass@host:5672/ or memory://name)");
        }
        return f.open(url, options);
    }

    /**
     * Parses {@code transportUrl} ({@link TransportUrls#parse}) and opens it.
     *
     * @throws IllegalArgumentException when the URL is malformed
     * @throws MessagingException when no transport serves its scheme
     */
    public static Transport open(String transportUrl, TransportOptions options) {
        if (transportUrl == null || transportUrl.isBlank()) {
            throw new MessagingException("transport_url is empty; set it to rabbit://user:pass@host:5672/ or"
                    + " memory://name");
        }
        return open(TransportUrls.parse(transportUrl), options);
    }

    /**
     * Opens {@code [DEFAULT] transport_url} with {@link TransportOptions#from(org.tandem.config.Config)}.
     *
     * @throws MessagingException when transport_url is unset or unusable
     */
    public static Transport open(org.tandem.config.Config config) {
        String url = config.get(org.tandem.config.CommonOptions.TRANSPORT_URL);
        if (url == null || url.isBlank()) {
            throw new MessagingException("[DEFAULT] transport_url is not set; set it to"
                    + " rabbit://user:pass@host:5672/ (or memory://name for a single process)");
        }
        return open(url, TransportOptions.from(config));
    }

    /** Registered factories by scheme, sorted. */
    public static Map<String, TransportFactory> factories() {
        Map<String, TransportFactory> out = new TreeMap<>();
        for (TransportFactory f : ServiceLoader.load(TransportFactory.class, Transports.class.getClassLoader())) {
            f.schemes().forEach(s -> out.putIfAbsent(s, f));
        }
        return out;
    }
}
