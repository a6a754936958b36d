package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.rpc.transport.TransportFactory;

/** The driver contract against the embedded Qpid Broker-J (no external services). */
class AmqpTransportQpidTest extends AmqpTransportContract {
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    protected String brokerUrl() {
        return broker.transportUrl();
    }

    @Override
    protected boolean kiloReplyExchange() {
        return false;
    }

    @Override
    protected void assertExpiration(String expiration, long timeoutMs) {
        long abs = Long.parseLong(expiration);
        assertThat(abs).isBetween(System.currentTimeMillis() + timeoutMs - 25_000, System.currentTimeMillis() + timeoutMs);
    }

    @Test
    void qpidIsNotRabbitMqAndFactoryIsRegistered() {
        assertThat(transport.isRabbitMq()).isFalse();
        TransportFactory f = ServiceLoader.load(TransportFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.schemes().contains("rabbit")).findFirst().orElseThrow();
        assertThat(f.schemes()).contains("amqp");
    }
}
