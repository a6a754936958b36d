package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.rpc.Target;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/** The driver contract against a real RabbitMQ ({@link RealServices#RABBIT_URL}). */
@ServicesTest
class AmqpTransportRabbitIT extends AmqpTransportContract {

    @BeforeAll
    static void needRabbit() {
        RealServices.requireRabbitMq();
    }

    @Override
    protected String brokerUrl() {
        return RealServices.RABBIT_URL;
    }

    @Override
    protected boolean kiloReplyExchange() {
        return true;
    }

    @Override
    protected void assertExpiration(String expiration, long timeoutMs) {
        assertThat(expiration).isEqualTo(Long.toString(timeoutMs));
    }

    @Test
    void mismatchedQueueDeclarationIsAClearError() throws Exception {
        // A queue of that name declared durable elsewhere: RabbitMQ refuses ours with 406.
        rawCh.queueDeclare(topic, true, false, true, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transport.listen(Target.topic(topic).withServer("s"),
                m -> { }))
                .isInstanceOf(org.tandem.rpc.MessagingException.class)
                .hasMessageContaining("cannot set up consumers for exchange nova topic " + topic)
                .hasMessageContaining("406 PRECONDITION_FAILED - inequivalent arg 'durable'");
        // The transport is still usable once the conflicting queue is gone.
        rawCh.queueDelete(topic);
        echoServer(transport, "host1");
        assertThat(transport.call(Target.topic(topic), request("x", 1), WAIT).result()).isNotNull();
    }

    @Test
    void rabbitMqGetsTransientQueueTtl() throws Exception {
        assertThat(transport.isRabbitMq()).isTrue();
        echoServer(transport, "s");
        // Redeclaring with the same x-expires succeeds; a different value would be refused (406), which
        // proves the argument is set on the reply queue.
        rawCh.queueDeclare(transport.replyQueue(), false, false, false, Map.of("x-expires", 1800000));
        try (var ch = raw.createChannel()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ch.queueDeclare(transport.replyQueue(), false,
                    false, false, Map.of("x-expires", 1000))).hasStackTraceContaining("x-expires");
        } catch (Exception closedByBroker) {
            // the channel was closed by the expected 406; nothing else to close
        }
        assertThat(transport.call(Target.topic(topic), request("x", 1), WAIT).result()).isNotNull();
    }
}
