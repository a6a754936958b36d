package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tandem.rpc.memory.MemoryTransport;
import org.tandem.version.Version;

/** Routing (shared, directed, fanout), worker pool back-pressure and graceful stop. */
class ServerDeliveryTest {
    private final RpcFixture fixture = new RpcFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    /** Records which host handled what. */
    public static class Recorder {
        final String host;
        final Map<String, List<String>> seen;

        Recorder(String host, Map<String, List<String>> seen) {
            this.host = host;
            this.seen = seen;
        }

        public String who(RequestContext ctx, String tag) {
            seen.computeIfAbsent(host, h -> new CopyOnWriteArrayList<>()).add(tag);
            return host;
        }
    }

    private Map<String, List<String>> startThree(String topic) {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        for (String host : List.of("h1", "h2", "h3")) {
            fixture.server(topic, host, b -> b.endpoint(Endpoint.of(new Recorder(host, seen), null, Version.of(1, 0))));
        }
        return seen;
    }

    @Test
    void fanoutCastReachesEveryServer() {
        Map<String, List<String>> seen = startThree("scheduler");
        RpcClient fan = fixture.client(Target.topic("scheduler").withFanout(true));
        fan.cast(RpcFixture.ctx(), "who", Map.of("tag", "update"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen)
                .containsOnlyKeys("h1", "h2", "h3")
                .allSatisfy((host, tags) -> assertThat(tags).containsExactly("update")));
    }

