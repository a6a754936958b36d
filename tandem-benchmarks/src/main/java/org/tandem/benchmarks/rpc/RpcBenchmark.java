package org.tandem.benchmarks.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectRegistry;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.RpcServer;
import org.tandem.rpc.RpcServerOptions;
import org.tandem.rpc.Target;
import org.tandem.rpc.VersionedObjectSerializer;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.Transports;
import org.tandem.version.Version;

/**
 * RPC benchmark: in one run on one broker, raw amqp-client request/reply, Tandem RPC and real
 * oslo.messaging (Python, timed by Python), each sequential and with 32 concurrent callers, with a
 * small and a ~6 KB object payload, plus casts per second. Prints a table and the ratios.
 *
 * <pre>
 *   RpcBenchmark [--broker rabbit|qpid|memory] [--duration SECONDS] [--url rabbit://...] [--no-oslo]
 *                [--rounds R]
 * </pre>
 *
 * With {@code --rounds R} every row is measured R times, the rounds one after another, and each ratio
 * is reported as the median of its R per-round ratios, with every round's value beside it.
 */
public final class RpcBenchmark {
    static final int CONCURRENT = 32;
    /** The issue-11 target is stated at 1 and 8 callers; 32 stays for comparison with earlier tables. */
    static final int CALLERS_8 = 8;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Object> SMALL = Map.of("x", 1, "text", "hello");

    record Row(String name, long count, double seconds, double p50, double p99) {
        double throughput() {
            return count / seconds;
        }
    }

    /** Endpoint of the Tandem server. */
    public static final class BenchEndpoint {
        final AtomicLong casts = new AtomicLong();

        public Object echo(RequestContext ctx, Object payload) {
            return payload;
        }

        public void note(RequestContext ctx, long n) {
            casts.incrementAndGet();
        }
    }

    @FunctionalInterface
    interface Call {
        void call() throws Exception;
    }

    @FunctionalInterface
    interface CallerFactory {
        Call open() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String broker = "rabbit";
        double seconds = 3;
        String url = null;
        boolean oslo = true;
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--broker" -> broker = args[++i];
                case "--duration" -> seconds = Double.parseDouble(args[++i]);
                case "--url" -> url = args[++i];
                case "--no-oslo" -> oslo = false;
                case "--rounds" -> rounds = rounds(args, ++i);
                case "-h", "--help" -> {
                    System.out.println(USAGE + "\n  --rounds R  measure every row R times; each ratio is the median of"
                            + " its R per-round ratios (each round's value printed beside it)");
                    System.exit(0);
                }
                default -> {
                    System.err.println(USAGE + "; unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        EmbeddedBroker qpid = null;
        String login = null;
        switch (broker) {
            case "rabbit" -> url = url == null ? "rabbit://guest:guest@127.0.0.1:5672/" : url;
            case "qpid" -> {
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                qpid = EmbeddedBroker.start(port);
                url = "rabbit://guest:guest@127.0.0.1:" + qpid.port() + "/";
                login = "PLAIN";
            }
            case "memory" -> url = "memory://bench-" + UUID.randomUUID();
            default -> {
                System.err.println("--broker must be rabbit, qpid or memory, got " + broker);
                System.exit(2);
            }
        }
        System.out.printf(Locale.ROOT, "RPC benchmark: broker=%s url=%s duration=%.1fs per row, %d concurrent callers, java %s, %d cpus%n",
                broker, url.replaceAll("//[^@]*@", "//"), seconds, CONCURRENT, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        List<List<Row>> results = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.printf(Locale.ROOT, "%n== round %d of %d%n", round, rounds);
                }
                List<Row> rows = new ArrayList<>();
                if (!broker.equals("memory")) {
                    rows.addAll(raw(url, seconds));
                }
                rows.addAll(tandem(url, seconds));
                if (oslo && !broker.equals("memory")) {
                    rows.addAll(oslo(url, seconds, login));
                }
                print(rows);
                results.add(rows);
            }
        } finally {
            if (qpid != null) {
                qpid.close();
            }
        }
        if (rounds > 1) {
            printMedians(results);
        }
        System.exit(0);
    }

    static final String USAGE = "usage: rpc-bench [--broker rabbit|qpid|memory] [--duration SECONDS]"
            + " [--url rabbit://user:pass@host:port/] [--no-oslo] [--rounds R]";

