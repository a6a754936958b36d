package org.tandem.rpc;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an idempotent request again while the broker or its servers cannot be reached (a broker
 * restart, a conductor restarting): a {@link MessagingException} that is not a {@link RemoteError}
 * means the request did not get a server's answer, so trying again is safe for requests that mean
 * the same the second time (an object backport, reverting a task state). A {@code RemoteError}, or
 * a dispatcher's answer such as {@link UnsupportedVersionException} (a {@link WireException}), is
 * the server's answer and is thrown at once.
 */
public final class TransportRetry {
    private static final Logger LOG = LoggerFactory.getLogger(TransportRetry.class);

    private TransportRetry() {
    }

    /**
     * Whether {@code e} means a request got no server's answer (the broker or the servers could not be
     * reached, or the connection dropped while waiting), rather than a server's or dispatcher's answer.
     */
    public static boolean isTransportFailure(Throwable e) {
        return e instanceof MessagingException && !(e instanceof RemoteError) && !(e instanceof WireException);
    }

    /**
     * @param what   what the request does, for the log
     * @param window how long to keep trying; the last failure is thrown after it
     */
    public static <T> T idempotent(String what, Duration window, Supplier<T> attempt) {
        long deadline = System.nanoTime() + window.toNanos();
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (MessagingException e) {
                if (!isTransportFailure(e)) {
                    throw e; // the server answered: asking again gets the same answer
                }
                long pauseMs = Math.min(250L * n, 2000L);
                if (System.nanoTime() + pauseMs * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warn("{} failed: {}; trying again in {} ms (attempt {})", what, e.getMessage(), pauseMs, n + 1);
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
