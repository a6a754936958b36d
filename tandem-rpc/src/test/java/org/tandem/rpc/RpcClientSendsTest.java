package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tandem.version.Version;

/** {@code tandem.rpc.client.sends}: every message handed to the transport, by topic, namespace, method and version. */
class RpcClientSendsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RpcClientTest.RecordingTransport transport = new RpcClientTest.RecordingTransport();

    private double sends(String namespace, String method, String version) {
        Counter c = meters.find("tandem.rpc.client.sends").tags("topic", "compute", "namespace", namespace,
                "method", method, "version", version).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void callsAndCastsAreCountedByMethodAndTheVersionTheyWereSentAs() {
        RpcClient client = RpcClient.builder(transport, Target.topic("compute").withVersion(Version.of(4, 0)))
                .meterRegistry(meters).build();
        client.prepare(p -> p.server("h1")).cast(RpcFixture.ctx(), "build_and_run_instance", Map.of());
        client.prepare(p -> p.server("h2")).cast(RpcFixture.ctx(), "build_and_run_instance", Map.of());
        client.prepare(p -> p.server("h1").version("3.33")).cast(RpcFixture.ctx(), "build_and_run_instance", Map.of());
        client.prepare(p -> p.server("h1").version("3.28")).call(RpcFixture.ctx(), "get_console_output", Map.of());
        client.prepare(p -> p.namespace("baseapi").version("1.0")).call(RpcFixture.ctx(), "ping", Map.of());

        assertThat(sends("", "build_and_run_instance", "4.0")).isEqualTo(2);
        assertThat(sends("", "build_and_run_instance", "3.33")).isEqualTo(1);
        assertThat(sends("", "get_console_output", "3.28")).isEqualTo(1);
        assertThat(sends("baseapi", "ping", "1.0")).isEqualTo(1);
        assertThat(transport.messages).hasSize(5);
    }

    @Test
    void aMessageRefusedByTheCapIsNotCountedAsSent() {
        RpcClient capped = RpcClient.builder(transport, Target.topic("compute").withVersion(Version.of(4, 0)))
                .versionCap(Version.parse("3.35")).meterRegistry(meters).build();
        assertThatThrownBy(() -> capped.cast(RpcFixture.ctx(), "build_and_run_instance", Map.of()))
                .isInstanceOf(RpcVersionCapException.class);
        assertThat(sends("", "build_and_run_instance", "4.0")).isZero();
        assertThat(transport.messages).isEmpty();
    }
}
