package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.rpc.transport.TransportOptions;

/** On brokers other than RabbitMQ an unlimited prefetch is replaced by a bounded one. */
class QpidPrefetchTest {
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void unlimitedPrefetchIsBoundedOnQpidButAConfiguredOneIsKept() {
        try (AmqpTransport t = AmqpTransport.open(broker.transportUrl(), TransportOptions.defaults())) {
            assertThat(t.isRabbitMq()).isFalse();
            assertThat(t.effectivePrefetch()).isEqualTo(AmqpTransport.NON_RABBIT_DEFAULT_PREFETCH);
        }
        try (AmqpTransport t = AmqpTransport.open(broker.transportUrl(), TransportOptions.defaults().withPrefetch(7))) {
            assertThat(t.effectivePrefetch()).isEqualTo(7);
        }
    }
}
