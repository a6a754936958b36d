package org.tandem.rpc;

import java.util.Objects;
import org.tandem.version.Version;

/**
 * Where a message goes and what it claims to be, as oslo.messaging's Target: {@code exchange}
 * (null means the transport's control exchange), {@code topic}, {@code server} (directs to one
 * server's queue {@code topic.server}), {@code fanout}, {@code namespace} (null is the null
 * namespace) and {@code version}.
 */
public record Target(String exchange, String topic, String server, boolean fanout, String namespace, Version version) {

    public static Target topic(String topic) {
        return new Target(null, topic, null, false, null, null);
    }

    public Target withExchange(String exchange) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withServer(String server) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withFanout(boolean fanout) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withNamespace(String namespace) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withVersion(Version version) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withTopic(String topic) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    /** The routing key of a directed or shared message: {@code topic.server} or {@code topic}. */
    public String routingKey() {
        Objects.requireNonNull(topic, "target has no topic");
        return server == null ? topic : topic + "." + server;
    }
}
