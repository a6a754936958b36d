package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.VersionedObjectSerializerTest.Gadget;
import org.tandem.rpc.amqp.AmqpTransport;
import org.tandem.rpc.internal.Json;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * RPC-level interoperability with the real Python oslo.messaging (Debian package), on RabbitMQ and
 * on the embedded Qpid broker: a Python RPCClient calls and casts Tandem {@link RpcServer}s, and a
 * Tandem {@link RpcClient} calls and casts Python oslo RPC servers (threading executor). Values,
 * nested dicts, versioned object primitives, domain exceptions, the dispatcher's version and method
 * refusals, baseapi ping, casts and fanout. One Python process per direction and broker.
 */
@ServicesTest
class RpcInteropIT {
    static final Path SCRIPT = Path.of("src/test/python/oslo_rpc_peer.py").toAbsolutePath();
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(120);
    static EmbeddedBroker qpid;

    /** Tandem's stand-in for a Nova domain exception; Python rebuilds it from the fake nova.exception. */
    public static final class GadgetBroken extends TandemException {
        public GadgetBroken(String message, Map<String, ?> kwargs) {
            super(message, kwargs);
        }

        @Override
        protected int defaultCode() {
            return 409;
        }
    }

    /** The endpoint every Tandem server offers; casts are recorded as "server:n". */
    @RpcEndpoint(version = "1.3")
    public static final class GadgetService {
        final String name;
        final List<String> casts;

        GadgetService(String name, List<String> casts) {
            this.name = name;
            this.casts = casts;
        }

        public Map<String, Object> echo(RequestContext ctx, Object value) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("value", value);
            out.put("server", name);
            out.put("request_id", ctx.requestId());
            out.put("user_id", ctx.userId());
            return out;
        }

