package org.tandem.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits failed logins per user name and source address: after {@code maxFailures} failures within
 * {@code window}, further attempts from that address for that user are refused (without checking the
 * password) until the oldest failure leaves the window. Kept in memory per api process; bounded.
 */
public final class LoginThrottle {
    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_KEYS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    private static String key(String user, String address) {
        return user + "\u0000" + address;
    }

    /** How long until another attempt is allowed; zero if allowed now. */
    public synchronized Duration retryAfter(String user, String address) {
        Deque<Instant> q = failures.get(key(user, address));
        if (q == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
            q.pollFirst();
        }
        if (q.size() < maxFailures) {
            return Duration.ZERO;
        }
        return Duration.between(now, q.peekFirst().plus(window));
    }

    public synchronized void failed(String user, String address) {
        failures.computeIfAbsent(key(user, address), k -> new ArrayDeque<>()).addLast(clock.instant());
    }

    public synchronized void succeeded(String user, String address) {
        failures.remove(key(user, address));
    }
}
