package dev.homewire.processors.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.core.config.HomewireConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollBackoffTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static PollBackoff pinned(double random) {
        return PollBackoff.DEFAULT.withRandom(() -> random);
    }

    @Test
    void withoutJitterTheStepsDoubleUpToTheCap() {
        PollBackoff middle = pinned(0.5);
        assertEquals(Duration.ofSeconds(1), middle.delayAfter(1));
        assertEquals(Duration.ofSeconds(2), middle.delayAfter(2));
        assertEquals(Duration.ofSeconds(4), middle.delayAfter(3));
        assertEquals(Duration.ofSeconds(5), middle.delayAfter(4));
        assertEquals(Duration.ofSeconds(5), middle.delayAfter(40));
    }

    @Test
    void jitterStaysWithinHalfAndOneAndAHalfStepsInWholeSecondsOfAtLeastOne() {
        Random random = new Random(42);
        PollBackoff backoff = PollBackoff.DEFAULT.withRandom(random::nextDouble);
        for (int i = 0; i < 1000; i++) {
            int attempt = 1 + i % 8;
            Duration d = backoff.delayAfter(attempt);
            long step = Math.min(5000, 1000L << (attempt - 1));
            assertEquals(0, d.getNano(), "whole seconds (SQS DelaySeconds)");
            assertTrue(d.toMillis() >= Math.max(1000, Math.round(step * 0.5 / 1000.0) * 1000), attempt + ": " + d);
            assertTrue(d.toMillis() <= Math.min(5000, Math.round(step * 1.5 / 1000.0) * 1000), attempt + ": " + d);
        }
        assertEquals(Duration.ofSeconds(1), pinned(0.0).delayAfter(1));
        assertEquals(Duration.ofSeconds(1), pinned(0.999).delayAfter(1));
        assertEquals(Duration.ofSeconds(1), pinned(0.0).delayAfter(2));
        assertEquals(Duration.ofSeconds(3), pinned(0.999).delayAfter(2));
    }

    @Test
    void theNextPollNeverLandsAfterTheDeadlineMinusMarginAndPollTime() {
        PollBackoff backoff = pinned(0.5); // wants 5 s after attempt 4
        Duration pollTime = Duration.ofMillis(300);

        assertEquals(Optional.of(Duration.ofSeconds(5)), backoff.nextDelay(4, NOW, NOW.plusSeconds(20), pollTime));
        // 6.8 s left: 6.8 - 1.5 - 0.3 = 5.0 fits exactly
        assertEquals(Optional.of(Duration.ofSeconds(5)), backoff.nextDelay(4, NOW, NOW.plusMillis(6800), pollTime));
        // 4.5 s left: shortened to the 2 whole seconds that still fit (2.7)
        assertEquals(Optional.of(Duration.ofSeconds(2)), backoff.nextDelay(4, NOW, NOW.plusMillis(4500), pollTime));
        // 2.7 s left: 0.9 s would fit, less than the shortest delay: fail now
        assertEquals(Optional.empty(), backoff.nextDelay(4, NOW, NOW.plusMillis(2700), pollTime));
        assertEquals(Optional.empty(), backoff.nextDelay(1, NOW, NOW.minusSeconds(1), pollTime));
    }

    @Test
    void configuredFromTheEnvironment() {
        PollBackoff backoff = PollBackoff.fromConfig(new HomewireConfig(Map.of("HOMEWIRE_POLL_BASE_INTERVAL_MS", "2000",
                "HOMEWIRE_POLL_MAX_INTERVAL_MS", "8000", "HOMEWIRE_POLL_DISPATCH_MARGIN_MS", "1000")));
        assertEquals(Duration.ofSeconds(2), backoff.base());
        assertEquals(Duration.ofSeconds(8), backoff.max());
        assertEquals(Duration.ofSeconds(1), backoff.dispatchMargin());
        assertFalse(PollBackoff.fromConfig(new HomewireConfig(Map.of())).toString().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new PollBackoff(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PollBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO));
    }
}