        public Map<String, Object> nest(RequestContext ctx, Map<String, Object> outer) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("wrapped", outer);
            out.put("keys", new ArrayList<>(new java.util.TreeSet<>(outer.keySet())));
            out.put("depth", Map.of("a", Map.of("b", Map.of("c", java.util.Arrays.asList(1, 2.5, null, true)))));
            return out;
        }

        public VersionedObject repaint(RequestContext ctx, VersionedObject gadget, String color) {
            Gadget g = (Gadget) gadget; // hydrated by VersionedObjectSerializer
            g.resetChanges();
            g.set(Gadget.COLOR, color);
            return g;
        }

        public Object breakGadget(RequestContext ctx, String name) {
            throw new GadgetBroken("Gadget " + name + " is broken", Map.of("gadget", name));
        }

        public void note(RequestContext ctx, int n) {
            casts.add(this.name + ":" + n);
        }
    }

    @BeforeAll
    static void setUp() {
        RealServices.requireRabbitMq();
        RealServices.requirePython("oslo_messaging", "python3-oslo.messaging");
        RealServices.requirePython("oslo_versionedobjects", "python3-oslo.versionedobjects");
        assertThat(SCRIPT).exists();
        qpid = EmbeddedBroker.start(0);
    }

    @AfterAll
    static void tearDown() {
        if (qpid != null) {
            qpid.close();
        }
    }

    static Stream<Arguments> brokers() {
        return Stream.of(Arguments.of("RabbitMQ"), Arguments.of("Qpid"));
    }

    static String url(String broker) {
        return broker.equals("RabbitMQ") ? RealServices.RABBIT_URL : qpid.transportUrl();
    }

    static String login(String broker) {
        return broker.equals("RabbitMQ") ? "AMQPLAIN" : "PLAIN";
    }

    static Map<String, Object> step(String id, String op, String method, Object... more) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("op", op);
        s.put("method", method);
        s.putAll(RpcClient.args(more));
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    @SuppressWarnings("unchecked")
    void pythonClientCallsAndCastsTandemServers(String broker) throws Exception {
        String url = url(broker);
        String topic = "rpcpy" + java.util.UUID.randomUUID().toString().substring(0, 8);
        List<String> casts = new CopyOnWriteArrayList<>();
        List<AutoCloseable> toClose = new ArrayList<>();
        try {
            for (String host : List.of("j1", "j2", "j3")) {
                AmqpTransport t = AmqpTransport.open(url, TransportOptions.defaults().withProcessName("interop-" + host));
                RpcServer s = RpcServer.builder(t, topic, host).serviceName("tandem-gadgets")
                        .serializer(new VersionedObjectSerializer(VersionedObjectSerializerTest.NEW))
                        .endpoint(Endpoint.of(new GadgetService(host, casts))).build();
                s.start();
                toClose.add(0, t);
                toClose.add(0, s);
            }
            List<Map<String, Object>> steps = List.of(
                    step("int", "call", "echo", "args", Map.of("value", 42)),
                    step("text", "call", "echo", "args", Map.of("value", "héllo \"wörld\""), "server", "j2",
                            "version", "1.2"),
                    step("nested", "call", "nest", "args", Map.of("outer", Map.of("z", List.of(1, Map.of("y", "x")),
                            "a", Map.of("deep", Map.of("deeper", false))))),
                    step("object", "call", "repaint", "args", Map.of("color", "purple"), "hydrate", "gadget"),
                    step("domain", "call", "break_gadget", "args", Map.of("name", "g1")),
                    step("domain_plain", "call", "break_gadget", "args", Map.of("name", "g2"), "exmods", List.of()),
                    step("version", "call", "echo", "args", Map.of("value", 1), "version", "9.0"),
                    step("version_rebuilt", "call", "echo", "args", Map.of("value", 1), "version", "1.4",
                            "exmods", List.of("oslo_messaging.rpc.dispatcher")),
                    step("method", "call", "no_such_thing", "args", Map.of(), "version", "1.0"),
                    step("method_rebuilt", "call", "no_such_thing", "args", Map.of(),
                            "exmods", List.of("oslo_messaging.rpc.dispatcher")),
                    step("ping", "call", "ping", "args", Map.of("arg", "1.21 GigaWatts"), "namespace", "baseapi",
                            "version", "1.1"),
                    step("cast", "cast", "note", "args", Map.of("n", 7), "server", "j3"),
                    step("fanout", "cast", "note", "args", Map.of("n", 8), "fanout", true));
            Map<String, Map<String, Object>> out = runClient(url, topic, login(broker), steps);

            Map<String, Object> echoed = (Map<String, Object>) out.get("int").get("result");
            assertThat(echoed).containsEntry("value", 42).containsEntry("request_id", "req-python-rpc")
                    .containsEntry("user_id", "pyuser");
            assertThat((String) echoed.get("server")).isIn("j1", "j2", "j3");
            assertThat((Map<String, Object>) out.get("text").get("result")).containsEntry("value", "héllo \"wörld\"")
                    .containsEntry("server", "j2");
            Map<String, Object> nested = (Map<String, Object>) out.get("nested").get("result");
            assertThat(nested.get("wrapped")).isEqualTo(Map.of("z", List.of(1, Map.of("y", "x")),
                    "a", Map.of("deep", Map.of("deeper", false))));
            assertThat(nested.get("keys")).isEqualTo(List.of("a", "z"));
            assertThat(nested.get("depth")).isEqualTo(Map.of("a", Map.of("b", Map.of("c",
                    java.util.Arrays.asList(1, 2.5, null, true)))));

            Map<String, Object> primitive = (Map<String, Object>) out.get("object").get("result");
            assertThat(primitive).containsEntry("nova_object.name", "Gadget").containsEntry("nova_object.namespace",
                    "nova").containsEntry("nova_object.version", "1.1")
                    .containsEntry("nova_object.data", Map.of("name", "py-gadget", "color", "purple"))
                    .containsEntry("nova_object.changes", List.of("color"));
            assertThat(out.get("object").get("hydrated")).isEqualTo(Map.of("name", "py-gadget", "color", "purple",
                    "version", "1.1", "changes", List.of("color")));

            assertThat((String) out.get("domain").get("error_class")).isEqualTo("GadgetBroken_Remote");
            assertThat(out.get("domain")).containsEntry("error_module", "nova.exception_Remote")
                    .containsEntry("error", "Gadget g1 is broken")
                    .containsEntry("kwargs", Map.of("gadget", "g1", "code", 409));
            assertThat(out.get("domain_plain")).containsEntry("error_class", "RemoteError")
                    .containsEntry("exc_type", "GadgetBroken").containsEntry("value", "Gadget g2 is broken");

            assertThat(out.get("version")).containsEntry("error_class", "RemoteError")
                    .containsEntry("exc_type", "UnsupportedVersion")
                    .containsEntry("value", "Endpoint does not support RPC version 9.0. Attempted method: echo");
            assertThat(out.get("version_rebuilt")).containsEntry("error_class", "UnsupportedVersion_Remote")
                    .containsEntry("error", "Endpoint does not support RPC version 1.4. Attempted method: echo");
            assertThat(out.get("method")).containsEntry("error_class", "RemoteError")
                    .containsEntry("exc_type", "NoSuchMethod")
                    .containsEntry("value", "Endpoint does not support RPC method no_such_thing");
            assertThat(out.get("method_rebuilt")).containsEntry("error_class", "NoSuchMethod_Remote")
                    .containsEntry("error", "Endpoint does not support RPC method no_such_thing");

            assertThat(out.get("ping").get("result")).isEqualTo(Map.of("service", "tandem-gadgets",
                    "arg", "1.21 GigaWatts"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(casts)
                    .containsExactlyInAnyOrder("j3:7", "j1:8", "j2:8", "j3:8"));
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
            deleteQueues(url, topic, topic + ".j1", topic + ".j2", topic + ".j3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void tandemClientCallsAndCastsPythonServers(String broker) throws Exception {
        String url = url(broker);
        String topic = "rpcjv" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Process p = new ProcessBuilder(RealServices.PYTHON, SCRIPT.toString(), "server", url, topic, login(broker),
                "p1,p2,p3").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<Map<String, Object>> lines = new LinkedBlockingQueue<>();
        Thread reader = readLines(p, lines);
        try (AmqpTransport t = AmqpTransport.open(url, TransportOptions.defaults().withProcessName("interop"))) {
            Map<String, Object> ready = lines.poll(PEER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(ready).as("python servers did not start").isNotNull().containsEntry("step", "READY");
            RemoteExceptions allowNova = RemoteExceptions.defaults().toBuilder().register(
                    TandemException.NOVA_EXCEPTION_MODULE, "GadgetBroken",
                    f -> new GadgetBroken(f.message(), f.kwargs())).build();
            RpcClient client = RpcClient.builder(t, Target.topic(topic).withVersion(org.tandem.version.Version.of(1, 2)))
                    .timeout(Duration.ofSeconds(30)).remoteExceptions(allowNova)
                    .serializer(new VersionedObjectSerializer(VersionedObjectSerializerTest.NEW)).build();
            RequestContext ctx = RequestContext.builder().userId("ju").projectId("jp").requestId("req-java-rpc")
                    .build();

            @SuppressWarnings("unchecked")
            Map<String, Object> echoed = (Map<String, Object>) client.call(ctx, "echo", RpcClient.args("value", 42));
            assertThat(echoed).containsEntry("value", 42).containsEntry("request_id", "req-java-rpc");
            assertThat((String) echoed.get("server")).isIn("p1", "p2", "p3");
            assertThat(client.prepare(x -> x.server("p2")).call(ctx, "echo", RpcClient.args("value",
                    List.of("a", 1.5, true)))).isEqualTo(Map.of("value", List.of("a", 1.5, true), "server", "p2",
                    "request_id", "req-java-rpc"));
            Map<String, Object> outer = Map.of("k", Map.of("l", List.of(Map.of("m", "n"))), "b", 2);
            assertThat(client.call(ctx, "nest", RpcClient.args("outer", outer))).isEqualTo(Map.of("wrapped", outer,
                    "keys", List.of("b", "k"), "depth", Map.of("a", Map.of("b", Map.of("c",
                            java.util.Arrays.asList(1, 2.5, null, true))))));

            Object repainted = client.call(ctx, "repaint", RpcClient.args("gadget",
                    VersionedObjectSerializerTest.gadget("jg", "red"), "color", "blue"));
            assertThat(repainted).isInstanceOf(Gadget.class);
            Gadget g = (Gadget) repainted;
            assertThat(g.get(Gadget.NAME)).isEqualTo("jg");
            assertThat(g.get(Gadget.COLOR)).isEqualTo("blue");
            assertThat(g.version()).isEqualTo(Gadget.V1_1);
            assertThat(g.whatChanged()).containsExactly("color");

            assertThatThrownBy(() -> client.call(ctx, "boom", RpcClient.args("text", "keys")))
                    .isInstanceOfSatisfying(RemoteError.class, e -> {
                        assertThat(e.excType()).isEqualTo("KeyError");
                        assertThat(e.value()).isEqualTo("'python lost keys'");
                        assertThat(e.traceback()).isNotEmpty();
                    });
            assertThatThrownBy(() -> client.call(ctx, "break_gadget", RpcClient.args("name", "pg")))
                    .isInstanceOfSatisfying(GadgetBroken.class, e -> {
                        assertThat(e).hasMessage("Gadget pg is broken");
                        assertThat(e.kwargs()).containsEntry("gadget", "pg").containsEntry("code", 409);
                    });
            RpcClient plain = RpcClient.builder(t, Target.topic(topic)).timeout(Duration.ofSeconds(30)).build();
            assertThatThrownBy(() -> plain.call(ctx, "break_gadget", RpcClient.args("name", "pg")))
                    .isInstanceOfSatisfying(RemoteError.class, e -> {
                        assertThat(e.excType()).isEqualTo("GadgetBroken");
                        assertThat(e.value()).isEqualTo("Gadget pg is broken");
                    });
            assertThatThrownBy(() -> client.prepare(x -> x.version("1.4")).call(ctx, "echo",
                    RpcClient.args("value", 1)))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessage("Endpoint does not support RPC version 1.4. Attempted method: echo");
            assertThatThrownBy(() -> client.prepare(x -> x.version("2.0")).call(ctx, "echo",
                    RpcClient.args("value", 1)))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessage("Endpoint does not support RPC version 2.0. Attempted method: echo");
            assertThatThrownBy(() -> client.call(ctx, "no_such_thing", Map.of()))
                    .isInstanceOfSatisfying(NoSuchRpcMethodException.class,
                            e -> assertThat(e.method()).isEqualTo("no_such_thing"))
                    .hasMessage("Endpoint does not support RPC method no_such_thing");

            client.prepare(x -> x.server("p3")).cast(ctx, "note", RpcClient.args("n", 7));
            client.prepare(x -> x.fanout(true)).cast(ctx, "note", RpcClient.args("n", 8));
            List<String> casts = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (casts.size() < 4 && System.nanoTime() < deadline) {
                Map<String, Object> line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && "cast".equals(line.get("step"))) {
                    assertThat(line).containsEntry("user_id", "ju");
                    casts.add(line.get("server") + ":" + line.get("n"));
                }
            }
            assertThat(casts).containsExactlyInAnyOrder("p3:7", "p1:8", "p2:8", "p3:8");
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            reader.join(10_000);
            deleteQueues(url, topic, topic + ".p1", topic + ".p2", topic + ".p3");
        }
    }

    /** Runs the Python client over {@code steps}; returns its lines by step id. */
    private static Map<String, Map<String, Object>> runClient(String url, String topic, String login,
            List<Map<String, Object>> steps) throws Exception {
        Process p = new ProcessBuilder(RealServices.PYTHON, SCRIPT.toString(), "client", url, topic, login)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(Json.encode(steps).getBytes(StandardCharsets.UTF_8));
        }
        List<String> raw = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                raw.add(line);
            }
        } finally {
            if (!p.waitFor(PEER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(p.exitValue()).as("python client output: %s", raw).isZero();
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (String l : raw) {
            Map<String, Object> m = Json.decodeObject(l, "python client line");
            byId.put(String.valueOf(m.containsKey("id") ? m.get("id") : m.get("step")), m);
        }
        assertThat(byId).as("python client output: %s", raw).containsKey("done");
        for (Map<String, Object> s : steps) {
            assertThat(byId).as("python client output: %s", raw).containsKey((String) s.get("id"));
        }
        return byId;
    }

    private static Thread readLines(Process p, BlockingQueue<Map<String, Object>> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.add(Json.decodeObject(line, "python server line"));
                }
            } catch (Exception e) {
                into.add(Map.of("step", "reader failed: " + e));
            }
        }, "python-peer-reader");
        t.setDaemon(true);
        t.start();
        return t;
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
}
