package dev.homewire.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.AdapterException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void defaultsAreThreeAttemptsFrom200ms() {
        assertEquals(3, RetryPolicy.DEFAULT.maxAttempts());
        assertEquals(Duration.ofMillis(200), RetryPolicy.DEFAULT.baseBackoff());
        assertEquals(Duration.ofSeconds(1), RetryPolicy.DEFAULT.dispatchMargin());
    }

    @Test
    void backoffDoublesUpToItsCapWithFullJitter() {
        RetryPolicy low = RetryPolicy.DEFAULT.withRandom(() -> 0.0);
        RetryPolicy high = RetryPolicy.DEFAULT.withRandom(() -> 0.999_999);
        assertEquals(Duration.ZERO, low.backoff(1));
        assertEquals(Duration.ofMillis(199), high.backoff(1));
        assertEquals(Duration.ofMillis(399), high.backoff(2));
        assertEquals(Duration.ofMillis(1999), high.backoff(10), "capped at " + RetryPolicy.MAX_BACKOFF);
        long sum = 0;
        for (int i = 0; i < 1000; i++) {
            long ms = RetryPolicy.DEFAULT.backoff(2).toMillis();
            assertTrue(ms >= 0 && ms < 400, "jittered pause " + ms);
            sum += ms;
        }
        System.out.println("full jitter, attempt 2: mean pause " + sum / 1000 + " ms of a 400 ms step");
    }

    @Test
    void aVendorsRetryAfterIsHonouredWhenLongerThanTheBackoff() {
        RetryPolicy policy = RetryPolicy.DEFAULT.withRandom(() -> 0.5);
        AdapterException throttled = new AdapterException(AdapterException.Reason.RATE_LIMITED, "HTTP 429")
                .retryAfter(Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(1), policy.pauseAfter(throttled, 1));
        assertEquals(Duration.ofMillis(100), policy.pauseAfter(new AdapterException(AdapterException.Reason.RATE_LIMITED, "HTTP 429"), 1));
    }

    @Test
    void aRetryMustLeaveTheDispatchMarginBeforeTheDeadline() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        Duration pause = Duration.ofMillis(200);
        Duration call = Duration.ofMillis(500);
        assertTrue(RetryPolicy.DEFAULT.fitsBefore(now.plusMillis(1700), now, pause, call));
        assertFalse(RetryPolicy.DEFAULT.fitsBefore(now.plusMillis(1699), now, pause, call));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofMillis(200)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofMillis(-1)));
    }
}
