package org.tandem.rpc.transport;

import java.time.Duration;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;

/**
 * Driver settings taken from configuration.
 *
 * @param controlExchange default exchange for targets without one ({@code control_exchange}, Nova: {@code nova})
 * @param prefetch AMQP basic.qos per consumer ({@code rabbit_qos_prefetch_count}; 0 = unlimited)
 * @param maxMessageBytes largest accepted message body; larger ones are refused with a reason
 * @param transientQueuesTtl {@code rabbit_transient_queues_ttl}: x-expires on reply and fanout queues (RabbitMQ only)
 * @param durableQueues {@code amqp_durable_queues}
 * @param connectTimeout how long one connection attempt may take
 * @param processName used in queue names and connection names for operators
 */
public record TransportOptions(String controlExchange, int prefetch, int maxMessageBytes, Duration transientQueuesTtl,
        boolean durableQueues, Duration connectTimeout, String processName) {

    public static TransportOptions defaults() {
        return new TransportOptions("nova", 0, 4 * 1024 * 1024, Duration.ofSeconds(1800), false,
                Duration.ofSeconds(10), "tandem");
    }

    /**
     * Settings from {@code nova.conf}: {@code control_exchange}, {@code [oslo_messaging_rabbit]}
     * {@code rabbit_qos_prefetch_count}, {@code amqp_durable_queues}, {@code rabbit_transient_queues_ttl}
     * and {@code tandem_max_message_size}; connect timeout and process name keep their defaults.
     */
    public static TransportOptions from(Config config) {
        java.util.Objects.requireNonNull(config, "config");
        TransportOptions d = defaults();
        return new TransportOptions(config.get(CommonOptions.CONTROL_EXCHANGE),
                config.get(CommonOptions.RABBIT_QOS_PREFETCH_COUNT),
                config.get(CommonOptions.TANDEM_MAX_MESSAGE_SIZE),
                Duration.ofSeconds(config.get(CommonOptions.RABBIT_TRANSIENT_QUEUES_TTL)),
                config.get(CommonOptions.AMQP_DURABLE_QUEUES), d.connectTimeout(), d.processName());
    }

    public TransportOptions withControlExchange(String exchange) {
        return new TransportOptions(exchange, prefetch, maxMessageBytes, transientQueuesTtl, durableQueues,
                connectTimeout, processName);
    }

    public TransportOptions withMaxMessageBytes(int bytes) {
        return new TransportOptions(controlExchange, prefetch, bytes, transientQueuesTtl, durableQueues,
                connectTimeout, processName);
    }

    public TransportOptions withPrefetch(int count) {
        return new TransportOptions(controlExchange, count, maxMessageBytes, transientQueuesTtl, durableQueues,
                connectTimeout, processName);
    }

    public TransportOptions withProcessName(String name) {
        return new TransportOptions(controlExchange, prefetch, maxMessageBytes, transientQueuesTtl, durableQueues,
                connectTimeout, name);
    }
}
