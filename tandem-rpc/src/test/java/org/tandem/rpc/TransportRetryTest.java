package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransportRetryTest {
    @Test
    void triesAgainWhileTheBrokerIsAway() {
        AtomicInteger calls = new AtomicInteger();
        String out = TransportRetry.idempotent("backport", Duration.ofSeconds(30), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new MessagingException("cannot publish to exchange nova: connection closed");
            }
            return "done";
        });
        assertThat(out).isEqualTo("done");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aServersAnswerIsNotTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> TransportRetry.idempotent("backport", Duration.ofSeconds(30), () -> {
            calls.incrementAndGet();
            throw new RemoteError("ValueError", "bad", List.of());
        })).isInstanceOf(RemoteError.class);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aDispatchersRefusalIsAnAnswerTooAndIsNotTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> TransportRetry.idempotent("object_backport_versions", Duration.ofSeconds(30), () -> {
            calls.incrementAndGet();
            throw new UnsupportedVersionException("2.1", "object_backport_versions");
        })).isInstanceOf(UnsupportedVersionException.class);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void givesUpAfterItsWindowWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> TransportRetry.idempotent("backport", Duration.ofSeconds(2), () -> {
            throw new MessagingException("attempt " + calls.incrementAndGet());
        })).isInstanceOf(MessagingException.class).hasMessage("attempt " + calls.get());
        assertThat(calls.get()).isGreaterThan(1);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.5);
    }
}