    private static int rounds(String[] args, int i) {
        int r = i < args.length && args[i].matches("[1-9][0-9]{0,2}") ? Integer.parseInt(args[i]) : 0;
        if (r < 1) {
            System.err.println(USAGE + "; --rounds needs a whole number from 1 to 999, got "
                    + (i < args.length ? "'" + args[i] + "'" : "nothing"));
            System.exit(2);
        }
        return r;
    }

    // ---- raw amqp-client -------------------------------------------------------------------------

    static List<Row> raw(String url, double seconds) throws Exception {
        ConnectionFactory cf = new ConnectionFactory();
        cf.setUri(url.replaceFirst("^rabbit://", "amqp://").replaceFirst("/$", "/%2F"));
        String queue = "bench_raw_" + UUID.randomUUID();
        try (Connection serverConn = cf.newConnection("bench-raw-server");
                Connection clientConn = cf.newConnection("bench-raw-client")) {
            Channel sch = serverConn.createChannel();
            sch.queueDeclare(queue, false, true, true, null);
            sch.basicConsume(queue, true, new DefaultConsumer(sch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                        throws java.io.IOException {
                    AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                            .correlationId(props.getCorrelationId()).contentType("application/json").build();
                    sch.basicPublish("", props.getReplyTo(), reply, body);
                }
            });
            CallerFactory small = () -> rawCaller(clientConn, queue, SMALL);
            CallerFactory obj = () -> rawCaller(clientConn, queue, BenchObject.sample().toPrimitive());
            measure("raw warm-up", 4, Math.min(1.0, seconds), small); // JIT and queues, discarded
            measure("raw warm-up", 4, Math.min(1.0, seconds), obj);
            List<Row> rows = new ArrayList<>();
            rows.add(measure("raw call seq small", 1, seconds, small));
            rows.add(measure("raw call c8 small", CALLERS_8, seconds, small));
            rows.add(measure("raw call c32 small", CONCURRENT, seconds, small));
            rows.add(measure("raw call seq obj6k", 1, seconds, obj));
            rows.add(measure("raw call c8 obj6k", CALLERS_8, seconds, obj));
            rows.add(measure("raw call c32 obj6k", CONCURRENT, seconds, obj));
            rows.add(rawCasts(serverConn, clientConn, seconds, false));
            rows.add(rawCasts(serverConn, clientConn, seconds, true));
            rows.addAll(rawOslo(serverConn, clientConn, seconds));
            return rows;
        }
    }

    /** Sends cast number n. */
    @FunctionalInterface
    interface Sender {
        void send(long n) throws Exception;
    }

