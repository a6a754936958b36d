package org.tandem.benchmarks.rpc;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
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
 * One sequential Tandem RPC call over the memory transport (client, envelope, server dispatch,
 * reply), for time and, with {@code -prof gc}, allocation per call (all threads):
 * {@code java -jar tandem-benchmarks/target/benchmarks.jar RpcCallBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RpcCallBenchmark {
    private Transport transport;
    private RpcServer server;
    private RpcClient client;
    private RequestContext ctx;
    private BenchObject obj;

    @Setup(Level.Trial)
    public void setUp() {
        ObjectRegistry registry = new ObjectRegistry(ObjectNamespace.NOVA).register(BenchObject.SCHEMA);
        VersionedObjectSerializer serializer = new VersionedObjectSerializer(registry);
        transport = Transports.open("memory://callbench-" + UUID.randomUUID(),
                TransportOptions.defaults().withProcessName("callbench"));
        String topic = "callbench";
        server = RpcServer.builder(transport, topic, "bench")
                .endpoint(Endpoint.of(new RpcBenchmark.BenchEndpoint(), null, Version.of(1, 0)))
                .serializer(serializer).options(RpcServerOptions.defaults()).build();
        server.start();
        client = RpcClient.builder(transport, Target.topic(topic)).serializer(serializer)
                .timeout(Duration.ofSeconds(30)).build();
        ctx = RequestContext.builder().userId("u1").projectId("p1").build();
        obj = BenchObject.sample();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.stop();
        transport.close();
    }

    /** A call with a small dict argument and result. */
    @Benchmark
    public Object callSmall() {
        return client.call(ctx, "echo", Map.of("payload", RpcBenchmark.SMALL));
    }

    /** A call with a ~6 KB versioned object argument and result, hydrated on both ends. */
    @Benchmark
    public Object callObj6k() {
        Object back = client.call(ctx, "echo", Map.of("payload", obj));
        if (!(back instanceof BenchObject)) {
            throw new IllegalStateException("expected a hydrated BenchObject, got " + back);
        }
        return back;
    }
}
