package org.tandem.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.testing.MutableClock;

/**
 * The failed-login throttle on every supported database: two throttles on one database stand for
 * two api processes. Subclasses open a fresh, empty database on {@link #clock}; each test works on
 * its own random user names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoginThrottleContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.123456Z"));
    private Database db;

    /** Opens a new, empty database using {@link #clock}. */
    protected abstract Database openEmptyDatabase() throws Exception;

    /** Removes what {@link #openEmptyDatabase} created (the database is already closed). */
    protected void dropDatabase() throws Exception {
    }

    @BeforeAll
    void setUpDatabase() throws Exception {
        db = openEmptyDatabase();
        new SchemaManager(db).sync();
    }

    @AfterAll
    void tearDownDatabase() throws Exception {
        if (db != null) {
            db.close();
            dropDatabase();
        }
    }

    private LoginThrottle process() {
        return new LoginThrottle(db, 3, Duration.ofSeconds(60));
    }

    private static String user() {
        return "user-" + UUID.randomUUID() + "@default";
    }

    @Test
    void failuresSpreadOverProcessesCountTogether() {
        LoginThrottle a = process();
        LoginThrottle b = process();
        String user = user();
        a.failed(user, "192.0.2.7");
        clock.advance(Duration.ofSeconds(10));
        b.failed(user, "192.0.2.7");
        assertThat(a.retryAfter(user, "192.0.2.7")).isZero();
        clock.advance(Duration.ofSeconds(5));
        a.failed(user, "192.0.2.7");
        // the third failure within the window: both processes refuse until the first one is 60 s old
        assertThat(b.retryAfter(user, "192.0.2.7")).isEqualTo(Duration.ofSeconds(45));
        assertThat(a.retryAfter(user, "192.0.2.7")).isEqualTo(Duration.ofSeconds(45));
        // the same user from another address, and another user from that address, are not affected
        assertThat(b.retryAfter(user, "192.0.2.8")).isZero();
        assertThat(b.retryAfter(user(), "192.0.2.7")).isZero();
        clock.advance(Duration.ofSeconds(45));
        assertThat(b.retryAfter(user, "192.0.2.7")).isZero();
        // one more failure and the oldest left (10 s later) is the one to wait for
        b.failed(user, "192.0.2.7");
        assertThat(a.retryAfter(user, "192.0.2.7")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSuccessfulLoginInAnyProcessForgetsTheFailures() {
        LoginThrottle a = process();
        LoginThrottle b = process();
        String user = user();
        for (int i = 0; i < 3; i++) {
            a.failed(user, "2001:db8::1");
        }
        assertThat(b.retryAfter(user, "2001:db8::1")).isPositive();
        b.succeeded(user, "2001:db8::1");
        assertThat(a.retryAfter(user, "2001:db8::1")).isZero();
    }

    @Test
    void namesOfAnyLengthAndScriptAreKeyedAndNotStored() {
        LoginThrottle a = process();
        String user = "ユーザー-" + "x".repeat(5000) + "@default";
        for (int i = 0; i < 3; i++) {
            a.failed(user, "198.51.100.1");
        }
        assertThat(process().retryAfter(user, "198.51.100.1")).isPositive();
        assertThat(db.jdbc().query("SELECT attempt_key FROM identity_login_failures", r -> r.string("attempt_key")))
                .allMatch(k -> k.matches("[0-9a-f]{64}")).noneMatch(k -> k.contains("x"));
    }

    @Test
    void oldFailuresArePurged() {
        LoginThrottle a = process();
        String user = user();
        a.failed(user, "203.0.113.9");
        clock.advance(Duration.ofMinutes(5));
        // the purge runs every 100 failures of a process
        for (int i = 0; i < 99; i++) {
            a.failed(user(), "203.0.113.9");
        }
        assertThat(db.jdbc().query("SELECT failed_at FROM identity_login_failures WHERE attempt_key = ?",
                r -> r.instant("failed_at"), LoginThrottle.key(user, "203.0.113.9"))).isEmpty();
    }

    @Test
    void limitsBelowOneAreRefusedWithTheOptionNamed() {
        assertThatThrownBy(() -> new LoginThrottle(db, 0, Duration.ofSeconds(60)))
                .hasMessageContaining("[identity] login_max_failures");
        assertThatThrownBy(() -> new LoginThrottle(db, 3, Duration.ZERO))
                .hasMessageContaining("[identity] login_failure_window");
    }
}
