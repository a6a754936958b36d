package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.MessagingException;
import org.tandem.rpc.MessagingTimeoutException;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.IncomingMessage;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;
import org.tandem.rpc.transport.TransportUrls;

/** Driver behaviour every AMQP 0-9-1 broker must show; subclasses supply the broker. */
abstract class AmqpTransportContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60); // generous: loaded 2-core CI machines

    protected abstract String brokerUrl();

    protected TransportOptions options() {
        return TransportOptions.defaults().withProcessName("test").withPrefetch(8);
    }

    protected final List<AutoCloseable> toClose = new ArrayList<>();
    protected AmqpTransport transport;
    protected Connection raw;
    protected Channel rawCh;
    protected String topic;
    protected ListAppender<ILoggingEvent> logs;
    private ch.qos.logback.classic.Level savedLevel;

    @BeforeEach
    void setUp() throws Exception {
        topic = "t" + UUID.randomUUID().toString().substring(0, 8);
        transport = open();
        TransportUrl u = TransportUrls.parse(brokerUrl());
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(u.hosts().get(0).hostname());
        f.setPort(u.hosts().get(0).port());
        f.setUsername("guest");
        f.setPassword("guest");
        f.setVirtualHost(u.virtualHost());
        f.setAutomaticRecoveryEnabled(false);
        raw = f.newConnection();
        rawCh = raw.createChannel();
        logs = new ListAppender<>();
        logs.start();
        Logger driverLog = (Logger) LoggerFactory.getLogger(AmqpTransport.class);
        savedLevel = driverLog.getLevel();
        driverLog.setLevel(ch.qos.logback.classic.Level.DEBUG); // the assertions read DEBUG/INFO reasons
        driverLog.addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        Logger driverLog = (Logger) LoggerFactory.getLogger(AmqpTransport.class);
        driverLog.detachAppender(logs);
        driverLog.setLevel(savedLevel);
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (raw.isOpen()) {
            // Shared topic queues outlive their consumers (as in oslo); remove this test's ones.
            for (String q : List.of(topic, topic + ".host1", topic + ".a", topic + ".b", topic + ".s",
                    topic + ".node1", topic + "_inner", topic + "_inner.s")) {
                try (Channel ch = raw.createChannel()) {
                    ch.queueDelete(q);
                } catch (Exception ignored) {
                    // absent queue: nothing to clean
                }
            }
            raw.close();
        }
    }

    protected AmqpTransport open() {
        return open(options());
    }

    protected AmqpTransport open(TransportOptions opts) {
        AmqpTransport t = AmqpTransport.open(brokerUrl(), opts);
        toClose.add(t);
        return t;
    }

    static Map<String, Object> request(String method, Object arg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("args", Map.of("x", arg));
        m.put("version", "1.0");
        m.put("_context_request_id", "req-1");
        return m;
    }

    /** A listener that answers calls with {@code {"echo": args, "server": name}} and records everything. */
    protected List<Map<String, Object>> echoServer(AmqpTransport t, String server) {
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        Subscription s = t.listen(Target.topic(topic).withServer(server), m -> {
            seen.add(m.body());
            if (m.expectsReply()) {
                if ("fail".equals(m.body().get("method"))) {
                    m.reply(new Reply(null, "{\"class\": \"ValueError\", \"module\": \"builtins\", \"message\": \"bad\","
                            + " \"tb\": [], \"args\": [\"bad\"], \"kwargs\": {}}"));
                } else {
                    m.reply(new Reply(Map.of("echo", m.body().get("args"), "server", server), null));
                }
            }
        });
        toClose.add(s);
        return seen;
    }

    static Map<String, Object> json(byte[] body) throws Exception {
        return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    static Map<String, Object> inner(byte[] body) throws Exception {
        Map<String, Object> env = json(body);
        assertThat(env.keySet()).containsExactly("oslo.version", "oslo.message");
        assertThat(env.get("oslo.version")).isEqualTo("2.0");
        assertThat(env.get("oslo.message")).isInstanceOf(String.class);
        return JSON.readValue((String) env.get("oslo.message"), new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    static byte[] envelope(Map<String, Object> inner) throws Exception {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("oslo.version", "2.0");
        env.put("oslo.message", JSON.writeValueAsString(inner));
        return JSON.writeValueAsBytes(env);
    }

    static AMQP.BasicProperties jsonProps() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).build();
    }

    protected GetResponse take(String queue) throws Exception {
        GetResponse[] got = new GetResponse[1];
        await().atMost(WAIT).until(() -> (got[0] = rawCh.basicGet(queue, true)) != null);
        return got[0];
    }

    protected String rawQueue() throws Exception {
        return rawCh.queueDeclare("raw_" + UUID.randomUUID().toString().replace("-", ""), false, true, true, null)
                .getQueue();
    }

    protected boolean logged(String text) {
        return logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    /** Whether the broker gets the Kilo-era per-reply-queue direct exchange (RabbitMQ only). */
    protected abstract boolean kiloReplyExchange();

    /** RabbitMQ: relative ms as oslo sends; Qpid: absolute epoch ms. */
    protected abstract void assertExpiration(String expiration, long timeoutMs);

    // ---------------------------------------------------------------- tests

    @Test
    void callAndCastRoundTrip() {
        List<Map<String, Object>> seen = echoServer(transport, "host1");
        Reply r = transport.call(Target.topic(topic), request("ping", 7), WAIT);
        assertThat(r.isFailure()).isFalse();
        assertThat(r.result()).isEqualTo(Map.of("echo", Map.of("x", 7), "server", "host1"));
        Reply f = transport.call(Target.topic(topic).withServer("host1"), request("fail", 1), WAIT);
        assertThat(f.failure()).contains("\"class\": \"ValueError\"");
        assertThat(f.result()).isNull();
        transport.cast(Target.topic(topic), request("note", "hello"));
        await().atMost(WAIT).until(() -> seen.size() == 3);
        Map<String, Object> body = seen.get(2);
        assertThat(body).containsEntry("method", "note").containsEntry("_context_request_id", "req-1")
                .doesNotContainKeys("_msg_id", "_reply_q", "_unique_id", "_timeout");
        assertThat(seen.get(0)).doesNotContainKeys("_msg_id", "_reply_q", "_unique_id", "_timeout");
    }

    @Test
    void directedSharedAndFanoutDelivery() {
        AmqpTransport other = open();
        List<Map<String, Object>> a = echoServer(transport, "a");
        List<Map<String, Object>> b = echoServer(other, "b");
        for (int i = 0; i < 5; i++) {
            transport.cast(Target.topic(topic).withServer("b"), request("directed", i));
        }
        await().atMost(WAIT).until(() -> b.size() == 5);
        assertThat(a).isEmpty();
        for (int i = 0; i < 20; i++) {
            other.cast(Target.topic(topic), request("shared", i));
        }
        await().atMost(WAIT).until(() -> a.size() + b.size() == 25);
        transport.cast(Target.topic(topic).withFanout(true), request("fanout", 0));
        await().atMost(WAIT).until(() -> a.stream().anyMatch(m -> m.get("method").equals("fanout"))
                && b.stream().anyMatch(m -> m.get("method").equals("fanout")));
        assertThat(a.size() + b.size()).isEqualTo(27);
        Reply ra = other.call(Target.topic(topic).withServer("a"), request("who", 0), WAIT);
        assertThat(((Map<?, ?>) ra.result()).get("server")).isEqualTo("a");
    }

    @Test
    void wireFormatOfCastsAndCalls() throws Exception {
        String q = rawQueue();
        rawCh.exchangeDeclare("nova", "topic", false, false, null);
        rawCh.queueBind(q, "nova", topic);
        transport.cast(Target.topic(topic), request("c", 1));
        GetResponse cast = take(q);
        assertThat(cast.getEnvelope().getExchange()).isEqualTo("nova");
        assertThat(cast.getEnvelope().getRoutingKey()).isEqualTo(topic);
        AMQP.BasicProperties p = cast.getProps();
        assertThat(p.getContentType()).isEqualTo("application/json");
        assertThat(p.getContentEncoding()).isEqualTo("utf-8");
        assertThat(p.getPriority()).isZero();
        assertThat(p.getHeaders()).isEmpty();
        assertThat(p.getDeliveryMode()).isEqualTo(2);
        assertThat(p.getExpiration()).isNull();
        Map<String, Object> c = inner(cast.getBody());
        assertThat(c.keySet()).containsExactlyInAnyOrder("method", "args", "version", "_context_request_id",
                "_unique_id");
        assertThat((String) c.get("_unique_id")).matches("[0-9a-f]{32}");
        // Byte for byte what oslo.messaging (Python json.dumps) writes for the same dict.
        assertThat(new String(cast.getBody(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\": \\\"c\\\", "
                + "\\\"args\\\": {\\\"x\\\": 1}, \\\"version\\\": \\\"1.0\\\", "
                + "\\\"_context_request_id\\\": \\\"req-1\\\", \\\"_unique_id\\\": \\\""
                + c.get("_unique_id") + "\\\"}\"}");
        transport.cast(Target.topic(topic), request("c", "caf\u00e9 \u20ac \uD83D\uDE00"));
        assertThat(new String(take(q).getBody(), StandardCharsets.UTF_8))
                .contains("{\\\"x\\\": \\\"caf\\\\u00e9 \\\\u20ac \\\\ud83d\\\\ude00\\\"}");

        CompletableFuture<Reply> call = CompletableFuture.supplyAsync(
                () -> transport.call(Target.topic(topic), request("m", 2), Duration.ofSeconds(30)));
        GetResponse req = take(q);
        assertExpiration(req.getProps().getExpiration(), 30000);
        Map<String, Object> m = inner(req.getBody());
        assertThat(m.keySet()).containsExactlyInAnyOrder("method", "args", "version", "_context_request_id",
                "_msg_id", "_reply_q", "_timeout", "_unique_id");
        assertThat(m.get("_timeout")).isNull();
        assertThat((String) m.get("_msg_id")).matches("[0-9a-f]{32}");
        assertThat(m.get("_reply_q")).isEqualTo(transport.replyQueue());
        assertThat(transport.replyQueue()).matches("reply_[0-9a-f]{32}");
        // The reply queue exists, and so does a direct exchange of the same name (Kilo-era replies).
        rawCh.queueDeclarePassive(transport.replyQueue());
        if (kiloReplyExchange()) {
            rawCh.exchangeDeclarePassive(transport.replyQueue());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("result", List.of(1, 2));
        reply.put("failure", null);
        reply.put("ending", true);
        reply.put("_msg_id", m.get("_msg_id"));
        reply.put("_unique_id", "u1");
        rawCh.basicPublish("", (String) m.get("_reply_q"), jsonProps(), envelope(reply));
        assertThat(call.get().result()).isEqualTo(List.of(1, 2));

        // Queues and exchanges a listener declares.
        echoServer(transport, "node1");
        rawCh.queueDeclarePassive(topic);
        rawCh.queueDeclarePassive(topic + ".node1");
        rawCh.exchangeDeclarePassive(topic + "_fanout");
    }

    @Test
    void listenerRepliesInOneMessageToTheDefaultExchange() throws Exception {
        echoServer(transport, "s");
        String replyQ = "reply_" + UUID.randomUUID().toString().replace("-", "");
        rawCh.queueDeclare(replyQ, false, true, true, null);
        Map<String, Object> req = request("ping", "v");
        req.put("_msg_id", "abc123");
        req.put("_reply_q", replyQ);
        req.put("_timeout", null);
        req.put("_unique_id", "uq1");
        rawCh.basicPublish("nova", topic + ".s", jsonProps(), envelope(req));
        GetResponse got = take(replyQ);
        assertThat(got.getEnvelope().getExchange()).isEmpty();
        assertThat(got.getEnvelope().getRoutingKey()).isEqualTo(replyQ);
        assertThat(got.getProps().getContentType()).isEqualTo("application/json");
        assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
        Map<String, Object> r = inner(got.getBody());
        assertThat(r.keySet()).containsExactly("result", "failure", "ending", "_msg_id", "_unique_id");
        assertThat(r.get("result")).isEqualTo(Map.of("echo", Map.of("x", "v"), "server", "s"));
        assertThat(r.get("failure")).isNull();
        assertThat(r.get("ending")).isEqualTo(true);
        assertThat(r.get("_msg_id")).isEqualTo("abc123");
        assertThat((String) r.get("_unique_id")).matches("[0-9a-f]{32}");
        Thread.sleep(200);
        assertThat(rawCh.basicGet(replyQ, true)).as("exactly one reply message").isNull();
    }

    @Test
    void kiloTwoMessageRepliesThroughTheReplyExchangeAndPreEnvelopeReplies() throws Exception {
        String q = rawQueue();
        rawCh.exchangeDeclare("nova", "topic", false, false, null);
        rawCh.queueBind(q, "nova", topic);
        CompletableFuture<Reply> call = CompletableFuture.supplyAsync(
                () -> transport.call(Target.topic(topic), request("old", 1), WAIT));
        Map<String, Object> m = inner(take(q).getBody());
        String replyQ = (String) m.get("_reply_q");
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("result", 42);
        first.put("failure", null);
        first.put("_msg_id", m.get("_msg_id"));
        first.put("_unique_id", "k1");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("result", null);
        second.put("failure", null);
        second.put("ending", true);
        second.put("_msg_id", m.get("_msg_id"));
        second.put("_unique_id", "k2");
        String kiloExchange = kiloReplyExchange() ? replyQ : "";
        rawCh.basicPublish(kiloExchange, replyQ, jsonProps(), envelope(first));
        Thread.sleep(100);
        assertThat(call).isNotDone();
        rawCh.basicPublish(kiloExchange, replyQ, jsonProps(), envelope(second));
        assertThat(call.get().result()).isEqualTo(42);

        CompletableFuture<Reply> call2 = CompletableFuture.supplyAsync(
                () -> transport.call(Target.topic(topic), request("bare", 1), WAIT));
        Map<String, Object> m2 = inner(take(q).getBody());
        Map<String, Object> bare = new LinkedHashMap<>();
        bare.put("result", "pre-envelope");
        bare.put("failure", null);
        bare.put("ending", true);
        bare.put("_msg_id", m2.get("_msg_id"));
        rawCh.basicPublish("", replyQ, jsonProps(), JSON.writeValueAsBytes(bare));
        assertThat(call2.get().result()).isEqualTo("pre-envelope");
    }

    @Test
    void callMonitorHeartbeatsAreSkippedUntilTheFinalReply() throws Exception {
        String q = rawQueue();
        rawCh.exchangeDeclare("nova", "topic", false, false, null);
        rawCh.queueBind(q, "nova", topic);
        CompletableFuture<Reply> call = CompletableFuture.supplyAsync(
                () -> transport.call(Target.topic(topic), request("long", 1), WAIT));
        Map<String, Object> m = inner(take(q).getBody());
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("result", null);
        beat.put("failure", null);
        beat.put("ending", false);
        beat.put("_msg_id", m.get("_msg_id"));
        beat.put("_unique_id", "hb1");
        rawCh.basicPublish("", (String) m.get("_reply_q"), jsonProps(), envelope(beat));
        Thread.sleep(100);
        assertThat(call).isNotDone();
        Map<String, Object> fin = new LinkedHashMap<>(beat);
        fin.put("failure", "{\"class\": \"NovaException\", \"module\": \"nova.exception\", \"message\": \"x\"}");
        fin.put("ending", true);
        fin.put("_unique_id", "hb2");
        rawCh.basicPublish("", (String) m.get("_reply_q"), jsonProps(), envelope(fin));
        assertThat(call.get().failure()).contains("NovaException");
        // A repeated reply (same _unique_id) after the end is dropped as a duplicate.
        rawCh.basicPublish("", (String) m.get("_reply_q"), jsonProps(), envelope(fin));
        await().atMost(WAIT).until(() -> logged("duplicate reply"));
    }

    @Test
    void blockingHandlerHoldsBackFurtherDeliveries() throws Exception {
        AmqpTransport t = open(options().withPrefetch(1));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        Subscription s = t.listen(Target.topic(topic).withServer("s"), m -> {
            got.add(m.body().get("method"));
            try {
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            for (int i = 0; i < 6; i++) {
                t.cast(Target.topic(topic), request("m" + i, i));
            }
            await().atMost(WAIT).until(() -> got.size() == 1);
            // One message is being handled and at most one (prefetch 1) waits in the client: the rest stay queued.
            await().atMost(WAIT).until(() -> rawCh.queueDeclarePassive(topic).getMessageCount() >= 4);
            assertThat(got).hasSize(1);
        } finally {
            release.countDown();
        }
        await().atMost(WAIT).until(() -> got.size() == 6);
        s.close();
    }

    @Test
    void stoppingServerLosesNoCastThatArrivesWhileItStops() throws Exception {
        // A compute restarted during an upgrade: casts sent to its queue while it stops must run, either on
        // the stopping server (acknowledged before stopping began) or on its successor, never be dropped.
        AmqpTransport t = open(options().withPrefetch(8));
        java.util.Set<Object> handled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(3);
        Subscription old = t.listen(Target.topic(topic).withServer("s"), m -> {
            handled.add(((Map<?, ?>) m.body().get("args")).get("x"));
            firstSeen.countDown();
            try {
                Thread.sleep(2); // prefetched deliveries wait in the client and keep arriving while it stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int casts = 200;
        for (int i = 0; i < casts; i++) {
            t.cast(Target.topic(topic).withServer("s"), request("terminate_instance", i));
        }
        assertThat(firstSeen.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        old.close();
        int byOld = handled.size();
        AmqpTransport successor = open();
        List<Map<String, Object>> seen = echoServer(successor, "s");
        await("every cast run once stopping ends (lost ones never arrive)").atMost(WAIT)
                .until(() -> byOld + seen.size() >= casts);
        java.util.Set<Object> all = new java.util.HashSet<>(handled);
        seen.forEach(b -> all.add(((Map<?, ?>) b.get("args")).get("x")));
        assertThat(all).as("casts run by the stopping server (%d) or its successor", byOld).hasSize(casts);
        assertThat(byOld + seen.size()).as("no cast run twice").isEqualTo(casts);
        assertThat(byOld).isLessThan(casts);
    }

    @Test
    void requestsSentBeforeTheirQueueExistsArriveOnceTheServerListens() throws Exception {
        // What a broker that just restarted looks like: the senders are back before the servers declared
        // their queues again. Such requests come back unroutable and are sent again, not lost.
        String late = topic + "_inner";
        transport.cast(Target.topic(late).withServer("s"), request("early_cast", 1));
        CompletableFuture<Reply> call = CompletableFuture.supplyAsync(() -> transport.call(Target.topic(late),
                request("early_call", 2), WAIT));
        Thread.sleep(1000);
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        Subscription s = open().listen(Target.topic(late).withServer("s"), m -> {
            seen.add(m.body());
            if (m.expectsReply()) {
                m.reply(new Reply("late but there", null));
            }
        });
        toClose.add(s);
        assertThat(call.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).result())
                .isEqualTo("late but there");
        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen).extracting(b -> b.get("method")).containsExactlyInAnyOrder("early_cast", "early_call");
        assertThat(logged("No queue takes messages to exchange")).isTrue();
    }

    @Test
    void aCallWhoseServerDiesWhileHandlingItIsAnsweredByAnotherServer() throws Exception {
        // kill -9 of a conductor mid-request: the request was not acknowledged, so the broker hands it to
        // the other conductor and the caller gets its answer instead of waiting for its timeout
        AmqpTransport dying = open();
        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
        dying.listen(Target.topic(topic).withServer("dying"), m -> {
            m.holdUntilDone(); // handed to a worker that never finishes: the process dies first
            taken.countDown();
        });
        CompletableFuture<Reply> call = CompletableFuture.supplyAsync(() -> transport.call(Target.topic(topic),
                request("build_instances", 1), WAIT));
        assertThat(taken.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        List<Map<String, Object>> seen = echoServer(open(), "survivor");
        dying.close();
        Reply r = call.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(((Map<?, ?>) r.result()).get("server")).isEqualTo("survivor");
        assertThat(seen).extracting(b -> b.get("method")).containsExactly("build_instances");
    }

    @Test
    void aServerThatDiesLeavesOnlyItsUnfinishedRequestToAnotherServer() throws Exception {
        // finished requests are acknowledged in runs (one multiple ack for a run of done deliveries): a run
        // must never cover a request still running, which, when its server dies, another server must get
        AmqpTransport dying = open();
        java.util.Set<Object> ranOnDying = java.util.concurrent.ConcurrentHashMap.newKeySet();
        dying.listen(Target.topic(topic).withServer("dying"), m -> {
            Object x = ((Map<?, ?>) m.body().get("args")).get("x");
            if ("slow".equals(x)) {
                m.holdUntilDone(); // handed to a worker that never finishes: the process dies first
            }
            ranOnDying.add(x);
        });
        for (int i = 0; i < 10; i++) {
            transport.cast(Target.topic(topic), request("note", i));
        }
        transport.cast(Target.topic(topic), request("note", "slow"));
        for (int i = 10; i < 20; i++) {
            transport.cast(Target.topic(topic), request("note", i));
        }
        await().atMost(WAIT).until(() -> ranOnDying.size() == 21);
        dying.close();
        List<Map<String, Object>> seen = echoServer(open(), "survivor");
        await().atMost(WAIT).until(() -> !seen.isEmpty());
        Thread.sleep(300); // anything else wrongly left unacknowledged would arrive now
        List<Object> xs = seen.stream().map(b -> (Object) ((Map<?, ?>) b.get("args")).get("x")).toList();
        assertThat(xs).containsExactly("slow");
    }

    @Test
    void duplicateUniqueIdIsDropped() throws Exception {
        List<Map<String, Object>> seen = echoServer(transport, "s");
        Map<String, Object> msg = request("once", 1);
        msg.put("_unique_id", "same-id");
        rawCh.basicPublish("nova", topic, jsonProps(), envelope(msg));
        rawCh.basicPublish("nova", topic, jsonProps(), envelope(msg));
        Map<String, Object> next = request("next", 2);
        next.put("_unique_id", "other-id");
        rawCh.basicPublish("nova", topic, jsonProps(), envelope(next));
        await().atMost(WAIT).until(() -> seen.stream().anyMatch(b -> b.get("method").equals("next")));
        assertThat(seen).extracting(b -> b.get("method")).containsExactly("once", "next");
        assertThat(logged("duplicate message")).isTrue();
    }

    @Test
    void malformedMessagesAreLoggedAndConsumptionContinues() throws Exception {
        List<Map<String, Object>> seen = echoServer(transport, "s");
        String replyQ = rawQueue();
        rawCh.basicPublish("nova", topic, jsonProps(), "{not json".getBytes(StandardCharsets.UTF_8));
        rawCh.basicPublish("nova", topic, jsonProps(), "[1, 2]".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> future = request("future", 1);
        future.put("_msg_id", "m-future");
        future.put("_reply_q", replyQ);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("oslo.version", "3.0");
        env.put("oslo.message", JSON.writeValueAsString(future));
        rawCh.basicPublish("nova", topic, jsonProps(), JSON.writeValueAsBytes(env));
        Map<String, Object> noMethod = new LinkedHashMap<>();
        noMethod.put("args", Map.of());
        noMethod.put("_msg_id", "m-nomethod");
        noMethod.put("_reply_q", replyQ);
        rawCh.basicPublish("nova", topic, jsonProps(), envelope(noMethod));
        byte[] huge = envelope(request("huge", "x".repeat(options().maxMessageBytes() + 10)));
        rawCh.basicPublish("nova", topic, jsonProps(), huge);
        rawCh.basicPublish("nova", topic, jsonProps(), envelope(request("fine", 1)));
        await().atMost(WAIT).until(() -> seen.stream().anyMatch(b -> b.get("method").equals("fine")));
        assertThat(seen).extracting(b -> b.get("method")).containsExactly("fine");
        assertThat(logged("body is not valid JSON")).isTrue();
        assertThat(logged("body is JSON array, not an object")).isTrue();
        assertThat(logged("unsupported envelope version 3.0")).isTrue();
        assertThat(logged("message has no 'method' string")).isTrue();
        assertThat(logged("larger than the limit of " + options().maxMessageBytes() + " bytes")).isTrue();
        Map<String, Map<String, Object>> failures = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> r = inner(take(replyQ).getBody());
            failures.put((String) r.get("_msg_id"), r);
        }
        Map<String, Object> envFailure = json(((String) failures.get("m-future").get("failure"))
                .getBytes(StandardCharsets.UTF_8));
        assertThat(envFailure.get("class")).isEqualTo("UnsupportedRpcEnvelopeVersion");
        assertThat((String) envFailure.get("message")).contains("unsupported envelope version 3.0");
        assertThat(failures.get("m-future").get("ending")).isEqualTo(true);
        assertThat((String) failures.get("m-nomethod").get("failure")).contains("no 'method' string");
    }

    @Test
    void replyForUnknownMsgIdIsDroppedWithReason() throws Exception {
        echoServer(transport, "s");
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("result", 1);
        reply.put("failure", null);
        reply.put("ending", true);
        reply.put("_msg_id", "nobody-waits");
        reply.put("_unique_id", "x1");
        rawCh.basicPublish("", transport.replyQueue(), jsonProps(), envelope(reply));
        await().atMost(WAIT).until(() -> logged("reply for unknown msg_id nobody-waits"));
        rawCh.basicPublish("", transport.replyQueue(), jsonProps(), "garbage".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> logged("Dropped a malformed reply"));
        assertThat(transport.call(Target.topic(topic), request("still", 1), WAIT).result()).isNotNull();
    }

    @Test
    void callTimesOutWithOsloText() {
        assertThatThrownBy(() -> transport.call(Target.topic(topic + "_nobody"), request("m", 1),
                Duration.ofMillis(500)))
                .isInstanceOf(MessagingTimeoutException.class)
                .hasMessageMatching("Timed out waiting for a reply to message ID [0-9a-f]{32}");
    }

    @Test
    void tooLargeMessageIsRefusedOnSend() {
        AmqpTransport small = open(options().withMaxMessageBytes(1000));
        assertThatThrownBy(() -> small.cast(Target.topic(topic), request("big", "y".repeat(2000))))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("larger than the limit of 1000 bytes");
    }

    @Test
    void closedTransportRefusesAndFailsPendingCalls() throws Exception {
        AmqpTransport t = open();
        String q = rawQueue();
        rawCh.exchangeDeclare("nova", "topic", false, false, null);
        rawCh.queueBind(q, "nova", topic);
        CompletableFuture<Reply> pending = CompletableFuture.supplyAsync(
                () -> t.call(Target.topic(topic), request("never", 1), WAIT));
        take(q);
        t.close();
        assertThatThrownBy(pending::join).hasCauseInstanceOf(MessagingException.class)
                .hasMessageContaining("transport was closed before the reply arrived");
        assertThatThrownBy(() -> t.cast(Target.topic(topic), request("late", 1)))
                .isInstanceOf(MessagingException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> t.call(Target.topic(topic), request("late", 1), WAIT))
                .isInstanceOf(MessagingException.class).hasMessageContaining("is closed");
    }

    @Test
    void handlerThatThrowsStillAnswersTheCall() {
        Subscription s = transport.listen(Target.topic(topic).withServer("s"), m -> {
            throw new IllegalStateException("boom");
        });
        toClose.add(s);
        Reply r = transport.call(Target.topic(topic), request("x", 1), WAIT);
        assertThat(r.failure()).contains("boom");
    }

    @Test
    void blockingHandlerDoesNotStopCallsFromInsideHandlers() {
        // A handler that itself calls another topic: replies must still be consumed meanwhile.
        String inner = topic + "_inner";
        Subscription in = transport.listen(Target.topic(inner).withServer("s"), m -> m.reply(new Reply("deep", null)));
        toClose.add(in);
        Subscription out = transport.listen(Target.topic(topic).withServer("s"), m -> m.reply(
                new Reply(transport.call(Target.topic(inner), request("i", 1), WAIT).result(), null)));
        toClose.add(out);
        assertThat(transport.call(Target.topic(topic), request("o", 1), WAIT).result()).isEqualTo("deep");
    }
}
