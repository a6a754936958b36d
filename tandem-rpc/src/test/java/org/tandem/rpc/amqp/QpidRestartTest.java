package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.TransportOptions;

/**
 * The embedded broker restarted on its port (as {@code tandem drill --chaos} does): it comes back
 * empty, and servers and callers that lived through it must talk again: calls both ways between two
 * transports that each serve a topic and call the other's, and casts.
 */
class QpidRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void transportsThatLivedThroughARestartCallEachOtherAgain() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        int port = broker.port();
        String url = broker.transportUrl();
        try (AmqpTransport a = AmqpTransport.open(url, TransportOptions.defaults().withProcessName("a"));
                AmqpTransport b = AmqpTransport.open(url, TransportOptions.defaults().withProcessName("b"))) {
            List<Object> castsToA = new CopyOnWriteArrayList<>();
            Subscription sa = a.listen(Target.topic("ta").withServer("hosta"), m -> {
                if (m.expectsReply()) {
                    m.reply(new Reply("from a", null));
                } else {
                    castsToA.add(m.body().get("method"));
                }
            });
            Subscription sb = b.listen(Target.topic("tb").withServer("hostb"), m -> m.reply(new Reply("from b", null)));
            assertThat(b.call(Target.topic("ta"), Map.of("method", "m", "args", Map.of()), WAIT).result())
                    .isEqualTo("from a");
            assertThat(a.call(Target.topic("tb"), Map.of("method", "m", "args", Map.of()), WAIT).result())
                    .isEqualTo("from b");

            broker.close();
            Thread.sleep(1000);
            broker = EmbeddedBroker.start(port);

            await().atMost(WAIT).ignoreExceptions().until(() -> "from a".equals(b.call(Target.topic("ta"),
                    Map.of("method", "m", "args", Map.of()), Duration.ofSeconds(5)).result()));
            await().atMost(WAIT).ignoreExceptions().until(() -> "from b".equals(a.call(Target.topic("tb"),
                    Map.of("method", "m", "args", Map.of()), Duration.ofSeconds(5)).result()));
            b.cast(Target.topic("ta").withServer("hosta"), Map.of("method", "after_restart", "args", Map.of()));
            await().atMost(WAIT).until(() -> castsToA.contains("after_restart"));
            sa.close();
            sb.close();
        } finally {
            broker.close();
        }
    }
}
