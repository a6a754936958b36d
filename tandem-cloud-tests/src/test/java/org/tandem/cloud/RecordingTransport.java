package org.tandem.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.IncomingHandler;
import org.tandem.rpc.transport.Reply;
import org.tandem.rpc.transport.Subscription;
import org.tandem.rpc.transport.Transport;

/**
 * A transport that notes every message a service sends (who, where, which method at which version,
 * and the arguments as they went on the wire) before handing it to the real one: what the tests
 * check to know the version a pin actually sent; and, on request, a call cut off as a broker restart
 * cuts it off ({@link Log#cutOffNext}).
 */
final class RecordingTransport implements Transport {
    /** One message as sent. */
    record Sent(String sender, String topic, String server, String namespace, String method, String version,
            Map<String, Object> args, boolean call) {
    }

    /** Every message of every recording transport of one cloud, in sending order. */
    static final class Log {
        private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        private final List<java.util.function.Predicate<Sent>> cutOffs = Collections.synchronizedList(new ArrayList<>());
        private final List<java.util.function.Predicate<Sent>> losses = Collections.synchronizedList(new ArrayList<>());
        private final List<ServerError> serverErrors = Collections.synchronizedList(new ArrayList<>());

        /** A call's reply replaced by {@code error}, after the server ran the call or instead of running it. */
        private record ServerError(java.util.function.Predicate<Sent> which, RuntimeException error, boolean ran) {
        }

        /**
         * The next cast matching {@code which} is accepted and then lost, as a broker restart loses
         * what its queues held: the sender sees no error, the receiver never gets it.
         */
        void loseNext(java.util.function.Predicate<Sent> which) {
            losses.add(which);
        }

        /**
         * The next call matching {@code which} fails as if the broker connection dropped before it was
         * sent (a broker restart): a transport failure, not a server's answer.
         */
        void cutOffNext(java.util.function.Predicate<Sent> which) {
            cutOffs.add(which);
        }

        /**
         * The next call matching {@code which} is answered with {@code error} as the server would send
         * it (an oslo failure naming its class), after the server ran the call ({@code ran}: its
         * writes took effect, only the answer says otherwise) or without running it; as a conductor
         * answers when its database restarts under the request.
         */
        void answerNextWith(java.util.function.Predicate<Sent> which, RuntimeException error, boolean ran) {
            serverErrors.add(new ServerError(which, error, ran));
        }

        /** Cut-offs, losses and server errors asked for that no message has met yet. */
        int pendingCutOffs() {
            return cutOffs.size() + losses.size() + serverErrors.size();
        }

        private ServerError takeServerError(Sent s) {
            return take(serverErrors, e -> e.which().test(s));
        }

        private boolean takeCutOff(Sent s) {
            return take(cutOffs, s);
        }

        private static boolean take(List<java.util.function.Predicate<Sent>> faults, Sent s) {
            return take(faults, which -> which.test(s)) != null;
        }

        /** Removes and returns the first fault that {@code matches}, or null: each fault is met once. */
        private static <F> F take(List<F> faults, java.util.function.Predicate<F> matches) {
            synchronized (faults) {
                for (var it = faults.iterator(); it.hasNext(); ) {
                    F fault = it.next();
                    if (matches.test(fault)) {
                        it.remove();
                        return fault;
                    }
                }
                return null;
            }
        }

        List<Sent> all() {
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }

        /** What {@code sender} sent as {@code method}. */
        List<Sent> of(String sender, String method) {
            return all().stream().filter(s -> s.sender().equals(sender) && s.method().equals(method)).toList();
        }

        /** The versions {@code sender} sent {@code method} as, in order. */
        List<String> versions(String sender, String method) {
            return of(sender, method).stream().map(Sent::version).toList();
        }
    }

    private final Transport delegate;
    private final String sender;
    private final Log log;

    RecordingTransport(Transport delegate, String sender, Log log) {
        this.delegate = delegate;
        this.sender = sender;
        this.log = log;
    }

    @SuppressWarnings("unchecked")
    private Sent note(Target target, Map<String, Object> message, boolean call) {
        Object args = message.get("args");
        Sent s = new Sent(sender, target.topic(), target.server(), (String) message.get("namespace"),
                String.valueOf(message.get("method")), (String) message.get("version"),
                args instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), call);
        log.sent.add(s);
        return s;
    }

    @Override
    public void cast(Target target, Map<String, Object> message) {
        Sent s = note(target, message, false);
        if (Log.take(log.losses, s)) {
            return;
        }
        delegate.cast(target, message);
    }

    @Override
    public Reply call(Target target, Map<String, Object> message, Duration timeout) {
        Sent s = note(target, message, true);
        if (log.takeCutOff(s)) {
            throw new org.tandem.rpc.MessagingException("lost the connection to the broker while waiting for the reply "
                    + "(cut off by the test); the request may or may not have been processed");
        }
        Log.ServerError answer = log.takeServerError(s);
        if (answer != null) {
            if (answer.ran()) {
                Reply ran = delegate.call(target, message, timeout);
                if (ran.isFailure()) {
                    return ran; // the server failed by itself: its own answer stands
                }
            }
            return new Reply(null, org.tandem.rpc.RemoteFailure.of(answer.error()).toJson());
        }
        return delegate.call(target, message, timeout);
    }

    @Override
    public Subscription listen(Target target, IncomingHandler handler) {
        return delegate.listen(target, handler);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
