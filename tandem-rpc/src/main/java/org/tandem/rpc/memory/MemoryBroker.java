package org.tandem.rpc.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named in-JVM broker: queues that keep messages (the envelope's JSON bytes, shared and never
 * modified once published) until a consumer takes them,
 * round-robin among consumers that are free, fanout sets per topic and reply queues. Brokers live
 * while at least one transport uses them.
 */
final class MemoryBroker {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBroker.class);
    private static final Map<String, MemoryBroker> BROKERS = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Set<Queue>> fanouts = new ConcurrentHashMap<>();
    private final Map<String, Consumer<byte[]>> replyQueues = new ConcurrentHashMap<>();
    private int users;

    private MemoryBroker(String name) {
        this.name = name;
    }

    static MemoryBroker acquire(String name) {
        synchronized (BROKERS) {
            MemoryBroker b = BROKERS.computeIfAbsent(name, MemoryBroker::new);
            b.users++;
            return b;
        }
    }

    void release() {
        synchronized (BROKERS) {
            if (--users == 0) {
                BROKERS.remove(name, this);
            }
        }
    }

    String name() {
        return name;
    }

    Queue declare(String queueName) {
        return queues.computeIfAbsent(queueName, Queue::new);
    }

    /** Publishes to a queue; a message for a queue nobody declared is dropped, as AMQP does. */
    boolean publish(String queueName, byte[] json) {
        Queue q = queues.get(queueName);
        if (q == null) {
            LOG.debug("memory://{}: no queue {} for message; dropped", name, queueName);
            return false;
        }
        q.publish(json);
        return true;
    }

    void bindFanout(String topic, Queue q) {
        fanouts.computeIfAbsent(topic, t -> new CopyOnWriteArraySet<>()).add(q);
    }

    void unbindFanout(String topic, Queue q) {
        Set<Queue> set = fanouts.get(topic);
        if (set != null) {
            set.remove(q);
        }
        queues.remove(q.name, q);
    }

    int publishFanout(String topic, byte[] json) {
        Set<Queue> set = fanouts.getOrDefault(topic, Set.of());
        set.forEach(q -> q.publish(json));
        return set.size();
    }

    void registerReplyQueue(String name, Consumer<byte[]> sink) {
        replyQueues.put(name, sink);
    }

    void unregisterReplyQueue(String name) {
        replyQueues.remove(name);
    }

    boolean reply(String replyQueue, byte[] json) {
        Consumer<byte[]> sink = replyQueues.get(replyQueue);
        if (sink == null) {
            return false;
        }
        sink.accept(json);
        return true;
    }

    int depth(String queueName) {
        Queue q = queues.get(queueName);
        return q == null ? 0 : q.depth();
    }

    /** A queue with competing consumers served round-robin, each consumer taking one message at a time. */
    static final class Queue {
        final String name;
        private final Deque<byte[]> pending = new ArrayDeque<>();
        private final List<QueueConsumer> consumers = new ArrayList<>();
        private int next;

        Queue(String name) {
            this.name = name;
        }

        synchronized void publish(byte[] json) {
            pending.addLast(json);
            drain();
        }

        synchronized int depth() {
            return pending.size();
        }

        synchronized void add(QueueConsumer c) {
            consumers.add(c);
            drain();
        }

        synchronized void remove(QueueConsumer c) {
            consumers.remove(c);
            c.closed = true;
            if (c.idle) {
                c.inbox.offer(QueueConsumer.STOP);
            }
        }

        /** Called by a consumer's thread after it handled a message; false when it must exit. */
        synchronized boolean done(QueueConsumer c) {
            if (c.closed) {
                return false;
            }
            c.idle = true;
            drain();
            return true;
        }

        synchronized void requeueFront(byte[] json) {
            pending.addFirst(json);
            drain();
        }

        private void drain() {
            while (!pending.isEmpty()) {
                QueueConsumer c = nextIdle();
                if (c == null) {
                    return;
                }
                c.idle = false;
                c.inbox.offer(pending.pollFirst());
            }
        }

        private QueueConsumer nextIdle() {
            int n = consumers.size();
            for (int i = 0; i < n; i++) {
                QueueConsumer c = consumers.get((next + i) % n);
                if (c.idle && !c.closed) {
                    next = (next + i + 1) % n;
                    return c;
                }
            }
            return null;
        }
    }

    /** One consumer thread on one queue. */
    static final class QueueConsumer implements Runnable {
        static final byte[] STOP = new byte[0]; // identity sentinel

        final BlockingQueue<byte[]> inbox = new ArrayBlockingQueue<>(2);
        private final Queue queue;
        private final Consumer<byte[]> handler;
        private final Thread thread;
        boolean idle = true; // guarded by queue
        boolean closed; // guarded by queue

        QueueConsumer(Queue queue, Consumer<byte[]> handler, String threadName) {
            this.queue = queue;
            this.handler = handler;
            this.thread = new Thread(this, threadName);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
            queue.add(this);
        }

        void stop() {
            queue.remove(this);
        }

        void join(long millis) throws InterruptedException {
            if (Thread.currentThread() != thread) {
                thread.join(millis);
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    byte[] json = inbox.take();
                    if (json == STOP) {
                        break;
                    }
                    try {
                        handler.accept(json);
                    } catch (RuntimeException e) {
                        LOG.error("memory transport: handler failed on queue {}: {}", queue.name, e.toString(), e);
                    }
                    if (!queue.done(this)) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                byte[] leftover;
                while ((leftover = inbox.poll()) != null) {
                    if (leftover != STOP) {
                        queue.requeueFront(leftover);
                    }
                }
            }
        }
    }
}
