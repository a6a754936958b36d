package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.amqp.AmqpTransport;
import org.tandem.rpc.internal.Envelope;
import org.tandem.rpc.internal.Json;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;
import org.tandem.rpc.transport.TransportUrls;

/**
 * Hostile and broken messages published with the raw AMQP client to the {@code nova} exchange
 * (topic queue of a running Tandem {@link RpcServer}) and to a Tandem caller's reply queue. For
 * each: the log names the specific reason, a call gets a failure reply where the message says
 * where to send one, and the server keeps consuming (a normal call succeeds afterwards).
 */
abstract class RpcRobustnessContract {
    static final int LIMIT = 64 * 1024;
    static final Duration WAIT = Duration.ofSeconds(30);

    protected abstract String brokerUrl();

    /** An endpoint to prove the server still works. */
    @RpcEndpoint(version = "1.1")
    public static final class Echo {
        public Object echo(RequestContext ctx, Object value) {
            return value;
        }
    }

    private final String topic = "robust" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Logger> loggers = List.of(
            (Logger) LoggerFactory.getLogger(AmqpTransport.class),
            (Logger) LoggerFactory.getLogger(RpcServer.class));
    private final List<Level> savedLevels = new java.util.ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private AmqpTransport serverTransport;
    private AmqpTransport clientTransport;
    private RpcServer server;
    private RpcClient client;
    private Connection raw;
    private Channel channel;
    private String rawReplyQueue;
    private final BlockingQueue<byte[]> rawReplies = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        logs.start();
        for (Logger l : loggers) {
            savedLevels.add(l.getLevel());
            l.setLevel(Level.INFO); // the unknown-reply case logs at INFO; logback-test.xml silences RpcServer
            l.addAppender(logs);
        }
        TransportOptions options = TransportOptions.defaults().withMaxMessageBytes(LIMIT);
        serverTransport = AmqpTransport.open(brokerUrl(), options.withProcessName("robust-server"));
        clientTransport = AmqpTransport.open(brokerUrl(), options.withProcessName("robust-client"));
        server = RpcServer.builder(serverTransport, topic, "r1").endpoint(Endpoint.of(new Echo())).build();
        server.start();
        client = RpcClient.builder(clientTransport, Target.topic(topic)).timeout(WAIT).build();

