package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.rpc.MessagingException;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * Restarts the local RabbitMQ application ({@code rabbitmqctl stop_app && start_app}) under a live
 * listener and caller: in-flight calls must fail or time out, and afterwards the same transports
 * must serve calls and fanout casts again.
 */
@ServicesTest
class AmqpBrokerRestartIT {

    @BeforeAll
    static void needRabbit() {
        RealServices.requireRabbitMq();
    }

    @Test
    void listenerAndCallerRecoverAfterBrokerRestart() throws Exception {
        String topic = "restart" + AmqpTransport.hex().substring(0, 8);
        TransportOptions opts = TransportOptions.defaults().withProcessName("restart-it");
        CountDownLatch release = new CountDownLatch(1);
        List<String> fanouts = new CopyOnWriteArrayList<>();
        try (AmqpTransport server = AmqpTransport.open(RealServices.RABBIT_URL, opts);
                AmqpTransport client = AmqpTransport.open(RealServices.RABBIT_URL, opts);
                Subscription sub = server.listen(Target.topic(topic).withServer("h1"), m -> {
                    String method = (String) m.body().get("method");
                    if (method.equals("slow")) {
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (method.equals("fan")) {
                        fanouts.add(method);
                    }
                    m.reply(new Reply(method + "-ok", null));
                })) {
            assertThat(client.call(Target.topic(topic), Map.of("method", "ping"), Duration.ofSeconds(20)).result())
                    .isEqualTo("ping-ok");

            CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> client.call(
                    Target.topic(topic).withServer("h1"), Map.of("method", "slow"), Duration.ofSeconds(40)).result());
            Thread.sleep(300);
            long stopped = System.nanoTime();
            try {
                RealServices.rabbitmqctl("stop_app");
                // The in-flight call must end (fail fast or time out), never hang.
                Throwable failure = null;
                try {
                    inFlight.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = e.getCause();
                }
                assertThat(failure).isInstanceOf(MessagingException.class);
                assertThat(failure.getMessage()).contains("lost the connection to the AMQP broker");
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(60));
            } finally {
                release.countDown();
                RealServices.rabbitmqctl("start_app");
            }
            // Same transports, no re-creation: calls succeed again once recovery completes.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> "again-ok".equals(client.call(Target.topic(topic).withServer("h1"),
                            Map.of("method", "again"), Duration.ofSeconds(3)).result()));
            assertThat(client.call(Target.topic(topic), Map.of("method", "shared"), Duration.ofSeconds(20)).result())
                    .isEqualTo("shared-ok");
            client.cast(Target.topic(topic).withFanout(true), Map.of("method", "fan"));
            await().atMost(Duration.ofSeconds(20)).until(() -> fanouts.size() == 1);
        } finally {
            OsloPythonInteropIT.deleteQueues(RealServices.RABBIT_URL, topic, topic + ".h1");
        }
    }
}
