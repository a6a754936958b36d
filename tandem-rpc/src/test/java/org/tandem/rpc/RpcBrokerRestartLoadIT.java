package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.rpc.amqp.AmqpTransport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * A Tandem RpcServer under continuous load from four client threads while the local RabbitMQ
 * application is stopped for a few seconds ({@code rabbitmqctl stop_app}, then {@code start_app}):
 * no call hangs beyond its timeout, calls during the outage fail with {@link MessagingException}
 * (or its {@link MessagingTimeoutException}), and the same server and clients (same transports,
 * same JVM) serve calls again after the broker is back.
 */
@ServicesTest
class RpcBrokerRestartLoadIT {
    private static final Logger LOG = LoggerFactory.getLogger(RpcBrokerRestartLoadIT.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** Room for a loaded 2-core machine on top of the call timeout; beyond it a call counts as hung. */
    static final Duration MARGIN = Duration.ofSeconds(5);
    static final Duration OUTAGE = Duration.ofSeconds(3);
    static final Duration RECOVERY = Duration.ofSeconds(30);
    static final int THREADS = 4;

    @RpcEndpoint(version = "1.0")
    public static final class Echo {
        public Object echo(RequestContext ctx, Object value) {
            return value;
        }
    }

    /** One finished call: when it started and ended (nanoTime) and what it threw, if anything. */
    record Outcome(int thread, long start, long end, Throwable error) {
        Duration took() {
            return Duration.ofNanos(end - start);
        }
    }

    @BeforeAll
    static void needRabbit() {
        RealServices.requireRabbitMq();
    }

    @Test
    void sameServerAndClientsServeAgainAfterTheBrokerRestarts() throws Exception {
        String topic = "restartload" + UUID.randomUUID().toString().substring(0, 8);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        try (AmqpTransport serverTransport = AmqpTransport.open(RealServices.RABBIT_URL,
                TransportOptions.defaults().withProcessName("restartload-server"));
                AmqpTransport clientTransport = AmqpTransport.open(RealServices.RABBIT_URL,
                        TransportOptions.defaults().withProcessName("restartload-client"));
                RpcServer server = RpcServer.builder(serverTransport, topic, "h1").endpoint(Endpoint.of(new Echo()))
                        .build()) {
            server.start();
            RpcClient client = RpcClient.builder(clientTransport, Target.topic(topic)).timeout(CALL_TIMEOUT).build();
            RequestContext ctx = RequestContext.builder().userId("load").build();
            assertThat(client.call(ctx, "echo", RpcClient.args("value", "warm"))).isEqualTo("warm");
            for (int i = 0; i < THREADS; i++) {
                int no = i;
                Thread t = new Thread(() -> {
                    long n = 0;
                    while (running.get()) {
                        String value = no + "-" + n++;
                        long start = System.nanoTime();
                        Throwable error = null;
                        try {
                            Object out = client.call(ctx, "echo", RpcClient.args("value", value));
                            if (!value.equals(out)) {
                                error = new AssertionError("echo of " + value + " returned " + out);
                            }
                        } catch (Throwable e) {
                            error = e;
                        }
                        outcomes.add(new Outcome(no, start, System.nanoTime(), error));
                        if (error != null) {
                            sleep(100); // do not spin on a 2-core machine while the broker is away
                        }
                    }
                }, "restartload-caller-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            awaitEachThreadSucceedsAfter(outcomes, System.nanoTime(), RECOVERY);
            long outageStart = System.nanoTime();
            long brokerDown = Long.MAX_VALUE;
            long startInvoked = Long.MIN_VALUE;
            long outageEnd;
            try {
                RealServices.rabbitmqctl("stop_app"); // drains for a few seconds: calls may still succeed until it returns
                brokerDown = System.nanoTime();
                sleep(OUTAGE.toMillis());
            } finally {
                startInvoked = System.nanoTime();
                RealServices.rabbitmqctl("start_app");
                outageEnd = System.nanoTime();
            }
            long down = brokerDown;
            long upAgain = startInvoked;
            LOG.info("RabbitMQ application stopped for {} ms", TimeUnit.NANOSECONDS.toMillis(outageEnd - outageStart));
            long recoveredAt = awaitEachThreadSucceedsAfter(outcomes, outageEnd, RECOVERY);
            LOG.info("Every caller succeeded again {} ms after start_app",
                    TimeUnit.NANOSECONDS.toMillis(recoveredAt - outageEnd));
            running.set(false);
            for (Thread t : threads) {
                t.join(CALL_TIMEOUT.plus(MARGIN).toMillis());
                assertThat(t.isAlive()).as("caller %s still running (hung call?)", t.getName()).isFalse();
            }

            List<Outcome> all = new ArrayList<>(outcomes);
            Map<String, Integer> failuresByType = new TreeMap<>();
            long successes = all.stream().filter(o -> o.error() == null).count();
            for (Outcome o : all) {
                if (o.error() != null) {
                    failuresByType.merge(o.error().getClass().getSimpleName(), 1, Integer::sum);
                }
            }
            long duringOutage = all.stream().filter(o -> o.start() >= down && o.end() <= upAgain).count();
            LOG.info("{} calls: {} succeeded, failures by type {}; {} started and ended while the broker was stopped",
                    all.size(), successes, failuresByType, duringOutage);

            assertThat(all).as("no call may take longer than its timeout %s plus %s", CALL_TIMEOUT, MARGIN)
                    .allSatisfy(o -> assertThat(o.took()).isLessThanOrEqualTo(CALL_TIMEOUT.plus(MARGIN)));
            assertThat(all).filteredOn(o -> o.error() != null)
                    .as("failures must be MessagingException/MessagingTimeoutException, got %s", failuresByType)
                    .allSatisfy(o -> assertThat(o.error()).isInstanceOf(MessagingException.class))
                    .isNotEmpty();
            assertThat(all).as("calls overlapping the outage")
                    .filteredOn(o -> o.end() > outageStart && o.start() < outageEnd)
                    .anySatisfy(o -> assertThat(o.error()).isNotNull());
            assertThat(all).as("calls made while the broker application was stopped fail")
                    .filteredOn(o -> o.start() >= down && o.end() <= upAgain)
                    .isNotEmpty()
                    .allSatisfy(o -> assertThat(o.error()).isNotNull());
            // the same client and server still work, without new transports
            assertThat(client.call(ctx, "echo", RpcClient.args("value", "after"))).isEqualTo("after");
        } finally {
            running.set(false);
            RpcInteropIT.deleteQueues(RealServices.RABBIT_URL, topic, topic + ".h1");
        }
    }

    /** Waits until every caller thread finished a successful call started after {@code since}. */
    private static long awaitEachThreadSucceedsAfter(ConcurrentLinkedQueue<Outcome> outcomes, long since,
            Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            boolean[] ok = new boolean[THREADS];
            for (Outcome o : outcomes) {
                if (o.error() == null && o.start() >= since) {
                    ok[o.thread()] = true;
                }
            }
            boolean all = true;
            for (boolean b : ok) {
                all &= b;
            }
            if (all) {
                return System.nanoTime();
            }
            sleep(100);
        }
        List<Outcome> recent = outcomes.stream().filter(o -> o.start() >= since).toList();
        throw new AssertionError("not every caller succeeded within " + atMost + "; recent failures: "
                + recent.stream().filter(o -> o.error() != null).map(o -> o.error().toString()).distinct().limit(5)
                .toList());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
