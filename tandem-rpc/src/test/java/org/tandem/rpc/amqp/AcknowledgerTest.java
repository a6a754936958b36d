package org.tandem.rpc.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgement rules of {@link Acknowledger}: a multiple ack covers only done deliveries, a
 * done delivery behind a running one is not held back, a run's deferred acks go out when it ends.
 */
class AcknowledgerTest {

    /** What a broker would consider acknowledged, from the frames sent (tags are 1, 2, 3, ... on the channel). */
    static final class Frames implements Acknowledger.AckSink {
        final List<String> sent = new ArrayList<>();
        final java.util.Set<Long> acked = new java.util.TreeSet<>();
        final java.util.Set<Long> delivered = new java.util.TreeSet<>();

        @Override
        public synchronized void ack(long tag, boolean multiple) {
            sent.add(tag + (multiple ? "+" : ""));
            if (multiple) {
                for (long t : delivered) {
                    if (t <= tag) {
                        acked.add(t);
                    }
                }
            } else {
                acked.add(tag);
            }
        }
    }

    /** What this test's acknowledger sent, and the acknowledger (new for each test). */
    private final Frames f = new Frames();
    private final Acknowledger a = new Acknowledger(f);

    private List<Acknowledger.Entry> arrive(int n) {
        List<Acknowledger.Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long tag = f.delivered.size() + 1;
            f.delivered.add(tag);
            out.add(a.arrived(tag));
        }
        return out;
    }

    @FunctionalInterface
    interface Block {
        void run() throws Exception;
    }

    /** Runs {@code block} as a delivery thread runs a block of deliveries (acknowledging what it deferred at its end). */
    static void inRun(Block block) throws Exception {
        Acknowledger.beginRun();
        try {
            block.run();
        } finally {
            Acknowledger.endRun();
        }
    }

    @Test
    void outsideARunEachDoneDeliveryIsAcknowledgedAtOnce() throws Exception {
        List<Acknowledger.Entry> e = arrive(3);
        a.done(e.get(0));
        assertThat(f.acked).containsExactly(1L);
        a.done(e.get(2)); // behind the running 2: on its own
        assertThat(f.acked).containsExactly(1L, 3L);
        a.done(e.get(1));
        assertThat(f.acked).containsExactly(1L, 2L, 3L);
        assertThat(f.sent).containsExactly("1", "3", "2");
        a.done(e.get(1)); // idempotent
        assertThat(f.sent).hasSize(3);
    }

    @Test
    void aRunOfDoneDeliveriesGoesInOneMultipleAckWhenTheRunEnds() throws Exception {
        inRun(() -> {
            for (Acknowledger.Entry e : arrive(10)) {
                a.done(e);
            }
            assertThat(f.sent).isEmpty();
        });
        assertThat(f.sent).containsExactly("10+");
        assertThat(f.acked).hasSize(10);
    }

    @Test
    void aMultipleAckNeverCoversADeliveryStillRunning() throws Exception {
        List<Acknowledger.Entry> e = arrive(6);
        inRun(() -> {
            a.done(e.get(0));
            a.done(e.get(1));
            // 3 runs on a worker (slow handler); 4..6 finish on the delivery thread
            a.done(e.get(3));
            a.done(e.get(4));
            a.done(e.get(5));
        });
        assertThat(f.acked).containsExactly(1L, 2L, 4L, 5L, 6L).doesNotContain(3L);
        assertThat(f.sent).containsExactly("2+", "4", "5", "6");
        List<Acknowledger.Entry> more = arrive(2);
        a.done(more.get(0)); // 7, behind the running 3: alone
        assertThat(f.acked).doesNotContain(3L).contains(7L);
        a.done(e.get(2)); // the slow one finishes on its worker: now 3 (and nothing else undone) is covered
        assertThat(f.acked).contains(3L).doesNotContain(8L);
        a.done(more.get(1));
        assertThat(f.acked).hasSize(8);
    }

    @Test
    void aRedeliveryIsAcknowledgedBeforeItsHandlerRunsEvenInARun() throws Exception {
        inRun(() -> {
            List<Acknowledger.Entry> e = arrive(2);
            a.done(e.get(0)); // deferred
            assertThat(f.acked).isEmpty();
            a.doneNow(e.get(1));
            assertThat(f.acked).containsExactly(1L, 2L);
        });
    }

    @Test
    void aDeliveryThreadAboutToWaitAcknowledgesWhatItDeferred() throws Exception {
        inRun(() -> {
            List<Acknowledger.Entry> e = arrive(3);
            a.done(e.get(0));
            a.done(e.get(1));
            assertThat(f.acked).isEmpty();
            Acknowledger.flushDeferred(); // e.g. the server waits for a free worker for the third
            assertThat(f.sent).containsExactly("2+");
            a.done(e.get(2));
        });
        assertThat(f.sent).containsExactly("2+", "3");
    }

    @Test
    void aBusyRunStillAcknowledgesAfterMaxDeferredDeliveries() throws Exception {
        inRun(() -> {
            for (Acknowledger.Entry e : arrive(Acknowledger.MAX_DEFERRED)) {
                a.done(e);
            }
            assertThat(f.acked).hasSize(Acknowledger.MAX_DEFERRED);
            Acknowledger.Entry late = arrive(1).get(0);
            a.done(late);
            TimeUnit.NANOSECONDS.sleep(Acknowledger.MAX_DEFER_NANOS + 1_000_000);
            Acknowledger.Entry later = arrive(1).get(0);
            a.done(later); // the first deferred one waited longer than the bound
            assertThat(f.acked).hasSize(Acknowledger.MAX_DEFERRED + 2);
        });
    }

    @Test
    void withAPrefetchLimitAtMostHalfOfItIsHeldBack() throws Exception {
        Frames frames = new Frames();
        Acknowledger limited = Acknowledger.forPrefetch(frames, 8);
        List<Acknowledger.Entry> e = new ArrayList<>();
        for (long tag = 1; tag <= 8; tag++) {
            frames.delivered.add(tag);
            e.add(limited.arrived(tag));
        }
        inRun(() -> {
            for (int i = 0; i < 3; i++) {
                limited.done(e.get(i));
            }
            assertThat(frames.sent).isEmpty();
            limited.done(e.get(3)); // the fourth of a prefetch of 8: the broker may send more
            assertThat(frames.sent).containsExactly("4+");
        });
        Acknowledger one = Acknowledger.forPrefetch(frames, 1);
        frames.delivered.add(9L);
        Acknowledger.Entry only = one.arrived(9);
        inRun(() -> {
            one.done(only);
            assertThat(frames.sent).endsWith("9"); // prefetch 1: never held
        });
    }

    @Test
    void behindALongRunningRequestTheRecordStaysSmallAndTheRunResumesAfterIt() throws Exception {
        Acknowledger.Entry slow = arrive(1).get(0);
        int n = 20 * Acknowledger.COMPACT_AT;
        List<Acknowledger.Entry> rest = arrive(n);
        Acknowledger.Entry stillRunning = rest.get(n / 2);
        for (Acknowledger.Entry e : rest) {
            if (e != stillRunning) {
                a.done(e);
            }
        }
        assertThat(a.outstandingSize()).isLessThanOrEqualTo(2 * Acknowledger.COMPACT_AT);
        assertThat(f.acked).hasSize(n - 1).doesNotContain(1L, stillRunning.tag);
        a.done(slow);
        assertThat(f.acked).hasSize(n).doesNotContain(stillRunning.tag);
        Acknowledger.Entry next = arrive(1).get(0);
        a.done(stillRunning);
        assertThat(f.acked).hasSize(n + 1).doesNotContain(next.tag);
        a.done(next);
        assertThat(f.acked).hasSize(n + 2);
        assertThat(a.outstandingSize()).isZero();
    }

    @Test
    void afterARecoveryEveryDeliveryIsAcknowledgedOnItsOwn() throws Exception {
        List<Acknowledger.Entry> e = arrive(3);
        a.connectionRecovering();
        inRun(() -> {
            for (Acknowledger.Entry x : e) {
                a.done(x);
            }
        });
        assertThat(f.sent).containsExactly("1", "2", "3");
    }

    @Test
    void workersAndTheDeliveryThreadTogetherAcknowledgeEverythingOnce() throws Exception {
        List<Acknowledger.Entry> e = arrive(2000);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        inRun(() -> {
            for (int i = 0; i < e.size(); i++) {
                Acknowledger.Entry x = e.get(i);
                if (i % 3 == 0) {
                    workers.add(CompletableFuture.runAsync(() -> {
                        try {
                            a.done(x);
                        } catch (java.io.IOException ex) {
                            throw new AssertionError(ex);
                        }
                    }));
                } else {
                    a.done(x);
                }
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        });
        assertThat(f.acked).hasSize(2000);
        // every frame acknowledged something not acknowledged before, and a multiple one only done deliveries
        assertThat(f.sent.size()).isLessThanOrEqualTo(2000);
    }
}
