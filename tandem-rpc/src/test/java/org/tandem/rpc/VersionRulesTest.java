package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tandem.version.Version;

/** The dispatcher's version and namespace rules over Kilo-like and Juno-like servers. */
class VersionRulesTest {
    private static RpcFixture fixture;
    private static RpcClient kilo;
    private static RpcClient juno;

    @BeforeAll
    static void start() {
        fixture = new RpcFixture();
        fixture.server("compute", "kilo-host", b -> b
                .endpoint(Endpoint.of(new TestEndpoints.ComputeManager()))
                .endpoint(Endpoint.of(new TestEndpoints.ComputeV4Proxy()))
                .serviceName("nova-compute"));
        fixture.server("compute", "juno-host", b -> b
                .endpoint(Endpoint.of(new TestEndpoints.JunoComputeManager(), null, Version.parse("3.35"))));
        kilo = fixture.client(Target.topic("compute").withServer("kilo-host"));
        juno = fixture.client(Target.topic("compute").withServer("juno-host"));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static final Map<String, Object> INSTANCE = Map.of("uuid", "abc");

    static Stream<Arguments> kiloMatrix() {
        return Stream.of(
                // namespace, version, method, expected result or error text
                Arguments.of(null, "3.0", "get_console_output", "manager:get_console_output:5"),
                Arguments.of(null, "3.28", "get_console_output", "manager:get_console_output:5"),
                Arguments.of(null, "3.40", "get_console_output", "manager:get_console_output:5"),
                Arguments.of(null, "4.0", "get_console_output", "proxy:get_console_output:5"),
                Arguments.of(null, "3.39", "quiesce_instance", "manager:quiesce_instance"),
                Arguments.of(null, "3.41", "get_console_output",
                        "!Endpoint does not support RPC version 3.41. Attempted method: get_console_output"),
                Arguments.of(null, "3.40.1", "get_console_output",
                        "!Endpoint does not support RPC version 3.40.1. Attempted method: get_console_output"),
                Arguments.of(null, "4.1", "get_console_output",
                        "!Endpoint does not support RPC version 4.1. Attempted method: get_console_output"),
                Arguments.of(null, "5.0", "get_console_output",
                        "!Endpoint does not support RPC version 5.0. Attempted method: get_console_output"),
                Arguments.of(null, "2.47", "get_console_output",
                        "!Endpoint does not support RPC version 2.47. Attempted method: get_console_output"),
                Arguments.of(null, null, "get_console_output",
                        "!Endpoint does not support RPC version 1.0. Attempted method: get_console_output"),
                // 4.0 is served by the proxy, which lacks quiesce_instance
                Arguments.of(null, "4.0", "quiesce_instance", "!Endpoint does not support RPC method quiesce_instance"),
                // unknown method at a supported version vs at an unsupported one
                Arguments.of(null, "3.40", "no_such_thing", "!Endpoint does not support RPC method no_such_thing"),
                Arguments.of(null, "6.0", "no_such_thing",
                        "!Endpoint does not support RPC version 6.0. Attempted method: no_such_thing"),
                // methods starting with _ are never dispatchable
                Arguments.of(null, "3.40", "_sync_power_states", "!Endpoint does not support RPC method _sync_power_states"),
                // a non-RPC public method is not reachable
                Arguments.of(null, "3.40", "describe", "!Endpoint does not support RPC method describe"),
                // namespaces
                Arguments.of("baseapi", "1.1", "get_console_output",
                        "!Endpoint does not support RPC method get_console_output"),
                Arguments.of("baseapi", "1.2", "ping", "!Endpoint does not support RPC version 1.2. Attempted method: ping"),
                Arguments.of("compute_task", "4.0", "get_console_output",
                        "!Endpoint does not support RPC version 4.0. Attempted method: get_console_output"));
    }

    @ParameterizedTest(name = "kilo: ns={0} v={1} {2}")
    @MethodSource("kiloMatrix")
    void kiloComputeAcceptsThreeXAndFourZero(String namespace, String version, String method, String expected) {
        check(kilo, namespace, version, method, expected);
    }

    static Stream<Arguments> junoMatrix() {
        return Stream.of(
                Arguments.of(null, "3.0", "get_console_output", "juno:get_console_output:5"),
                Arguments.of(null, "3.35", "get_console_output", "juno:get_console_output:5"),
                Arguments.of(null, "3.36", "get_console_output",
                        "!Endpoint does not support RPC version 3.36. Attempted method: get_console_output"),
                Arguments.of(null, "4.0", "get_console_output",
                        "!Endpoint does not support RPC version 4.0. Attempted method: get_console_output"));
    }

    @ParameterizedTest(name = "juno: ns={0} v={1} {2}")
    @MethodSource("junoMatrix")
    void junoComputeAcceptsOnlyUpTo335(String namespace, String version, String method, String expected) {
        check(juno, namespace, version, method, expected);
    }

    private static void check(RpcClient client, String namespace, String version, String method, String expected) {
        RpcClient prepared = client.prepare(p -> p.namespace(namespace).version(version == null ? null : Version.parse(version)));
        Map<String, Object> args = method.equals("get_console_output")
                ? Map.of("instance", INSTANCE, "tail_length", 5) : method.equals("quiesce_instance")
                ? Map.of("instance", INSTANCE) : Map.of();
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> prepared.call(RpcFixture.ctx(), method, args))
                    .isInstanceOfAny(UnsupportedVersionException.class, NoSuchRpcMethodException.class)
                    .hasMessage(expected.substring(1));
        } else {
            assertThat(prepared.call(RpcFixture.ctx(), method, args)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "attach_volume v={0}")
    @MethodSource("attachVolumeShapes")
    void attachVolumeChangedShapeBetween3xAnd40(String version, Map<String, Object> args, String expected) {
        assertThat(kilo.prepare(p -> p.version(version)).call(RpcFixture.ctx(), "attach_volume", args))
                .isEqualTo(expected);
    }

    static Stream<Arguments> attachVolumeShapes() {
        return Stream.of(
                Arguments.of("3.16", Map.of("instance", INSTANCE, "volume_id", "v1", "mountpoint", "/dev/vdb"),
                        "manager:attach_volume:v1:/dev/vdb"),
                Arguments.of("4.0", Map.of("instance", INSTANCE, "bdm", Map.of("volume_id", "v2")),
                        "proxy:attach_volume:v2"));
    }

    @org.junit.jupiter.api.Test
    void baseApiPingAnswersWithServiceNameAndArgument() {
        Object reply = kilo.prepare(p -> p.namespace("baseapi").version("1.1"))
                .call(RpcFixture.ctx(), "ping", Map.of("arg", "1.21 GigaWatts"));
        assertThat(reply).isEqualTo(Map.of("service", "nova-compute", "arg", "1.21 GigaWatts"));
        Object juno = VersionRulesTest.juno.prepare(p -> p.namespace("baseapi").version("1.0"))
                .call(RpcFixture.ctx(), "ping", Map.of("arg", 7));
        assertThat(juno).isEqualTo(Map.of("service", "compute", "arg", 7));
    }
}
