package dev.homewire.dispatcher;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;

/**
 * When a retryable gateway failure is tried again: capped exponential backoff with jitter
 * (Resilience4j's {@link IntervalFunction}: base × 2^(attempt-1), randomised by ±50 %, at most the
 * cap), never under the base (Alexa: retries at least 1 s apart), never before a 429's
 * {@code Retry-After}, in whole seconds (SQS visibility), and after {@code maxAttempts} attempts
 * not at all. The attempt number is the record's SQS {@code ApproximateReceiveCount}.
 */
public final class RetrySchedule {
    /** SQS's longest visibility timeout. */
    static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    private final int maxAttempts;
    private final Duration base;
    private final IntervalFunction backoff;

    public RetrySchedule(int maxAttempts, Duration base, Duration max) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.base = Objects.requireNonNull(base, "base");
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(base, 2.0, 0.5, Objects.requireNonNull(max, "max"));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether the event may be tried again after attempt number {@code attempt} (1 = the first) failed. */
    public boolean mayRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The pause after attempt number {@code attempt} failed, at least {@code retryAfterSeconds} when given. */
    public Duration delayAfter(int attempt, Integer retryAfterSeconds) {
        long millis = Math.max(base.toMillis(), backoff.apply(Math.max(1, attempt)));
        if (retryAfterSeconds != null && retryAfterSeconds > 0) {
            millis = Math.max(millis, retryAfterSeconds * 1000L);
        }
        long seconds = Math.min(SQS_MAX_VISIBILITY.toSeconds(), (millis + 999) / 1000);
        return Duration.ofSeconds(seconds);
    }
}
