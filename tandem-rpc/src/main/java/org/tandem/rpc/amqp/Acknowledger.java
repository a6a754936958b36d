package org.tandem.rpc.amqp;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Acknowledges the requests of one consumer channel when they are done, in fewer frames: a done
 * delivery handled on a delivery thread is acknowledged when that thread finishes its run of
 * deliveries ({@link #flushDeferred()}), after at most {@value #MAX_DEFERRED} deliveries or
 * {@value #MAX_DEFER_NANOS} ns, whichever comes first; one done anywhere else (a worker) is
 * acknowledged at once. What is sent is exactly what per-delivery acks would say:
 *
 * <ul>
 *   <li>the longest run of deliveries from the oldest outstanding one on that are all done goes in
 *       one {@code basic.ack(multiple=true)} of the newest of them, so it covers only done deliveries
 *       (deliveries rejected back to the queue are no longer outstanding and are not covered);
 *   <li>a done delivery behind one still running (a slow handler on a worker) is acknowledged on its
 *       own, not held back until the slow one finishes;
 *   <li>a delivery that must be acknowledged before its handler runs (a redelivery) is sent at once.
 * </ul>
 *
 * After the connection was recovered the client renumbers delivery tags, and a multiple ack of an
 * old tag could cover new deliveries, so from then on every delivery is acknowledged on its own.
 */
final class Acknowledger {
    /** Deferred done deliveries after which the delivery thread acknowledges without waiting for its run to end. */
    static final int MAX_DEFERRED = 64;
    /** Longest a done delivery waits for its acknowledgement on a busy delivery thread. */
    static final long MAX_DEFER_NANOS = 1_000_000;

    /** Sends {@code basic.ack}. */
    @FunctionalInterface
    interface AckSink {
        void ack(long tag, boolean multiple) throws IOException;
    }

    /** One delivery from arrival to acknowledgement; state guarded by its acknowledger. */
    static final class Entry {
        final long tag;
        boolean done;
        boolean acked;

        Entry(long tag) {
            this.tag = tag;
        }
    }

    /** Acknowledgers with deferred acks on this delivery thread; null outside a run of deliveries. */
    private static final ThreadLocal<List<Acknowledger>> DEFERRING = new ThreadLocal<>();

    private final AckSink sink;
    private final ArrayDeque<Entry> outstanding = new ArrayDeque<>();
    private final List<Entry> doneBehind = new ArrayList<>();
    private int deferred;
    private long firstDeferredAt;
    private boolean singleOnly;
    /** Entries of {@code outstanding} acknowledged on their own, behind one still running. */
    private int ackedBehind;
    /** How many of those are kept before they are dropped from {@code outstanding}. */
    static final int COMPACT_AT = 1024;

    /** Deferred done deliveries after which the delivery thread acknowledges (see {@link #forPrefetch}). */
    private final int maxDeferred;

    Acknowledger(AckSink sink) {
        this(sink, MAX_DEFERRED);
    }

    Acknowledger(AckSink sink, int maxDeferred) {
        this.sink = sink;
        this.maxDeferred = maxDeferred;
    }

    /**
     * An acknowledger for a consumer with {@code basic.qos} {@code prefetch} (0: unlimited): with a
     * limit, at most half of it is held back, so the broker always has room to send the next
     * requests while a run is handled.
     */
    static Acknowledger forPrefetch(AckSink sink, int prefetch) {
        return new Acknowledger(sink, prefetch > 0 ? Math.max(1, Math.min(MAX_DEFERRED, prefetch / 2)) : MAX_DEFERRED);
    }

    /** Deliveries recorded and not yet taken off (for tests). */
    synchronized int outstandingSize() {
        return outstanding.size();
    }

    /** Records a delivery on arrival; deliveries arrive in tag order on one channel. */
    synchronized Entry arrived(long tag) {
        Entry e = new Entry(tag);
        outstanding.addLast(e);
        return e;
    }

    /**
     * The delivery is done: acknowledged now, or, on a delivery thread in a run of deliveries
     * (see {@link #runDeliveries}), when that run ends (bounded as the class comment says).
     */
    void done(Entry e) throws IOException {
        List<Acknowledger> deferring = DEFERRING.get();
        boolean now;
        synchronized (this) {
            if (!markDone(e)) {
                return;
            }
            if (deferring == null) {
                now = true;
            } else {
                long t = System.nanoTime();
                if (deferred++ == 0) {
                    firstDeferredAt = t;
                }
                if (!deferring.contains(this)) {
                    deferring.add(this);
                }
                now = deferred >= maxDeferred || t - firstDeferredAt >= MAX_DEFER_NANOS;
            }
        }
        if (now) {
            flush();
        }
    }

    /** The delivery is done and must be acknowledged before anything else happens (a redelivery). */
    void doneNow(Entry e) throws IOException {
        synchronized (this) {
            if (!markDone(e)) {
                return;
            }
        }
        flush();
    }

    /** Marks a delivery done; false if it already was. Called holding this lock. */
    private boolean markDone(Entry e) {
        if (e.done) {
            return false;
        }
        e.done = true;
        if (outstanding.peekFirst() != e) {
            doneBehind.add(e);
        }
        return true;
    }

    /** Sends the acknowledgements of every done delivery not yet acknowledged. */
    synchronized void flush() throws IOException {
        deferred = 0;
        long upTo = -1;
        int run = 0;
        List<Long> single = null;
        while (!outstanding.isEmpty() && outstanding.peekFirst().done) {
            Entry e = outstanding.pollFirst();
            if (e.acked) {
                ackedBehind--;
                continue;
            }
            e.acked = true;
            if (singleOnly) {
                single = add(single, e.tag);
            } else {
                upTo = e.tag;
                run++;
            }
        }
        for (Entry e : doneBehind) {
            if (!e.acked) {
                e.acked = true;
                ackedBehind++;
                single = add(single, e.tag);
            }
        }
        doneBehind.clear();
        if (ackedBehind > COMPACT_AT && ackedBehind > outstanding.size() / 2) {
            // behind a long-running request: drop those already acknowledged on their own (the undone stay)
            outstanding.removeIf(e -> e.acked);
            ackedBehind = 0;
        }
        // sent under the lock: a recovery (connectionRecovering) cannot begin between choosing and sending
        if (run > 0) {
            sink.ack(upTo, run > 1);
        }
        if (single != null) {
            for (long tag : single) {
                sink.ack(tag, false);
            }
        }
    }

    private static List<Long> add(List<Long> list, long tag) {
        List<Long> l = list == null ? new ArrayList<>() : list;
        l.add(tag);
        return l;
    }

    /**
     * The connection is being recovered: deliveries not acknowledged are back on their queues, and
     * tags are renumbered after it, so multiple acks stop (see the class comment).
     */
    synchronized void connectionRecovering() {
        singleOnly = true;
    }

    /**
     * A delivery thread begins a run of deliveries (a consumer work block): done deliveries are
     * acknowledged at {@link #endRun()} (bounded, see the class comment).
     */
    static void beginRun() {
        DEFERRING.set(new ArrayList<>(2));
    }

    /** The run of deliveries on this thread ended: acknowledges what it deferred. */
    static void endRun() {
        List<Acknowledger> deferring = DEFERRING.get();
        DEFERRING.remove();
        if (deferring != null) {
            for (Acknowledger a : deferring) {
                a.flushQuietly();
            }
        }
    }

    /**
     * Acknowledges now what this delivery thread deferred so far: before it blocks (waiting for a
     * free worker), so finished requests are not left unacknowledged for as long as it waits.
     */
    static void flushDeferred() {
        List<Acknowledger> deferring = DEFERRING.get();
        if (deferring != null) {
            for (Acknowledger a : deferring) {
                a.flushQuietly();
            }
            deferring.clear();
        }
    }

    /** {@link #flush()}, logging a failure to send (the broker then delivers those messages again). */
    void flushQuietly() {
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** An acknowledgement could not be sent (the channel closed): the broker delivers those again. */
    void failed(Exception e) {
        AmqpTransport.ackFailed(e);
    }
}
