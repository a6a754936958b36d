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
    void failsOverToTheNextHostAndNamesAllHostsWhenNoneAnswers() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        AmqpTransport t = open(org.tandem.rpc.transport.TransportUrls.parse("rabbit://guest:guest@127.0.0.1:" + dead
                + ",guest:guest@127.0.0.1:" + broker.port() + "/"), options());
        echoServer(t, "fo");
        assertThat(t.call(org.tandem.rpc.Target.topic(topic), request("x", 1), WAIT).result()).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AmqpTransport.open("rabbit://guest:s3cret@127.0.0.1:"
                + dead + "/", options().withProcessName("dead")))
                .isInstanceOf(org.tandem.rpc.MessagingException.class)
                .hasMessageContaining("cannot connect to the AMQP broker at 127.0.0.1:" + dead)
                .hasMessageNotContaining("s3cret");
    }

    private AmqpTransport open(org.tandem.rpc.transport.TransportUrl url, org.tandem.rpc.transport.TransportOptions o) {
        AmqpTransport t = AmqpTransport.open(url, o);
        toClose.add(t);
        return t;
    }

    @Test
    void qpidIsNotRabbitMqAndFactoryIsRegistered() {
        assertThat(transport.isRabbitMq()).isFalse();
        TransportFactory f = ServiceLoader.load(TransportFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.schemes().contains("rabbit")).findFirst().orElseThrow();
        assertThat(f.schemes()).contains("amqp");
    }
}