    /**
     * Sends casts one after another for {@code seconds}, then waits (at most 60 s) until
     * {@code consumed} says the consumer has them all: the row counts what was consumed over the
     * whole time, sending and draining.
     */
    static Row castRow(String name, double seconds, AtomicLong consumed, Sender sender) throws Exception {
        long sent = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            sender.send(sent);
            sent++;
        }
        long waitUntil = System.nanoTime() + 60_000_000_000L;
        while (consumed.get() < sent && System.nanoTime() < waitUntil) {
            Thread.sleep(1);
        }
        return new Row(name, consumed.get(), (System.nanoTime() - start) / 1e9, Double.NaN, Double.NaN);
    }

    /**
     * Raw publish -> consume: one publisher sends small JSON messages sequentially for the duration,
     * a consumer decodes each; counted when the consumer has them all (as "tandem cast seq").
     * {@code acked == false} ("raw cast seq", the row the target is stated against): transient
     * messages, plain publish, consumer with automatic acknowledgement. {@code acked == true}
     * ("raw cast seq acked"): what Tandem's delivery guarantees ask of the same client, persistent
     * (delivery mode 2), mandatory publish, and each message acknowledged by the consumer after it
     * was decoded (one {@code basic.ack} per message).
     */
    static Row rawCasts(Connection serverConn, Connection clientConn, double seconds, boolean acked) throws Exception {
        String queue = "bench_raw_cast_" + UUID.randomUUID();
        Channel sch = serverConn.createChannel();
        sch.queueDeclare(queue, false, true, true, null);
        AtomicLong consumed = new AtomicLong();
        sch.basicConsume(queue, !acked, new DefaultConsumer(sch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws java.io.IOException {
                JSON.readValue(body, Map.class);
                consumed.incrementAndGet();
                if (acked) {
                    sch.basicAck(env.getDeliveryTag(), false);
                }
            }
        });
        Channel ch = clientConn.createChannel();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(acked ? 2 : null).build();
        Row row = castRow(acked ? "raw cast seq acked" : "raw cast seq", seconds, consumed, n -> {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("method", "note");
            msg.put("args", Map.of("n", n));
            ch.basicPublish("", queue, acked, props, JSON.writeValueAsBytes(msg));
        });
        ch.close();
        sch.close();
        return row;
    }

    /**
     * Raw request/reply with what the oslo protocol and Tandem's delivery guarantees ask of any client
     * ("raw call ... oslo", an extra baseline; the targets stay stated against the rows above): the
     * small request as an oslo 2.0 envelope (the dict, with a request context's {@code _context_*}
     * keys, as a JSON string inside JSON) published persistent and mandatory with an expiration to a
     * topic exchange, read by the server (both JSON layers), answered with an envelope and
     * acknowledged by it after replying, one {@code basic.ack} each; the reply read the same way.
     */
    static List<Row> rawOslo(Connection serverConn, Connection clientConn, double seconds) throws Exception {
        String exchange = "bench_raw_oslo_" + UUID.randomUUID();
        String queue = exchange + "_q";
        Channel sch = serverConn.createChannel();
        Channel spub = serverConn.createChannel();
        sch.exchangeDeclare(exchange, "topic", false, true, null);
        sch.queueDeclare(queue, false, true, true, null);
        sch.queueBind(queue, exchange, queue);
        Map<String, Object> context = RequestContext.builder().userId("u1").projectId("p1").build().toContextKeys();
        sch.basicConsume(queue, false, new DefaultConsumer(sch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws java.io.IOException {
                Map<?, ?> request = unwrap(body);
                Map<String, Object> reply = new LinkedHashMap<>();
                reply.put("result", ((Map<?, ?>) request.get("args")).get("payload"));
                reply.put("failure", null);
                reply.put("ending", true);
                reply.put("_msg_id", request.get("_msg_id"));
                reply.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
                spub.basicPublish("", (String) request.get("_reply_q"), true, osloProps(null), wrap(reply));
                sch.basicAck(env.getDeliveryTag(), false);
            }
        });
        CallerFactory small = () -> rawOsloCaller(clientConn, exchange, queue, context);
        measure("raw warm-up", 4, Math.min(1.0, seconds), small);
        List<Row> rows = new ArrayList<>();
        rows.add(measure("raw call seq small oslo", 1, seconds, small));
        rows.add(measure("raw call c8 small oslo", CALLERS_8, seconds, small));
        sch.close();
        spub.close();
        rows.add(rawOsloCasts(serverConn, clientConn, seconds, context));
        return rows;
    }

    /** Deliveries the raw oslo cast consumer acknowledges with one {@code basic.ack(multiple)}. */
    static final int RAW_ACK_BATCH = 32;

    /**
     * Raw publish -> consume of what a Tandem (or oslo) cast is on the wire ("raw cast seq oslo", an
     * extra baseline like "raw call ... oslo"): the small cast as a 2.0 envelope with the request
     * context's {@code _context_*} keys and a {@code _unique_id}, published persistent and mandatory to
     * a topic exchange; the consumer reads both JSON layers and acknowledges in batches of
     * {@value #RAW_ACK_BATCH} ({@code basic.ack multiple}, as Tandem's acknowledger batches; oslo
     * acknowledges each message). It shows what the broker's side of the protocol leaves of the
     * plain "raw cast seq" rate.
     */
    static Row rawOsloCasts(Connection serverConn, Connection clientConn, double seconds, Map<String, Object> context)
            throws Exception {
        String exchange = "bench_raw_oslo_cast_" + UUID.randomUUID();
        String queue = exchange + "_q";
        Channel sch = serverConn.createChannel();
        sch.exchangeDeclare(exchange, "topic", false, true, null);
        sch.queueDeclare(queue, false, true, true, null);
        sch.queueBind(queue, exchange, queue);
        AtomicLong consumed = new AtomicLong();
        sch.basicConsume(queue, false, new DefaultConsumer(sch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws java.io.IOException {
                unwrap(body);
                consumed.incrementAndGet();
                if (env.getDeliveryTag() % RAW_ACK_BATCH == 0) {
                    sch.basicAck(env.getDeliveryTag(), true);
                }
            }
        });
        Channel ch = clientConn.createChannel();
        AMQP.BasicProperties props = osloProps(null);
        Row row = castRow("raw cast seq oslo", seconds, consumed, n -> {
            Map<String, Object> cast = new LinkedHashMap<>();
            cast.put("method", "note");
            cast.put("args", Map.of("n", n));
            cast.putAll(context);
            cast.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
            ch.basicPublish(exchange, queue, true, props, wrap(cast));
        });
        ch.close();
        sch.close();
        return row;
    }

    static Call rawOsloCaller(Connection conn, String exchange, String key, Map<String, Object> context)
            throws Exception {
        Channel ch = conn.createChannel();
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);
        String replyQueue = replyQueue(ch, replies);
        return () -> {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("method", "echo");
            request.put("args", Map.of("payload", SMALL));
            request.putAll(context);
            request.put("_msg_id", UUID.randomUUID().toString().replace("-", ""));
            request.put("_reply_q", replyQueue);
            request.put("_timeout", null);
            request.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
            ch.basicPublish(exchange, key, true, osloProps("30000"), wrap(request));
            byte[] reply = replies.poll(30, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("raw oslo reply timed out");
            }
            unwrap(reply);
        };
    }

    static AMQP.BasicProperties osloProps(String expiration) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0).headers(Map.of()).expiration(expiration).build();
    }

    /** An oslo 2.0 envelope: the dict as a JSON string inside a JSON object. */
    static byte[] wrap(Map<String, Object> message) throws java.io.IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("oslo.version", "2.0");
        envelope.put("oslo.message", JSON.writeValueAsString(message));
        return JSON.writeValueAsBytes(envelope);
    }

    static Map<?, ?> unwrap(byte[] body) throws java.io.IOException {
        return JSON.readValue((String) JSON.readValue(body, Map.class).get("oslo.message"), Map.class);
    }

    /** A server-named reply queue on {@code ch} whose messages go to {@code replies}. */
    static String replyQueue(Channel ch, BlockingQueue<byte[]> replies) throws java.io.IOException {
        String replyQueue = ch.queueDeclare().getQueue();
        ch.basicConsume(replyQueue, true, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                replies.add(body);
            }
        });
        return replyQueue;
    }

    /** One caller: own channel and reply queue; encodes the request and decodes the reply as JSON, as any client would. */
    static Call rawCaller(Connection conn, String queue, Map<String, Object> payload) throws Exception {
        Channel ch = conn.createChannel();
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);
        String replyQueue = replyQueue(ch, replies);
        return () -> {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("method", "echo");
            request.put("args", Map.of("payload", payload));
            byte[] body = JSON.writeValueAsBytes(request);
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .correlationId(UUID.randomUUID().toString()).replyTo(replyQueue).contentType("application/json").build();
            ch.basicPublish("", queue, props, body);
            byte[] reply = replies.poll(30, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("raw reply timed out");
            }
            JSON.readValue(reply, Map.class);
        };
    }

    // ---- Tandem ----------------------------------------------------------------------------------

    static List<Row> tandem(String url, double seconds) throws Exception {
        ObjectRegistry registry = new ObjectRegistry(ObjectNamespace.NOVA).register(BenchObject.SCHEMA);
        VersionedObjectSerializer serializer = new VersionedObjectSerializer(registry);
        String topic = "bench_tandem_" + UUID.randomUUID().toString().substring(0, 8);
        BenchEndpoint endpoint = new BenchEndpoint();
        try (Transport serverTransport = Transports.open(url, TransportOptions.defaults().withProcessName("bench-server")
                .withPrefetch(Integer.getInteger("tandem.bench.prefetch", 0)));
                Transport clientTransport = url.startsWith("memory:") ? null
                        : Transports.open(url, TransportOptions.defaults().withProcessName("bench-client"))) {
            Transport ct = clientTransport == null ? serverTransport : clientTransport;
            RpcServer server = RpcServer.builder(serverTransport, topic, "bench")
                    .endpoint(Endpoint.of(endpoint, null, Version.of(1, 0)))
                    .serializer(serializer).options(RpcServerOptions.defaults()).build();
            server.start();
            try {
                RpcClient client = RpcClient.builder(ct, Target.topic(topic)).serializer(serializer)
                        .timeout(Duration.ofSeconds(30)).build();
                RequestContext ctx = RequestContext.builder().userId("u1").projectId("p1").build();
                BenchObject obj = BenchObject.sample();
                // warm-up (JIT, reply queue), discarded
                measure("tandem warm-up", 4, Math.min(1.0, seconds), () -> () -> client.call(ctx, "echo", Map.of("payload", SMALL)));
                measure("tandem warm-up", 4, Math.min(1.0, seconds), () -> () -> client.call(ctx, "echo", Map.of("payload", obj)));
                CallerFactory small = () -> () -> client.call(ctx, "echo", Map.of("payload", SMALL));
                CallerFactory object = () -> () -> {
                    Object back = client.call(ctx, "echo", Map.of("payload", obj));
                    if (!(back instanceof BenchObject)) {
                        throw new IllegalStateException("expected a hydrated BenchObject, got " + back);
                    }
                };
                List<Row> rows = new ArrayList<>();
                rows.add(measure("tandem call seq small", 1, seconds, small));
                rows.add(measure("tandem call c8 small", CALLERS_8, seconds, small));
                rows.add(measure("tandem call c32 small", CONCURRENT, seconds, small));
                rows.add(measure("tandem call seq obj6k", 1, seconds, object));
                rows.add(measure("tandem call c8 obj6k", CALLERS_8, seconds, object));
                rows.add(measure("tandem call c32 obj6k", CONCURRENT, seconds, object));
                // casts: sent sequentially for the duration, counted when the server has run them all
                endpoint.casts.set(0);
                rows.add(castRow("tandem cast seq", seconds, endpoint.casts, n -> client.cast(ctx, "note", Map.of("n", n))));
                return rows;
            } finally {
                server.stop();
            }
        }
    }

    // ---- oslo.messaging (Python) -----------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static List<Row> oslo(String url, double seconds, String login) throws Exception {
        Path script = Path.of(System.getProperty("tandem.bench.oslo", "tools/bench/rpc-oslo-bench.py"));
        if (!Files.isRegularFile(script)) {
            System.err.println("oslo rows skipped: " + script + " not found (run from the repository root)");
            return List.of();
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), url, String.valueOf(seconds)));
        if (login != null) {
            cmd.add(login);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || last == null) {
            p.destroyForcibly();
            System.err.println("oslo rows skipped: the Python benchmark gave no result (exit " + p.exitValue()
                    + "); check /usr/bin/python3 has oslo.messaging");
            return List.of();
        }
        Map<String, Map<String, Object>> r = (Map<String, Map<String, Object>>) JSON.readValue(last, Map.class).get("rows");
        List<Row> rows = new ArrayList<>();
        String[][] names = {{"call_seq_small", "oslo call seq small"}, {"call_c32_small", "oslo call c32 small"},
            {"call_seq_object6k", "oslo call seq obj6k"}, {"call_c32_object6k", "oslo call c32 obj6k"},
            {"cast_seq", "oslo cast seq"}};
        for (String[] n : names) {
            Map<String, Object> m = r.get(n[0]);
            rows.add(new Row(n[1], ((Number) m.get("count")).longValue(), ((Number) m.get("seconds")).doubleValue(),
                    num(m.get("p50_ms")), num(m.get("p99_ms"))));
        }
        return rows;
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    // ---- measurement and report ------------------------------------------------------------------

    static Row measure(String name, int threads, double seconds, CallerFactory factory) throws Exception {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            calls.add(factory.open());
        }
        long[][] lat = new long[threads][];
        int[] counts = new int[threads];
        Throwable[] failure = new Throwable[1];
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int idx = i;
            Thread t = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        calls.get(idx).call();
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - t0;
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
                lat[idx] = mine;
                counts[idx] = n;
            }, "bench-" + i);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure[0] != null) {
            throw new IllegalStateException(name + " failed: " + failure[0], failure[0]);
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int i = 0; i < threads; i++) {
            System.arraycopy(lat[i], 0, all, pos, counts[i]);
            pos += counts[i];
        }
        Arrays.sort(all);
        return new Row(name, total, elapsed, pct(all, 0.50), pct(all, 0.99));
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    /** The ratios reported: label, numerator row, denominator row (throughput of a / throughput of b). */
    static final String[][] RATIOS = {
        {"Tandem/raw seq small (target >= 0.8)", "tandem call seq small", "raw call seq small"},
        {"Tandem/raw c8 small (target >= 0.8)", "tandem call c8 small", "raw call c8 small"},
        {"Tandem/raw c32 small", "tandem call c32 small", "raw call c32 small"},
        {"Tandem/raw oslo seq small (same envelope, acked)", "tandem call seq small", "raw call seq small oslo"},
        {"Tandem/raw oslo c8 small (same envelope, acked)", "tandem call c8 small", "raw call c8 small oslo"},
        {"Tandem/raw seq obj6k (target >= 0.8)", "tandem call seq obj6k", "raw call seq obj6k"},
        {"Tandem/raw c8 obj6k (target >= 0.8)", "tandem call c8 obj6k", "raw call c8 obj6k"},
        {"Tandem/raw c32 obj6k", "tandem call c32 obj6k", "raw call c32 obj6k"},
        {"Tandem casts/raw casts (target >= 0.8)", "tandem cast seq", "raw cast seq"},
        {"Tandem casts/raw acked casts (persistent, mandatory, acked)", "tandem cast seq", "raw cast seq acked"},
        {"Tandem casts/raw oslo casts (same envelope, topic, acked)", "tandem cast seq", "raw cast seq oslo"},
        {"raw oslo casts/raw casts (the protocol's broker cost)", "raw cast seq oslo", "raw cast seq"},
        {"Tandem/oslo seq small", "tandem call seq small", "oslo call seq small"},
        {"Tandem/oslo c32 small", "tandem call c32 small", "oslo call c32 small"},
        {"Tandem/oslo seq obj6k", "tandem call seq obj6k", "oslo call seq obj6k"},
        {"Tandem/oslo c32 obj6k", "tandem call c32 obj6k", "oslo call c32 obj6k"},
        {"Tandem casts/oslo casts (target >= 10)", "tandem cast seq", "oslo cast seq"},
        {"Tandem obj6k cost vs small, seq (target < 1.5)", "tandem call seq small", "tandem call seq obj6k"},
        {"Tandem obj6k cost vs small, c8 (target < 1.5)", "tandem call c8 small", "tandem call c8 obj6k"},
        {"Tandem obj6k cost vs small, c32 (target < 1.5)", "tandem call c32 small", "tandem call c32 obj6k"},
    };

    /** One round: its rows and ratios. */
    static void print(List<Row> rows) {
        System.out.printf(Locale.ROOT, "%n%-24s %9s %10s %9s %9s%n", "row", "count", "per sec", "p50 ms", "p99 ms");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-24s %9d %10.0f %9.2f %9.2f%n", r.name(), r.count(), r.throughput(),
                    r.p50(), r.p99());
        }
        System.out.println();
        printRatios(List.of(rows));
    }

    /** Several rounds: each row's median throughput and each ratio's median, every round's value beside it. */
    static void printMedians(List<List<Row>> rounds) {
        System.out.printf(Locale.ROOT, "%n== medians of %d rounds (each round's value in brackets)%n%n%-24s %10s  %s%n",
                rounds.size(), "row", "per sec", "rounds");
        Map<String, List<Double>> perSec = new LinkedHashMap<>();
        for (List<Row> rows : rounds) {
            for (Row r : rows) {
                perSec.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r.throughput());
            }
        }
        perSec.forEach((name, values) -> System.out.printf(Locale.ROOT, "%-24s %10.0f  [%s]%n", name, median(values),
                join(values, "%.0f")));
        System.out.println();
        printRatios(rounds);
    }

    static void printRatios(List<List<Row>> rounds) {
        for (String[] def : RATIOS) {
            List<Double> values = new ArrayList<>();
            for (List<Row> rows : rounds) {
                Row a = find(rows, def[1]);
                Row b = find(rows, def[2]);
                if (a != null && b != null) {
                    values.add(a.throughput() / b.throughput());
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%-60s %6.2f%s%n", def[0], median(values),
                    rounds.size() > 1 ? "  [" + join(values, "%.2f") + "]" : "");
        }
    }

    private static Row find(List<Row> rows, String name) {
        for (Row r : rows) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String join(List<Double> values, String format) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, format, v));
        }
        return sb.toString();
    }
}
