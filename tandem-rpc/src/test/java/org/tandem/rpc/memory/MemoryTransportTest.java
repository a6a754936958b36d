package org.tandem.rpc.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tandem.rpc.MessagingException;
import org.tandem.rpc.MessagingTimeoutException;
import org.tandem.rpc.Target;
import org.tandem.rpc.internal.Envelope;
import org.tandem.rpc.transport.IncomingMessage;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;
import org.tandem.rpc.transport.Transports;

class MemoryTransportTest {
    private final String name = "mt-" + UUID.randomUUID();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private MemoryTransport transport(TransportOptions options) {
        MemoryTransport t = MemoryTransport.open(name, options);
        open.add(0, t);
        return t;
    }

    private static Map<String, Object> msg(String method) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("args", Map.of());
        return m;
    }

    @Test
    void serverSeesInnerDictWithoutDriverKeysAndRepliesThroughJson() {
        MemoryTransport server = transport(TransportOptions.defaults());
        List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
        open.add(0, server.listen(Target.topic("t").withServer("h"), m -> {
            bodies.add(m.body());
            m.reply(new Reply(Map.of("n", 1L, "list", List.of("a")), null));
        }));
        MemoryTransport client = transport(TransportOptions.defaults());
        Map<String, Object> sent = msg("m");
        sent.put("_context_user_id", "u");
        Reply r = client.call(Target.topic("t"), sent, Duration.ofSeconds(30));
        assertThat(r.result()).isEqualTo(Map.of("n", 1, "list", List.of("a")));
        assertThat(bodies.get(0)).containsOnlyKeys("method", "args", "_context_user_id");
    }

    @Test
    void duplicateUniqueIdsAreDropped() {
        MemoryTransport t = transport(TransportOptions.defaults());
        List<String> got = new CopyOnWriteArrayList<>();
        open.add(0, t.listen(Target.topic("dup").withServer("h"), m -> got.add((String) m.body().get("method"))));
        MemoryBroker broker = MemoryBroker.acquire(name);
        try {
            Map<String, Object> first = msg("once");
            first.put("_unique_id", "abc");
            byte[] json = Envelope.encode(first);
            broker.publish("nova/dup", json);
            broker.publish("nova/dup", json);
            Map<String, Object> other = msg("other");
            other.put("_unique_id", "def");
            broker.publish("nova/dup", Envelope.encode(other));
            await().atMost(Duration.ofSeconds(20)).until(() -> got.contains("other"));
            assertThat(got).containsExactly("once", "other");
        } finally {
            broker.release();
        }
    }

    @Test
    void oversizedMessagesAreRefusedWithTheLimit() {
        MemoryTransport t = transport(TransportOptions.defaults().withMaxMessageBytes(200));
        Map<String, Object> big = msg("big");
        big.put("args", Map.of("blob", "x".repeat(500)));
        assertThatThrownBy(() -> t.cast(Target.topic("any"), big))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("more than the maximum message size of 200 bytes");
    }

    @Test
    void oversizedReplyBecomesAFailure() {
        MemoryTransport t = transport(TransportOptions.defaults().withMaxMessageBytes(2000));
        open.add(0, t.listen(Target.topic("r").withServer("h"), m -> m.reply(new Reply("y".repeat(5000), null))));
        Reply r = t.call(Target.topic("r"), msg("m"), Duration.ofSeconds(30));
        assertThat(r.isFailure()).isTrue();
        assertThat(r.failure()).contains("more than the maximum message size");
    }

    @Test
    void nonJsonValuesDoNotLeakThrough() {
        MemoryTransport t = transport(TransportOptions.defaults());
        Map<String, Object> m = msg("m");
        m.put("args", Map.of("when", java.time.Instant.EPOCH));
        assertThatThrownBy(() -> t.cast(Target.topic("x"), m))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("value at $.args.when is a java.time.Instant, which is not JSON-compatible");
    }

    @Test
    void callToAbsentQueueTimesOutAndLateRepliesAreDropped() {
        MemoryTransport t = transport(TransportOptions.defaults());
        assertThatThrownBy(() -> t.call(Target.topic("void"), msg("m"), Duration.ofMillis(100)))
                .isInstanceOf(MessagingTimeoutException.class)
                .hasMessageStartingWith("Timed out waiting for a reply to message ID ");
    }

    @Test
    void brokerNamesIsolateTransports() {
        MemoryTransport a = transport(TransportOptions.defaults());
        MemoryTransport other = MemoryTransport.open(name + "-other", TransportOptions.defaults());
        open.add(0, other);
        List<IncomingMessage> got = new CopyOnWriteArrayList<>();
        Subscription s = other.listen(Target.topic("iso").withServer("h"), got::add);
        open.add(0, s);
        assertThatThrownBy(() -> a.call(Target.topic("iso"), msg("m"), Duration.ofMillis(100)))
                .isInstanceOf(MessagingTimeoutException.class);
        assertThat(got).isEmpty();
    }

    @Test
    void closingTheTransportFailsWaitingCalls() throws Exception {
        MemoryTransport t = transport(TransportOptions.defaults());
        open.add(0, t.listen(Target.topic("slow").withServer("h"), m -> { /* never replies */ }));
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread caller = new Thread(() -> {
            try {
                t.call(Target.topic("slow"), msg("m"), Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        t.close();
        caller.join(20_000);
        assertThat(failure.get()).isInstanceOf(MessagingException.class).hasMessageContaining("was closed");
        assertThatThrownBy(() -> t.cast(Target.topic("slow"), msg("m"))).hasMessageContaining("is closed");
    }

    @Test
    void transportsFindsMemoryByServiceLoaderAndNamesKnownSchemes() {
        Transport t = Transports.open(new TransportUrl("memory", List.of(), name, Map.of()), TransportOptions.defaults());
        open.add(0, t);
        assertThat(t).isInstanceOf(MemoryTransport.class);
        assertThat(((MemoryTransport) t).brokerName()).isEqualTo(name);
        assertThatThrownBy(() -> Transports.open(new TransportUrl("kafka", List.of(), "/", Map.of()),
                TransportOptions.defaults()))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("No transport for URL scheme 'kafka'; known schemes: ")
                .hasMessageContaining("memory");
    }

    @Test
    void envelopeIsOsloTwoZeroAndOldVersionsAreRefused() {
        String json = new String(Envelope.encode(msg("m")), StandardCharsets.US_ASCII);
        // byte for byte what oslo.messaging (json.dumps) writes
        assertThat(json).isEqualTo("{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": \\\"m\\\", \\\"args\\\": {}}\"}");
        assertThat(unwrap("{\"method\":\"bare\"}")).containsEntry("method", "bare");
        assertThat(unwrap("{\"oslo.version\":\"2.0\",\"oslo.message\":\"{}\"}")).isEmpty();
        // oslo accepts envelopes its 2.0 can serve: same major, minor not above 0
        assertThatThrownBy(() -> unwrap("{\"oslo.version\":\"2.1\",\"oslo.message\":\"{}\"}"))
                .hasMessage("Specified RPC envelope version, 2.1, not supported by this endpoint.");
        assertThatThrownBy(() -> unwrap("{\"oslo.version\":\"3.0\",\"oslo.message\":\"{}\"}"))
                .hasMessage("Specified RPC envelope version, 3.0, not supported by this endpoint.");
    }

    private static Map<String, Object> unwrap(String text) {
        return Envelope.unwrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
