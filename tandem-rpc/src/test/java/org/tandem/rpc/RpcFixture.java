package org.tandem.rpc;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.tandem.rpc.memory.MemoryTransport;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;

/** A private memory broker per test with servers and clients closed at the end. */
final class RpcFixture implements AutoCloseable {
    final String broker = "test-" + UUID.randomUUID();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TransportOptions options;

    RpcFixture() {
        this(TransportOptions.defaults());
    }

    RpcFixture(TransportOptions options) {
        this.options = options;
    }

    MemoryTransport transport() {
        MemoryTransport t = MemoryTransport.open(broker, options);
        toClose.add(t);
        return t;
    }

    RpcServer server(String topic, String host, UnaryOperator<RpcServer.Builder> config) {
        RpcServer s = config.apply(RpcServer.builder(transport(), topic, host).meterRegistry(meters)).build();
        toClose.add(0, s);
        s.start();
        return s;
    }

    RpcClient client(Transport transport, Target target, UnaryOperator<RpcClient.Builder> config) {
        return config.apply(RpcClient.builder(transport, target).meterRegistry(meters)).build();
    }

    RpcClient client(Target target) {
        return client(transport(), target, b -> b);
    }

    static RequestContext ctx() {
        return RequestContext.builder().userId("u1").projectId("p1").roles(List.of("member")).build();
    }

    @Override
    public void close() {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + c + " failed", e);
            }
        }
    }
}
