package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tandem.rpc.transport.IncomingHandler;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.Transport;
import org.tandem.version.Version;

class RpcClientTest {
    private final RpcFixture fixture = new RpcFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    /** Records what the client hands to the transport. */
    static final class RecordingTransport implements Transport {
        final List<Target> targets = new ArrayList<>();
        final List<Map<String, Object>> messages = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();

        @Override
        public void cast(Target target, Map<String, Object> message) {
            targets.add(target);
            messages.add(message);
            kinds.add("cast");
        }

        @Override
        public Reply call(Target target, Map<String, Object> message, Duration timeout) {
            targets.add(target);
            messages.add(message);
            kinds.add("call:" + timeout.toSeconds());
            return new Reply("ok", null);
        }

        @Override
        public Subscription listen(Target target, IncomingHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void innerMessageHasOsloKeysAndOnlySetNamespaceAndVersion() {
        RecordingTransport t = new RecordingTransport();
        RequestContext ctx = RpcFixture.ctx();
        RpcClient plain = RpcClient.builder(t, Target.topic("conductor")).build();
        plain.cast(ctx, "object_class_action", RpcClient.args("objname", "Instance", "objver", null));
        Map<String, Object> m = t.messages.get(0);
        assertThat(m).containsEntry("method", "object_class_action")
                .containsEntry("args", RpcClient.args("objname", "Instance", "objver", null))
                .doesNotContainKeys("namespace", "version", "_msg_id", "_unique_id")
                .containsEntry("_context_user_id", "u1").containsEntry("_context_project_id", "p1")
                .containsEntry("_context_request_id", ctx.requestId());
        assertThat(m.keySet().stream().filter(k -> !k.startsWith("_context_")))
                .containsExactly("method", "args");

        plain.prepare(p -> p.namespace("compute_task").version("1.11")).call(ctx, "build_instances", Map.of());
        assertThat(t.messages.get(1)).containsEntry("namespace", "compute_task").containsEntry("version", "1.11");
        assertThat(t.kinds).containsExactly("cast", "call:60");
    }

    @Test
    void prepareIsImmutableAndOverridesEachProperty() {
        RecordingTransport t = new RecordingTransport();
        RpcClient base = RpcClient.builder(t, Target.topic("compute").withVersion(Version.of(4, 0))).build();
        RpcClient prepared = base.prepare(p -> p.server("host1").exchange("other").timeout(Duration.ofSeconds(5))
                .versionCap(Version.parse("3.35")).version("3.0"));
        assertThat(base.target()).isEqualTo(Target.topic("compute").withVersion(Version.of(4, 0)));
        assertThat(base.timeout()).isEqualTo(RpcOptions.RPC_RESPONSE_TIMEOUT);
        assertThat(base.versionCap()).isNull();
        assertThat(prepared.target()).isEqualTo(new Target("other", "compute", "host1", false, null, Version.of(3, 0)));
        assertThat(prepared.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(prepared.versionCap()).isEqualTo(Version.parse("3.35"));
        prepared.call(RpcFixture.ctx(), "get_console_output", Map.of());
        assertThat(t.kinds).containsExactly("call:5");
        assertThat(t.targets.get(0).routingKey()).isEqualTo("compute.host1");
    }

    @ParameterizedTest(name = "cap {0} can send {1}: {2}")
    @CsvSource({
            "3.35, 3.35, true", "3.35, 3.0, true", "3.35, 3.36, false", "3.35, 4.0, false", "3.35, 2.0, false",
            "3.40, 3.40, true", "4.0, 3.40, false", "4.0, 4.0, true", "4.5, 4.0, true", "4.5, 4.6, false",
            "3.40, 3.40.1, false", "3.40.1, 3.40.1, true", "3.40.2, 3.40.1, true", "3.40.1, 3.39.5, true",
            "1.0, 1.0, true"})
    void canSendVersionFollowsTheCap(String cap, String version, boolean expected) {
        RpcClient c = RpcClient.builder(new RecordingTransport(), Target.topic("compute"))
                .versionCap(Version.parse(cap)).build();
        assertThat(c.canSendVersion(version)).isEqualTo(expected);
    }

    @Test
    void uncappedClientCanSendAnything() {
        RpcClient c = RpcClient.builder(new RecordingTransport(), Target.topic("compute")).build();
        assertThat(c.canSendVersion("99.99")).isTrue();
        assertThat(c.canSendVersion()).isTrue();
    }

    @Test
    void cappedClientRefusesBeforeSendingWithOsloText() {
        RecordingTransport t = new RecordingTransport();
        RpcClient juno = RpcClient.builder(t, Target.topic("compute").withVersion(Version.of(4, 0)))
                .versionCap(Version.parse("3.35")).build();
        assertThat(juno.canSendVersion()).isFalse();
        String text = "Requested message version, 3.39 is incompatible.  It needs to be equal in major version and "
                + "less than or equal in minor version as the specified version cap 3.35.";
        assertThatThrownBy(() -> juno.prepare(p -> p.version("3.39")).call(RpcFixture.ctx(), "quiesce_instance", Map.of()))
                .isInstanceOf(RpcVersionCapException.class).hasMessage(text);
        assertThatThrownBy(() -> juno.prepare(p -> p.version("3.39")).cast(RpcFixture.ctx(), "quiesce_instance", Map.of()))
                .isInstanceOf(RpcVersionCapException.class).hasMessage(text)
                .satisfies(e -> assertThat(((RpcVersionCapException) e).version()).isEqualTo(Version.parse("3.39")));
        assertThat(t.messages).isEmpty();
        juno.prepare(p -> p.version("3.35")).cast(RpcFixture.ctx(), "get_console_output", Map.of());
        assertThat(t.messages).hasSize(1);
    }

    @Test
    void cappedClientWithoutTargetVersionRefusesAsOsloDoes() {
        RpcClient c = RpcClient.builder(new RecordingTransport(), Target.topic("compute"))
                .versionCap(Version.parse("3.35")).build();
        assertThatThrownBy(() -> c.cast(RpcFixture.ctx(), "x", Map.of()))
                .hasMessageStartingWith("Requested message version, None is incompatible.");
        assertThat(c.prepare(p -> p.versionCap(null)).canSendVersion()).isTrue();
    }

    @Test
    void callOnFanoutTargetIsRefused() {
        RpcClient c = RpcClient.builder(new RecordingTransport(), Target.topic("compute").withFanout(true)).build();
        assertThatThrownBy(() -> c.call(RpcFixture.ctx(), "x", Map.of()))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessageStartingWith("A call cannot be used with fanout:");
    }

    @Test
    void callTimesOutWithOsloTextWhenNobodyAnswers() {
        // A server on the topic exists (so the queue exists) but is blocked; a second topic has no server.
        RpcClient c = fixture.client(fixture.transport(), Target.topic("nobody-home"),
                b -> b.timeout(Duration.ofMillis(200)));
        assertThatThrownBy(() -> c.call(RpcFixture.ctx(), "ping", Map.of()))
                .isInstanceOf(MessagingTimeoutException.class)
                .hasMessageMatching("Timed out waiting for a reply to message ID [0-9a-f]{32}");
        assertThat(fixture.meters.get("tandem.rpc.client.requests").tag("outcome", "timeout").timer().count())
                .isEqualTo(1);
    }

    static Stream<Arguments> badArgs() {
        return Stream.of(Arguments.of((Object) new Object[] {"a"}), Arguments.of((Object) new Object[] {1, "x"}));
    }

    @ParameterizedTest
    @MethodSource("badArgs")
    void argsHelperRejectsMalformedPairs(Object[] pairs) {
        assertThatThrownBy(() -> RpcClient.args(pairs)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientTargetNeedsTopic() {
        assertThatThrownBy(() -> RpcClient.builder(new RecordingTransport(), new Target(null, null, null, false, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a topic");
    }
}
