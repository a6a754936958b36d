package org.tandem.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {

    private static Connection connect(int port, String vhost) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setUsername(EmbeddedBroker.USERNAME);
        f.setPassword(EmbeddedBroker.PASSWORD);
        f.setVirtualHost(vhost);
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection();
    }

    @Test
    void ephemeralPortRoundTripOnDefaultVhostAndCleanShutdown() throws Exception {
        Path workDir;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            workDir = broker.workDir();
            assertThat(broker.port()).isPositive().isNotEqualTo(5672);
            assertThat(broker.transportUrl()).isEqualTo("rabbit://guest:guest@127.0.0.1:" + broker.port() + "/");
            assertThat(workDir).isDirectory();
            try (Connection c = connect(broker.port(), "/")) {
                assertThat(c.getServerProperties().get("product").toString()).containsIgnoringCase("qpid");
                Channel ch = c.createChannel();
                ch.exchangeDeclare("nova", "topic", false, false, null);
                // RabbitMQ-only argument must be accepted (ignored), not close the connection.
                ch.queueDeclare("compute", false, false, false, Map.of("x-expires", 1800000));
                ch.queueBind("compute", "nova", "compute");
                ch.basicPublish("nova", "compute", new AMQP.BasicProperties.Builder().build(),
                        "hello".getBytes(StandardCharsets.UTF_8));
                GetResponse r = null;
                for (int i = 0; i < 100 && r == null; i++) {
                    r = ch.basicGet("compute", true);
                    if (r == null) {
                        Thread.sleep(20);
                    }
                }
                assertThat(r).isNotNull();
                assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
            }
        }
        assertThat(Files.exists(workDir)).as("work dir deleted on close").isFalse();
    }

    @Test
    void wrongPasswordIsRefused() {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            ConnectionFactory f = new ConnectionFactory();
            f.setPort(broker.port());
            f.setUsername("guest");
            f.setPassword("wrong");
            assertThatThrownBy(f::newConnection).isNotNull();
        }
    }

    @Test
    void portInUseGivesClearError() {
        try (EmbeddedBroker first = EmbeddedBroker.start(0)) {
            assertThatThrownBy(() -> EmbeddedBroker.start(first.port()))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port())
                    .hasMessageContaining("Choose another port");
        }
    }

    @Test
    void closeIsIdempotentAndInvalidPortRejected() {
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        broker.close();
        broker.close();
        assertThatThrownBy(() -> EmbeddedBroker.start(70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..65535");
    }
}