    @Test
    void sharedCallsRoundRobinAndDirectedCallsHitTheirServer() {
        Map<String, List<String>> seen = startThree("conductor");
        RpcClient shared = fixture.client(Target.topic("conductor"));
        List<Object> hosts = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 9; i++) {
            hosts.add(shared.call(RpcFixture.ctx(), "who", Map.of("tag", "s" + i)));
        }
        assertThat(hosts).containsOnly("h1", "h2", "h3");
        assertThat(hosts.stream().filter("h1"::equals).count()).isEqualTo(3);
        assertThat(hosts.stream().filter("h2"::equals).count()).isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            assertThat(shared.prepare(p -> p.server("h2")).call(RpcFixture.ctx(), "who", Map.of("tag", "d" + i)))
                    .isEqualTo("h2");
        }
        assertThat(seen.get("h2")).contains("d0", "d1", "d2", "d3", "d4");
        assertThat(seen.get("h1")).noneMatch(t -> t.startsWith("d"));
    }

    @Test
    void contextRoundTripsThroughTheWire() {
        AtomicInteger calls = new AtomicInteger();
        Map<String, RequestContext> received = new ConcurrentHashMap<>();
        Object ep = new Object() {
            public Map<String, Object> echo(RequestContext ctx) {
                received.put("ctx", ctx);
                calls.incrementAndGet();
                return ctx.toDict();
            }
        };
        fixture.server("ctx", "h1", b -> b.endpoint(Endpoint.of(ep, null, Version.of(1, 0))));
        RequestContext sent = RequestContext.builder().userId("alice").projectId("demo").roles(List.of("admin", "member"))
                .isAdmin(true).readDeleted("yes").authToken("tok").remoteAddress("10.0.0.1").userName("Alice")
                .projectName("Demo").extra("instance_lock_checked_custom", "x").build();
        fixture.client(Target.topic("ctx")).call(sent, "echo", Map.of());
        assertThat(received.get("ctx")).isEqualTo(sent);
        assertThat(received.get("ctx").extra()).containsEntry("instance_lock_checked_custom", "x");
        assertThat(calls).hasValue(1);
    }

    /** Blocks every call until released; counts concurrency. */
    public static class Gate {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();

        public void work(RequestContext ctx, int n) throws InterruptedException {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
            } finally {
                running.decrementAndGet();
                done.incrementAndGet();
            }
        }
    }

    @Test
    void castStormIsBoundedByThePoolAndWaitsOnTheQueue() {
        Gate gate = new Gate();
        RpcServer server = fixture.server("storm", "h1", b -> b
                .endpoint(Endpoint.of(gate, null, Version.of(1, 0)))
                .options(RpcServerOptions.defaults().withExecutorThreadPoolSize(4)));
        MemoryTransport t = fixture.transport();
        RpcClient client = fixture.client(t, Target.topic("storm"), b -> b);
        int storm = 300;
        for (int i = 0; i < storm; i++) {
            client.cast(RpcFixture.ctx(), "work", Map.of("n", i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gate.running.get() == 4);
        // Workers are all busy: the rest waits on the broker queue instead of piling up in the JVM.
        await().atMost(Duration.ofSeconds(20)).until(() -> t.queueDepth(Target.topic("storm")) >= storm - 4 - 1);
        assertThat(server.inFlight()).isLessThanOrEqualTo(4 + 1);
        gate.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.done.get() == storm);
        assertThat(gate.maxRunning.get()).isEqualTo(4);
        assertThat(server.largestPoolSize()).isEqualTo(4);
        assertThat(fixture.meters.get("tandem.rpc.server.requests").tag("method", "work").tag("outcome", "success")
                .timer().count()).isEqualTo(storm);
    }

    @Test
    void gracefulStopFinishesInFlightAndLeavesQueuedMessagesForTheNextServer() throws Exception {
        Gate gate = new Gate();
        RpcServer first = fixture.server("upgrade", "h1", b -> b
                .endpoint(Endpoint.of(gate, null, Version.of(1, 0)))
                .options(RpcServerOptions.defaults().withExecutorThreadPoolSize(1)));
        MemoryTransport t = fixture.transport();
        RpcClient client = fixture.client(t, Target.topic("upgrade"), b -> b);
        for (int i = 0; i < 10; i++) {
            client.cast(RpcFixture.ctx(), "work", Map.of("n", i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gate.running.get() == 1);
        Thread stopper = new Thread(first::stop);
        stopper.start();
        // stop has stopped consuming and now waits for the in-flight request (and the delivery it holds back)
        await().atMost(Duration.ofSeconds(20)).until(() -> stopper.getState() == Thread.State.TIMED_WAITING);
        assertThat(stopper.isAlive()).isTrue();
        gate.release.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(stopper.isAlive()).isFalse();
        int handledByFirst = gate.done.get();
        assertThat(handledByFirst).isBetween(1, 2); // the running one, plus at most one already handed to the pool
        assertThat(t.queueDepth(Target.topic("upgrade"))).isEqualTo(10 - handledByFirst);

        Gate second = new Gate();
        second.release.countDown();
        fixture.server("upgrade", "h1-new", b -> b.endpoint(Endpoint.of(second, null, Version.of(1, 0))));
        await().atMost(Duration.ofSeconds(20)).until(() -> second.done.get() == 10 - handledByFirst);
        assertThat(t.queueDepth(Target.topic("upgrade"))).isZero();
    }

    public static class Echo {
        public Object echo(RequestContext ctx, Object value) {
            return value;
        }
    }

    @Test
    void concurrentCallsGetTheirOwnReplies() throws Exception {
        fixture.server("echo", "h1", b -> b.endpoint(Endpoint.of(new Echo(), null, Version.of(1, 0))));
        fixture.server("echo", "h2", b -> b.endpoint(Endpoint.of(new Echo(), null, Version.of(1, 0))));
        RpcClient client = fixture.client(Target.topic("echo"));
        List<Thread> threads = new java.util.ArrayList<>();
        List<String> mismatches = new CopyOnWriteArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    String value = thread + "/" + i;
                    Object got = client.call(RpcFixture.ctx(), "echo", Map.of("value", value));
                    if (value.equals(got)) {
                        ok.incrementAndGet();
                    } else {
                        mismatches.add(value + " got " + got);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(mismatches).isEmpty();
        assertThat(ok).hasValue(240);
    }

    @Test
    void baseApiIsRegisteredAfterTheFirstEndpoint() {
        RpcServer s = fixture.server("compute", "h1", b -> b
                .endpoint(Endpoint.of(new TestEndpoints.ComputeManager()))
                .endpoint(Endpoint.of(new TestEndpoints.ComputeV4Proxy())));
        assertThat(s.endpoints()).extracting(Endpoint::namespace).containsExactly(null, "baseapi", null);
        assertThat(s.endpoints()).extracting(e -> e.version().toString()).containsExactly("3.40", "1.1", "4.0");
    }
}
