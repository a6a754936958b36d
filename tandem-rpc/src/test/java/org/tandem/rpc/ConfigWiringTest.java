package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.Transports;

/** nova.conf values reach the transport, the server and the client. */
class ConfigWiringTest {
    private static Config conf() {
        return Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.CONTROL_EXCHANGE, "tandemx")
                .withOverride(CommonOptions.RABBIT_QOS_PREFETCH_COUNT, 7)
                .withOverride(CommonOptions.AMQP_DURABLE_QUEUES, true)
                .withOverride(CommonOptions.RABBIT_TRANSIENT_QUEUES_TTL, 90)
                .withOverride(CommonOptions.TANDEM_MAX_MESSAGE_SIZE, 65536)
                .withOverride(CommonOptions.EXECUTOR_THREAD_POOL_SIZE, 5)
                .withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 17);
    }

    @Test
    void optionsComeFromConfig() {
        TransportOptions t = TransportOptions.from(conf());
        assertThat(t.controlExchange()).isEqualTo("tandemx");
        assertThat(t.prefetch()).isEqualTo(7);
        assertThat(t.durableQueues()).isTrue();
        assertThat(t.transientQueuesTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(t.maxMessageBytes()).isEqualTo(65536);
        assertThat(RpcServerOptions.from(conf()).executorThreadPoolSize()).isEqualTo(5);
        assertThat(RpcOptions.responseTimeout(conf())).isEqualTo(Duration.ofSeconds(17));
        assertThat(TransportOptions.from(Config.defaults(OptionRegistry.installed())).controlExchange())
                .isEqualTo("nova");
    }

    @Test
    void transportOpensFromAUrlStringOrFromConfig() {
        try (Transport t = Transports.open("memory://wiring-" + System.nanoTime(), TransportOptions.defaults())) {
            assertThat(t).isNotNull();
        }
        try (Transport t = Transports.open(conf().withOverride(CommonOptions.TRANSPORT_URL, "memory://wiring2"))) {
            assertThat(t).isNotNull();
        }
        assertThatThrownBy(() -> Transports.open(conf())).isInstanceOf(MessagingException.class)
                .hasMessageContaining("transport_url is not set");
        assertThatThrownBy(() -> Transports.open("nosuch://x", TransportOptions.defaults()))
                .isInstanceOf(MessagingException.class).hasMessageContaining("known schemes");
    }
}
