package org.tandem.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.tandem.db.Database;
import org.tandem.db.Jdbc;

/**
 * Limits failed logins per user name and source address: after {@code maxFailures} failures within
 * {@code window}, further attempts from that address for that user are refused (without checking the
 * password) until enough failures have left the window. The failures are rows of
 * {@code identity_login_failures} in the shared database, so every api process counts the same ones
 * (a client cannot multiply its attempts by spreading them over processes). Rows hold a SHA-256 of
 * name and address, never the name or any password; those older than the window are purged.
 *
 * <p>The check and the count are not one transaction: requests that check at the same moment from
 * several processes may each get their attempt before the first failure is recorded, so the limit
 * can be passed by as many attempts as run concurrently (each still pays for a slow hash).
 */
public final class LoginThrottle {
    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    /** Every this many failures (per process), rows older than the window are deleted. */
    private static final int PURGE_EVERY = 100;

    private final Jdbc jdbc;
    private final int maxFailures;
    private final Duration window;
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param maxFailures failures allowed within {@code window} ({@code [identity] login_max_failures}, at least 1)
     * @param window {@code [identity] login_failure_window}, at least a second
     */
    public LoginThrottle(Database db, int maxFailures, Duration window) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("[identity] login_max_failures must be 1 or more, got " + maxFailures);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("[identity] login_failure_window must be 1 second or more, got "
                    + window.toSeconds());
        }
        this.jdbc = db.jdbc();
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** The stored key of a user name and address: SHA-256 hex of both. */
    static String key(String user, String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((user + "\u0000" + address).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** How long until another attempt is allowed; zero if allowed now. */
    public Duration retryAfter(String user, String address) {
        Instant now = jdbc.now();
        List<Instant> recent = jdbc.query("SELECT failed_at FROM identity_login_failures WHERE attempt_key = ? "
                + "AND failed_at > ? ORDER BY failed_at", r -> r.instant("failed_at"), key(user, address),
                now.minus(window));
        if (recent.size() < maxFailures) {
            return Duration.ZERO;
        }
        // allowed again once all but maxFailures - 1 of them have left the window
        return Duration.between(now, recent.get(recent.size() - maxFailures).plus(window));
    }

    /** Records a failed login (at the database's clock). */
    public void failed(String user, String address) {
        Instant now = jdbc.now();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("attempt_key", key(user, address));
        row.put("failed_at", now);
        jdbc.insert("identity_login_failures", row);
        if (failures.incrementAndGet() % PURGE_EVERY == 0) {
            jdbc.update("DELETE FROM identity_login_failures WHERE failed_at < ?", now.minus(window));
        }
    }

    /** Forgets the failures of this user and address (a successful login). */
    public void succeeded(String user, String address) {
        jdbc.update("DELETE FROM identity_login_failures WHERE attempt_key = ?", key(user, address));
    }
}
