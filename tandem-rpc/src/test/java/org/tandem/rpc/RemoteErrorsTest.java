package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.internal.Json;
import org.tandem.rpc.memory.MemoryTransport;
import org.tandem.rpc.transport.Reply;
import org.tandem.version.Version;

import static org.awaitility.Awaitility.await;

/** Failures travelling back to callers, and what servers log. */
class RemoteErrorsTest {
    /** A Nova-style domain exception. */
    public static class InstanceNotFound extends TandemException {
        public InstanceNotFound(String instanceId) {
            super("Instance " + instanceId + " could not be found.", Map.of("instance_id", instanceId));
        }

        @Override
        protected int defaultCode() {
            return 404;
        }
    }

    /** An exception already rebuilt from a remote failure and raised again. */
    public static class Relayed extends RuntimeException implements WireException {
        Relayed() {
            super("relayed");
        }

        @Override
        public String wireModule() {
            return "nova.exception_Remote";
        }

        @Override
        public String wireClass() {
            return "InstanceNotFound_Remote";
        }
    }

    @RpcEndpoint(version = "1.5")
    public static class Failing {
        final List<String> casts = new CopyOnWriteArrayList<>();

        public void notFound(RequestContext ctx, String instanceId) {
            throw new InstanceNotFound(instanceId);
        }

        public void expectedNotFound(RequestContext ctx, String instanceId) {
            throw new ExpectedException(new InstanceNotFound(instanceId));
        }

        public void bug(RequestContext ctx) {
            throw new IllegalStateException("boom");
        }

        public void relay(RequestContext ctx) {
            throw new Relayed();
        }

        public Object weird(RequestContext ctx) {
            return new Object();
        }

        public String typed(RequestContext ctx, int count, boolean flag, @RpcArg(optional = true) String note) {
            return count + ":" + flag + ":" + note;
        }

        public void record(RequestContext ctx, String what) {
            casts.add(what);
        }
    }

    private final RpcFixture fixture = new RpcFixture();
    private final Failing endpoint = new Failing();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger serverLog;
    private Level oldLevel;
    private RpcClient client;
    private MemoryTransport raw;

    @BeforeEach
    void start() {
        serverLog = (Logger) LoggerFactory.getLogger(RpcServer.class);
        oldLevel = serverLog.getLevel();
        serverLog.setLevel(Level.DEBUG);
        logs.start();
        serverLog.addAppender(logs);
        fixture.server("failing", "h1", b -> b.endpoint(Endpoint.of(endpoint)));
        raw = fixture.transport();
        client = fixture.client(raw, Target.topic("failing").withVersion(Version.of(1, 5)), b -> b
                .remoteExceptions(RemoteExceptions.defaults().toBuilder()
                        .register("nova.exception", "InstanceNotFound",
                                f -> new InstanceNotFound(String.valueOf(f.kwargs().get("instance_id"))))
                        .build()));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        serverLog.detachAppender(logs);
        serverLog.setLevel(oldLevel);
    }

    private RemoteFailure rawFailure(Map<String, Object> body) {
        Map<String, Object> m = new LinkedHashMap<>(body);
        m.putAll(RpcFixture.ctx().toContextKeys());
        Reply reply = raw.call(Target.topic("failing"), m, Duration.ofSeconds(30));
        assertThat(reply.isFailure()).as("reply %s", reply).isTrue();
        return RemoteFailure.parse(reply.failure());
    }

