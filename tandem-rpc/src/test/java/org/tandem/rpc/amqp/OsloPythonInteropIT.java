package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * Tandem's AMQP transport against the real Python oslo.messaging (Debian package), over real
 * RabbitMQ and over the embedded Qpid broker: a Python RPCClient calls and casts a Tandem
 * listener, and a Tandem caller reaches a Python RPC server.
 */
@ServicesTest
class OsloPythonInteropIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCRIPT = Path.of("src/test/python/oslo_peer.py").toAbsolutePath();
    static EmbeddedBroker qpid;

    @BeforeAll
    static void setUp() {
        RealServices.requireRabbitMq();
        RealServices.requirePython("oslo_messaging", "python3-oslo.messaging");
        assertThat(SCRIPT).exists();
        qpid = EmbeddedBroker.start(0);
    }

    @AfterAll
    static void tearDown() {
        if (qpid != null) {
            qpid.close();
        }
    }

    @Test
    void pythonClientCallsTandemListenerOnRabbitMq() throws Exception {
        pythonClientCallsTandemListener(RealServices.RABBIT_URL, "AMQPLAIN");
    }

    @Test
    void pythonClientCallsTandemListenerOnEmbeddedQpid() throws Exception {
        // oslo's default rabbit_login_method AMQPLAIN is not offered by Qpid Broker-J: PLAIN is needed.
        pythonClientCallsTandemListener(qpid.transportUrl(), "PLAIN");
    }

    @Test
    void osloDefaultLoginMethodIsRefusedByQpid() throws Exception {
        Process p = new ProcessBuilder(RealServices.PYTHON, SCRIPT.toString(), "server", qpid.transportUrl(),
                "nologin", "x").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("Couldn't find appropriate auth mechanism (can offer: AMQPLAIN");
    }

    @Test
    void tandemAndPythonServersShareOneTopicQueueOnRabbitMq() throws Exception {
        // Mixed-version clusters: a Tandem server and an oslo server consume the same queues, so their
        // exchange and queue declarations must be equivalent (RabbitMQ refuses a mismatch with 406).
        String url = RealServices.RABBIT_URL;
        String topic = "mixed" + AmqpTransport.hex().substring(0, 8);
        try (AmqpTransport t = AmqpTransport.open(url, TransportOptions.defaults().withProcessName("mixed"));
                Subscription s = t.listen(Target.topic(topic).withServer("j1"),
                        m -> m.reply(new Reply(Map.of("sum", "tandem"), null)))) {
            Process p = new ProcessBuilder(RealServices.PYTHON, SCRIPT.toString(), "server", url, topic, "py1")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("python server did not start").contains("READY");
                java.util.Set<Object> answeredBy = new java.util.HashSet<>();
                for (int i = 0; i < 20; i++) {
                    Map<String, Object> add = new LinkedHashMap<>();
                    add.put("method", "add");
                    add.put("args", Map.of("a", i, "b", 0));
                    Reply r = t.call(Target.topic(topic), add, Duration.ofSeconds(30));
                    assertThat(r.failure()).isNull();
                    answeredBy.add(((Map<?, ?>) r.result()).get("sum") instanceof String ? "tandem" : "python");
                }
                assertThat(answeredBy).containsExactlyInAnyOrder("tandem", "python");
            } finally {
                p.getOutputStream().close();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                deleteQueues(url, topic, topic + ".j1", topic + ".py1");
            }
        }
    }

    @Test
    void tandemCallsPythonServerOnRabbitMq() throws Exception {
        tandemCallsPythonServer(RealServices.RABBIT_URL, "AMQPLAIN");
    }

    @Test
    void tandemCallsPythonServerOnEmbeddedQpid() throws Exception {
        tandemCallsPythonServer(qpid.transportUrl(), "PLAIN");
    }

    /** Shared topic queues outlive their consumers (as in oslo): remove a test's ones. */
    static void deleteQueues(String url, String... queues) {
        org.tandem.rpc.transport.TransportUrl u = org.tandem.rpc.transport.TransportUrls.parse(url);
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        f.setHost(u.hosts().get(0).hostname());
        f.setPort(u.hosts().get(0).port());
        f.setVirtualHost(u.virtualHost());
        try (com.rabbitmq.client.Connection c = f.newConnection()) {
            for (String q : queues) {
                try (com.rabbitmq.client.Channel ch = c.createChannel()) {
                    ch.queueDelete(q);
                } catch (Exception ignored) {
                    // already gone
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cleanup failed: " + e, e);
        }
    }

    static Map<String, Object> parse(String line) throws Exception {
        return JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    void pythonClientCallsTandemListener(String url, String loginMethod) throws Exception {
        String topic = "py" + AmqpTransport.hex().substring(0, 8);
        List<Map<String, Object>> casts = new CopyOnWriteArrayList<>();
        try (AmqpTransport t = AmqpTransport.open(url, TransportOptions.defaults().withProcessName("interop"));
                Subscription s = t.listen(Target.topic(topic).withServer("tandem1"), m -> {
                    Map<String, Object> body = m.body();
                    switch ((String) body.get("method")) {
                        case "echo" -> {
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("echo", body.get("args"));
                            r.put("version", body.get("version"));
                            r.put("request_id", body.get("_context_request_id"));
                            m.reply(new Reply(r, null));
                        }
                        case "fail" -> m.reply(new Reply(null, "{\"class\": \"ValueError\", \"module\": \"builtins\","
                                + " \"message\": \"tandem refuses: because\", \"tb\": [\"Traceback: tandem\"],"
                                + " \"args\": [\"tandem refuses: because\"], \"kwargs\": {}}"));
                        case "silent" -> {
                            // never answered: the Python caller must time out
                        }
                        default -> casts.add(body);
                    }
                })) {
            Process p = new ProcessBuilder(RealServices.PYTHON, SCRIPT.toString(), "client", url, topic, "tandem1",
                    loginMethod)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } finally {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            assertThat(p.exitValue()).as("python client output: %s", lines).isZero();
            Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
            for (String l : lines) {
                Map<String, Object> m = parse(l);
                steps.put((String) m.get("step"), m);
            }
            assertThat(steps).containsKeys("shared", "directed", "failure", "timeout", "done");
            Map<String, Object> shared = new LinkedHashMap<>();
            shared.put("echo", Map.of("x", 1, "text", "hello"));
            shared.put("version", null); // oslo sends no version key when the target has none
            shared.put("request_id", "req-python-1");
            assertThat(steps.get("shared").get("result")).isEqualTo(shared);
            @SuppressWarnings("unchecked")
            Map<String, Object> directed = (Map<String, Object>) steps.get("directed").get("result");
            assertThat(directed).containsEntry("version", "1.1").containsEntry("echo", Map.of("x", 2));
            assertThat((String) steps.get("failure").get("error_class")).startsWith("ValueError");
            assertThat((String) steps.get("failure").get("error")).contains("tandem refuses: because");
            assertThat(steps.get("timeout").get("error_class")).isEqualTo("MessagingTimeout");
            await().atMost(Duration.ofSeconds(20)).until(() -> casts.size() == 2);
            assertThat(casts).extracting(b -> (Object) ((Map<?, ?>) b.get("args")).get("n")).containsExactlyInAnyOrder(3, 4);
            assertThat(casts.get(0)).containsEntry("_context_user_id", "u1").doesNotContainKeys("_unique_id",
                    "_msg_id", "_reply_q");
        } finally {
            deleteQueues(url, topic, topic + ".tandem1");
        }
    }

    void tandemCallsPythonServer(String url, String loginMethod) throws Exception {
        String topic = "pysrv" + AmqpTransport.hex().substring(0, 8);
        Process p = new ProcessBuilder(RealServices.PYTHON, SCRIPT.toString(), "server", url, topic, "py1",
                loginMethod)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (AmqpTransport t = AmqpTransport.open(url, TransportOptions.defaults().withProcessName("interop"))) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).as("python server did not start").contains("READY");
            Map<String, Object> add = new LinkedHashMap<>();
            add.put("method", "add");
            add.put("args", Map.of("a", 2, "b", 3));
            add.put("version", "1.2");
            add.put("_context_request_id", "req-java");
            Reply sum = t.call(Target.topic(topic).withServer("py1"), add, Duration.ofSeconds(30));
            assertThat(sum.failure()).isNull();
            assertThat(sum.result()).isEqualTo(Map.of("sum", 5, "request_id", "req-java"));
            Reply shared = t.call(Target.topic(topic), add, Duration.ofSeconds(30));
            assertThat(shared.result()).isEqualTo(Map.of("sum", 5, "request_id", "req-java"));

            Map<String, Object> boom = new LinkedHashMap<>();
            boom.put("method", "boom");
            boom.put("args", Map.of("text", "hi"));
            Reply failed = t.call(Target.topic(topic).withServer("py1"), boom, Duration.ofSeconds(30));
            assertThat(failed.result()).isNull();
            Map<String, Object> failure = parse(failed.failure());
            assertThat(failure).containsEntry("class", "ValueError").containsEntry("module", "builtins")
                    .containsEntry("message", "python says: hi").containsKeys("tb", "args", "kwargs");

            Map<String, Object> unsupported = new LinkedHashMap<>(add);
            unsupported.put("version", "2.0");
            Reply wrongVersion = t.call(Target.topic(topic), unsupported, Duration.ofSeconds(30));
            assertThat(wrongVersion.failure()).contains("UnsupportedVersion");
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            deleteQueues(url, topic, topic + ".py1");
        }
    }

}
