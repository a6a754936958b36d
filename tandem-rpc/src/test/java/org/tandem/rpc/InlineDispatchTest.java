package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tandem.version.Version;

/**
 * Where requests run (RpcServer's class comment): fast methods move to the delivery thread, a
 * slow handler, on the pool from the start or moved there after one slow run, does not hold up
 * other requests on the same queue, and a method slowed once comes back after twice the fast runs.
 */
class InlineDispatchTest {
    private final RpcFixture fixture = new RpcFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    /** A fast method that reports its thread, and methods that block until released. */
    public static class Handlers {
        volatile CountDownLatch release = new CountDownLatch(1);
        volatile CountDownLatch slowStarted = new CountDownLatch(1);
        final AtomicBoolean stall = new AtomicBoolean();

        public String fast(RequestContext ctx) {
            return Thread.currentThread().getName();
        }

        public String slow(RequestContext ctx) throws InterruptedException {
            slowStarted.countDown();
            release.await(60, TimeUnit.SECONDS);
            return "slow done";
        }

        /** Fast until {@link #stall} is set, then as slow as {@link #slow}. */
        public String sometimes(RequestContext ctx) throws InterruptedException {
            if (stall.get()) {
                return slow(ctx);
            }
            return Thread.currentThread().getName();
        }
    }

    private RpcClient start(Handlers h) {
        fixture.server("inline", "h1", b -> b.endpoint(Endpoint.of(h, null, Version.of(1, 0)))
                .options(RpcServerOptions.defaults().withExecutorThreadPoolSize(4)));
        return fixture.client(Target.topic("inline"));
    }

    private static boolean onWorker(Object thread) {
        return String.valueOf(thread).contains("-worker-");
    }

    @Test
    void aFastMethodMovesToTheDeliveryThreadAfterItsPoolRuns() {
        RpcClient client = start(new Handlers());
        for (int i = 0; i < RpcServer.PROMOTE_AFTER; i++) {
            assertThat(onWorker(client.call(RpcFixture.ctx(), "fast", Map.of()))).as("run %d", i).isTrue();
        }
        // on a loaded machine a run may exceed half the budget and restart the count; allow for it
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !onWorker(client.call(RpcFixture.ctx(), "fast", Map.of())));
    }

    @Test
    void aSlowHandlerDoesNotStallOtherRequests() throws Exception {
        Handlers h = new Handlers();
        RpcClient client = start(h);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !onWorker(client.call(RpcFixture.ctx(), "fast", Map.of())));
        CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> client.call(RpcFixture.ctx(), "slow", Map.of()));
        assertThat(h.slowStarted.await(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(client.prepare(p -> p.timeout(Duration.ofSeconds(10))).call(RpcFixture.ctx(), "fast", Map.of()))
                    .isNotNull();
        }
        assertThat(slow).isNotDone();
        h.release.countDown();
        assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo("slow done");
    }

    /** Moves {@code sometimes} to the delivery thread, then makes one run of it there take 20 ms (budget 1 ms). */
    private static void slowOnceOnTheDeliveryThread(Handlers h, RpcClient client) throws Exception {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !onWorker(client.call(RpcFixture.ctx(), "sometimes", Map.of())));
        h.stall.set(true);
        CompletableFuture<Object> slow = CompletableFuture.supplyAsync(
                () -> client.call(RpcFixture.ctx(), "sometimes", Map.of()));
        assertThat(h.slowStarted.await(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(20); // well over the 1 ms budget, on the delivery thread (as a long GC pause would be)
        h.release.countDown();
        assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo("slow done");
        h.stall.set(false);
    }

    @Test
    void aFastMethodThatTurnsSlowStallsOthersOnceAndThenRunsOnThePool() throws Exception {
        Handlers h = new Handlers();
        RpcClient client = start(h);
        slowOnceOnTheDeliveryThread(h, client);
        assertThat(onWorker(client.call(RpcFixture.ctx(), "sometimes", Map.of()))).as("moved to the pool").isTrue();
        h.release = new CountDownLatch(1);
        h.slowStarted = new CountDownLatch(1);
        h.stall.set(true);
        CompletableFuture<Object> second = CompletableFuture.supplyAsync(
                () -> client.call(RpcFixture.ctx(), "sometimes", Map.of()));
        assertThat(h.slowStarted.await(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(client.prepare(p -> p.timeout(Duration.ofSeconds(10))).call(RpcFixture.ctx(), "fast", Map.of()))
                    .isNotNull();
        }
        assertThat(second).isNotDone();
        h.release.countDown();
        assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("slow done");
    }

    @Test
    void aMethodSlowedOnceOnTheDeliveryThreadReturnsThereAfterTwiceAsManyFastPoolRuns() throws Exception {
        Handlers h = new Handlers();
        RpcClient client = start(h);
        slowOnceOnTheDeliveryThread(h, client);
        for (int i = 0; i < RpcServer.PROMOTE_AFTER * 2; i++) {
            assertThat(onWorker(client.call(RpcFixture.ctx(), "sometimes", Map.of()))).as("run %d", i).isTrue();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !onWorker(client.call(RpcFixture.ctx(), "sometimes", Map.of())));
    }

    /** Relays a call to {@code fast} and reports its own thread. */
    public static class Relay {
        final RpcClient inner;

        Relay(RpcClient inner) {
            this.inner = inner;
        }

        public String relay(RequestContext ctx) {
            inner.call(ctx, "fast", Map.of());
            return Thread.currentThread().getName();
        }
    }

    @Test
    void aMethodThatMakesRpcCallsStaysOnThePool() {
        Handlers h = new Handlers();
        RpcClient inner = fixture.client(Target.topic("inline"));
        fixture.server("inline", "h1", b -> b.endpoint(Endpoint.of(h, null, Version.of(1, 0)))
                .endpoint(Endpoint.of(new Relay(inner), "relay", Version.of(1, 0)))
                .options(RpcServerOptions.defaults().withExecutorThreadPoolSize(4)));
        RpcClient client = fixture.client(Target.topic("inline").withNamespace("relay"));
        for (int i = 0; i < RpcServer.PROMOTE_AFTER * 3; i++) {
            assertThat(onWorker(client.call(RpcFixture.ctx(), "relay", Map.of()))).as("run %d", i).isTrue();
        }
    }

    @Test
    void aZeroBudgetKeepsEverythingOnThePool() {
        fixture.server("inline", "h1", b -> b.endpoint(Endpoint.of(new Handlers(), null, Version.of(1, 0)))
                .options(RpcServerOptions.defaults().withInlineBudget(Duration.ZERO)));
        RpcClient client = fixture.client(Target.topic("inline"));
        for (int i = 0; i < RpcServer.PROMOTE_AFTER * 2; i++) {
            assertThat(onWorker(client.call(RpcFixture.ctx(), "fast", Map.of()))).isTrue();
        }
    }
}