        TransportUrl u = TransportUrls.parse(brokerUrl());
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(u.hosts().get(0).hostname());
        f.setPort(u.hosts().get(0).port());
        f.setVirtualHost(u.virtualHost());
        if (u.hosts().get(0).username() != null) {
            f.setUsername(u.hosts().get(0).username());
            f.setPassword(u.hosts().get(0).password());
        }
        raw = f.newConnection("robustness-raw");
        channel = raw.createChannel();
        rawReplyQueue = "rawreply_" + UUID.randomUUID().toString().replace("-", "");
        channel.queueDeclare(rawReplyQueue, false, true, true, null);
        channel.basicConsume(rawReplyQueue, true, (tag, d) -> rawReplies.add(d.getBody()), tag -> { });
        assertNormalCallWorks(); // also makes sure the server consumes before the hostile messages
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (raw != null) {
                try (Channel ch = raw.createChannel()) {
                    ch.queueDelete(topic);
                    ch.queueDelete(topic + ".r1");
                }
                raw.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            for (AmqpTransport t : new AmqpTransport[] {clientTransport, serverTransport}) {
                if (t != null) {
                    t.close();
                }
            }
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(logs);
                loggers.get(i).setLevel(savedLevels.get(i));
            }
        }
    }

    // ------------------------------------------------------------------ cases

    @Test
    void malformedJsonIsDroppedWithItsReasonAndTheServerGoesOn() throws Exception {
        publish(topic, "{\"oslo.version\": \"2.0\", \"oslo.message\": ".getBytes(StandardCharsets.UTF_8));
        awaitLog(Level.WARN, "Dropped a message from queue " + topic, "not valid JSON");
        assertNormalCallWorks();
    }

    @Test
    void jsonThatIsNotAnObjectIsDroppedWithItsReason() throws Exception {
        publish(topic, "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        awaitLog(Level.WARN, "Dropped a message from queue " + topic, "array, not an object");
        assertNormalCallWorks();
    }

    @Test
    void unenvelopedLegacyCallIsServedAsOsloDoes() throws Exception {
        // a dict without oslo.version/oslo.message is a pre-envelope (1.0) message, read as it is
        String msgId = newId();
        publish(topic, Json.encode(call(msgId, "echo", Map.of("value", "legacy"))).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> reply = awaitReply(msgId);
        assertThat(reply).containsEntry("result", "legacy").containsEntry("failure", null);
        assertNormalCallWorks();
    }

    @Test
    void duplicateUniqueIdIsAnsweredOnce() throws Exception {
        String first = newId();
        String second = newId();
        Map<String, Object> one = call(first, "echo", Map.of("value", "once"));
        Map<String, Object> again = call(second, "echo", Map.of("value", "twice"));
        again.put("_unique_id", one.get("_unique_id"));
        publishEnvelope(topic, one);
        publishEnvelope(topic, again);
        assertThat(awaitReply(first)).containsEntry("result", "once");
        awaitLog(Level.INFO, "Dropped a duplicate message from queue " + topic, (String) one.get("_unique_id"));
        assertNormalCallWorks();
    }

    @Test
    void wrongEnvelopeVersionGetsAnUnsupportedEnvelopeFailure() throws Exception {
        String msgId = newId();
        Map<String, Object> inner = call(msgId, "echo", Map.of("value", 1));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("oslo.version", "3.0");
        envelope.put("oslo.message", Json.encode(inner));
        publish(topic, Json.encode(envelope).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> failure = awaitFailure(msgId);
        assertThat(failure).containsEntry("class", "UnsupportedRpcEnvelopeVersion");
        assertThat((String) failure.get("message")).contains("3.0");
        awaitLog(Level.WARN, "Dropped a message from queue " + topic, "unsupported envelope version 3.0");
        assertNormalCallWorks();
    }

    @Test
    void messageWithoutMethodGetsAFailureNamingTheProblem() throws Exception {
        String msgId = newId();
        Map<String, Object> inner = call(msgId, null, Map.of("value", 1));
        publishEnvelope(topic, inner);
        Map<String, Object> failure = awaitFailure(msgId);
        assertThat((String) failure.get("message")).contains("no 'method'");
        awaitLog(Level.WARN, "Dropped a message from queue " + topic, "no 'method'");
        assertNormalCallWorks();
    }

    @Test
    void argsThatAreNotAnObjectGetAValueErrorFailure() throws Exception {
        String msgId = newId();
        Map<String, Object> inner = call(msgId, "echo", null);
        inner.put("args", List.of(1, 2));
        publishEnvelope(topic, inner);
        Map<String, Object> failure = awaitFailure(msgId);
        assertThat(failure).containsEntry("class", "ValueError").containsEntry("module", "builtins");
        assertThat((String) failure.get("message")).contains("echo").contains("args");
        awaitLog(Level.WARN, "refused a call", "echo");
        // the caller's default allow-list rebuilds it as the specific Tandem exception
        assertThat(RemoteExceptions.defaults().rebuild(RemoteFailure.parse(lastFailureJson)))
                .isInstanceOf(MalformedRpcMessageException.class);
        assertNormalCallWorks();
    }

    @Test
    void messageLargerThanTheLimitIsDroppedWithSizeAndLimit() throws Exception {
        String msgId = newId();
        Map<String, Object> inner = call(msgId, "echo", Map.of("value", "x".repeat(LIMIT * 4)));
        publishEnvelope(topic, inner);
        awaitLog(Level.WARN, "Dropped a message of", "larger than the limit of " + LIMIT + " bytes");
        assertNormalCallWorks();
        // dropped unread: no reply (the msg_id is inside the part that was not parsed)
        assertThat(rawReplies).isEmpty();
    }

    @Test
    void unknownNamespaceGetsUnsupportedVersion() throws Exception {
        String msgId = newId();
        Map<String, Object> inner = call(msgId, "echo", Map.of("value", 1));
        inner.put("namespace", "no_such_namespace");
        inner.put("version", "1.0");
        publishEnvelope(topic, inner);
        Map<String, Object> failure = awaitFailure(msgId);
        assertThat(failure).containsEntry("class", "UnsupportedVersion")
                .containsEntry("module", "oslo_messaging.rpc.dispatcher")
                .containsEntry("message", "Endpoint does not support RPC version 1.0. Attempted method: echo");
        awaitLog(Level.WARN, "refused a call", "Endpoint does not support RPC version 1.0");
        assertNormalCallWorks();
    }

    @Test
    void replyForAnUnknownMsgIdIsDroppedAndTheCallerGoesOn() throws Exception {
        String stray = newId();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("result", "not for anyone");
        reply.put("failure", null);
        reply.put("ending", true);
        reply.put("_msg_id", stray);
        reply.put("_unique_id", newId());
        channel.basicPublish("", clientTransport.replyQueue(), props(),
                Envelope.encode(reply));
        awaitLog(Level.INFO, "Dropped a reply for unknown msg_id " + stray, "no call waits for it");
        assertNormalCallWorks();
    }

    // ------------------------------------------------------------------ helpers

    private String lastFailureJson;

    private void assertNormalCallWorks() {
        String text = "still here " + UUID.randomUUID();
        assertThat(client.call(RequestContext.builder().userId("u").build(), "echo", RpcClient.args("value", text)))
                .isEqualTo(text);
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private Map<String, Object> call(String msgId, String method, Map<String, Object> args) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (method != null) {
            m.put("method", method);
        }
        if (args != null) {
            m.put("args", args);
        }
        m.put("_msg_id", msgId);
        m.put("_reply_q", rawReplyQueue);
        m.put("_unique_id", newId());
        m.put("_context_user_id", "raw");
        return m;
    }

    private static AMQP.BasicProperties props() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).build();
    }

    private void publishEnvelope(String routingKey, Map<String, Object> inner) throws Exception {
        publish(routingKey, Envelope.encode(inner));
    }

    private void publish(String routingKey, byte[] body) throws Exception {
        channel.basicPublish(RpcOptions.CONTROL_EXCHANGE, routingKey, props(), body);
    }

    /** Waits for the reply to {@code msgId} on the raw reply queue; returns its parsed failure. */
    private Map<String, Object> awaitFailure(String msgId) throws Exception {
        Map<String, Object> reply = awaitReply(msgId);
        assertThat(reply).containsEntry("result", null);
        assertThat(reply.get("failure")).as("failure of reply %s", reply).isInstanceOf(String.class);
        lastFailureJson = (String) reply.get("failure");
        Map<String, Object> failure = Json.decodeObject(lastFailureJson, "failure");
        assertThat(failure).containsKeys("class", "module", "message", "tb", "args", "kwargs");
        return failure;
    }

    /** Waits for the (single, ending) reply to {@code msgId} on the raw reply queue. */
    private Map<String, Object> awaitReply(String msgId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] body = rawReplies.poll(1, TimeUnit.SECONDS);
            if (body == null) {
                continue;
            }
            Map<String, Object> reply = Envelope.decode(body);
            if (!msgId.equals(reply.get("_msg_id"))) {
                continue;
            }
            assertThat(reply).containsEntry("ending", true);
            return reply;
        }
        throw new AssertionError("no reply to msg_id " + msgId + " on " + rawReplyQueue + " within " + WAIT);
    }

    private void awaitLog(Level level, String... fragments) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(List.copyOf(logs.list))
                .as("log events at %s containing %s", level, List.of(fragments))
                .anySatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(level);
                    for (String f : fragments) {
                        assertThat(e.getFormattedMessage()).contains(f);
                    }
                }));
    }
}