    @Test
    void allowListedExceptionIsRebuiltWithKwargsAndCode() {
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "not_found", Map.of("instance_id", "i-1")))
                .isInstanceOf(InstanceNotFound.class).hasMessage("Instance i-1 could not be found.")
                .satisfies(e -> {
                    InstanceNotFound nf = (InstanceNotFound) e;
                    assertThat(nf.code()).isEqualTo(404);
                    assertThat(nf.kwargs()).containsEntry("instance_id", "i-1");
                });
    }

    @Test
    void failureJsonHasOsloShape() {
        RemoteFailure f = rawFailure(Map.of("method", "not_found", "version", "1.0", "args", Map.of("instance_id", "i-2")));
        assertThat(f.className()).isEqualTo("InstanceNotFound");
        assertThat(f.module()).isEqualTo("nova.exception");
        assertThat(f.message()).isEqualTo("Instance i-2 could not be found.");
        assertThat(f.kwargs()).isEqualTo(Map.of("instance_id", "i-2", "code", 404));
        assertThat(f.args()).containsExactly("Instance i-2 could not be found.");
        assertThat(RemoteFailure.of(new TandemException("plain")).className()).isEqualTo("NovaException");
        assertThat(f.traceback()).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith("\n"));
    }

    @Test
    void rawFailureStringIsJsonWithExactlyTheOsloKeys() {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("method", "bug", "version", "1.0"));
        m.putAll(RpcFixture.ctx().toContextKeys());
        Reply reply = raw.call(Target.topic("failing"), m, Duration.ofSeconds(30));
        assertThat(Json.decodeObject(reply.failure(), "failure"))
                .containsOnlyKeys("class", "module", "message", "tb", "args", "kwargs")
                .containsEntry("class", "IllegalStateException").containsEntry("module", "java.lang")
                .containsEntry("message", "boom").containsEntry("args", List.of("boom"))
                .containsEntry("kwargs", Map.of());
    }

    @Test
    void unknownExceptionBecomesRemoteErrorWithOsloText() {
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "bug", Map.of()))
                .isInstanceOf(RemoteError.class)
                .hasMessageStartingWith("Remote error: IllegalStateException boom\njava.lang.IllegalStateException: boom\n")
                .hasMessageEndingWith(".")
                .satisfies(e -> {
                    RemoteError re = (RemoteError) e;
                    assertThat(re.excType()).isEqualTo("IllegalStateException");
                    assertThat(re.value()).isEqualTo("boom");
                    assertThat(re.traceback()).isNotEmpty();
                });
    }

    @Test
    void notAllowListedDomainExceptionIsRemoteError() {
        RpcClient strict = fixture.client(raw, Target.topic("failing").withVersion(Version.of(1, 0)),
                b -> b.remoteExceptions(RemoteExceptions.builder().build()));
        assertThatThrownBy(() -> strict.call(RpcFixture.ctx(), "not_found", Map.of("instance_id", "i-3")))
                .isInstanceOf(RemoteError.class)
                .hasMessageStartingWith("Remote error: InstanceNotFound Instance i-3 could not be found.\n");
        assertThatThrownBy(() -> strict.prepare(p -> p.version("2.0")).call(RpcFixture.ctx(), "bug", Map.of()))
                .isInstanceOf(RemoteError.class)
                .hasMessageStartingWith("Remote error: UnsupportedVersion Endpoint does not support RPC version 2.0. "
                        + "Attempted method: bug\n");
    }

    @Test
    void dispatcherFailuresUseOsloModuleAndClassNames() {
        RemoteFailure unsupported = rawFailure(Map.of("method", "bug", "version", "2.0"));
        assertThat(unsupported.module()).isEqualTo("oslo_messaging.rpc.dispatcher");
        assertThat(unsupported.className()).isEqualTo("UnsupportedVersion");
        assertThat(unsupported.args()).containsExactly("Endpoint does not support RPC version 2.0. Attempted method: bug");
        RemoteFailure noSuch = rawFailure(Map.of("method", "nope", "version", "1.1"));
        assertThat(noSuch.className()).isEqualTo("NoSuchMethod");
        assertThat(noSuch.message()).isEqualTo("Endpoint does not support RPC method nope");
    }

    @Test
    void remoteSuffixIsStripped() {
        RemoteFailure f = rawFailure(Map.of("method", "relay", "version", "1.0"));
        assertThat(f.className()).isEqualTo("InstanceNotFound");
        assertThat(f.module()).isEqualTo("nova.exception");
    }

    @Test
    void argumentMismatchesComeBackAsTypeError() {
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "typed", Map.of("count", 1)))
                .isInstanceOf(InvalidRpcArgumentsException.class)
                .hasMessage("typed() missing 1 required keyword argument: 'flag'");
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "typed", Map.of("count", 1, "flag", true, "extra", 2)))
                .isInstanceOf(InvalidRpcArgumentsException.class)
                .hasMessage("typed() got an unexpected keyword argument 'extra'");
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "typed", Map.of("count", "one", "flag", true)))
                .isInstanceOf(InvalidRpcArgumentsException.class)
                .hasMessage("typed() argument 'count' must be a int, got a string (one)");
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "typed", Map.of("count", 1.5, "flag", true)))
                .isInstanceOf(InvalidRpcArgumentsException.class);
        assertThat(client.call(RpcFixture.ctx(), "typed", Map.of("count", 3L, "flag", false))).isEqualTo("3:false:null");
        assertThat(client.call(RpcFixture.ctx(), "typed", Map.of("count", 3.0, "flag", true, "note", "n")))
                .isEqualTo("3:true:n");
        RemoteFailure f = rawFailure(Map.of("method", "typed", "version", "1.0", "args", Map.of()));
        assertThat(f.module()).isEqualTo("builtins");
        assertThat(f.className()).isEqualTo("TypeError");
    }

    @Test
    void malformedMessagesGetSpecificFailuresAndServerKeepsConsuming() {
        RemoteFailure noMethod = rawFailure(Map.of("args", Map.of()));
        assertThat(noMethod.className()).isEqualTo("ValueError");
        assertThat(noMethod.message()).isEqualTo("RPC message has no method name (key 'method' is missing); "
                + "nothing can be dispatched");
        RemoteFailure argsList = rawFailure(Map.of("method", "bug", "args", List.of(1, 2)));
        assertThat(argsList.message()).isEqualTo("RPC message for method bug has 'args' that is an array; it must be "
                + "an object of keyword arguments");
        RemoteFailure badVersion = rawFailure(Map.of("method", "bug", "version", "one"));
        assertThat(badVersion.message()).contains("has version 'one', which is not MAJOR.MINOR[.REVISION]");
        RemoteFailure badNamespace = rawFailure(Map.of("method", "bug", "namespace", 7));
        assertThat(badNamespace.message()).contains("has a namespace that is a number");
        RemoteFailure unknownNamespace = rawFailure(Map.of("method", "bug", "namespace", "nope", "version", "1.0"));
        assertThat(unknownNamespace.className()).isEqualTo("UnsupportedVersion");
        Map<String, Object> badContext = new LinkedHashMap<>(Map.of("method", "bug", "version", "1.0"));
        badContext.put("_context_is_admin", "yes");
        Reply r = raw.call(Target.topic("failing"), badContext, Duration.ofSeconds(30));
        assertThat(RemoteFailure.parse(r.failure()).message()).contains("_context_is_admin must be true or false");
        // still serving
        assertThat(client.call(RpcFixture.ctx(), "typed", Map.of("count", 1, "flag", true))).isEqualTo("1:true:null");
    }

    @Test
    void nonJsonResultFailsTheCallClearly() {
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "weird", Map.of()))
                .isInstanceOf(RemoteError.class).hasMessageContaining("java.lang.Object, which is not JSON-compatible");
    }

    @Test
    void castErrorsAreLoggedAtErrorWithTheText() {
        client.cast(RpcFixture.ctx(), "bug", Map.of());
        client.prepare(p -> p.version("9.0")).cast(RpcFixture.ctx(), "record", Map.of("what", "x"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(logs.list)
                .filteredOn(e -> e.getLevel() == Level.ERROR).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("cast bug").contains("boom"))
                .anySatisfy(m -> assertThat(m).isEqualTo("Exception during message handling: "
                        + "Endpoint does not support RPC version 9.0. Attempted method: record")));
    }

    @Test
    void expectedExceptionsReachTheCallerButAreNotLoggedAsErrors() {
        assertThatThrownBy(() -> client.call(RpcFixture.ctx(), "expected_not_found", Map.of("instance_id", "i-9")))
                .isInstanceOf(InstanceNotFound.class);
        client.cast(RpcFixture.ctx(), "record", Map.of("what", "after"));
        await().atMost(Duration.ofSeconds(20)).until(() -> endpoint.casts.contains("after"));
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.DEBUG)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("Expected exception"));
        assertThat(fixture.meters.get("tandem.rpc.server.requests").tag("method", "expected_not_found")
                .tag("outcome", "expected_error").timer().count()).isEqualTo(1);
    }
}
