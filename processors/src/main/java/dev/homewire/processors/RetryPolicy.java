package dev.homewire.processors;

import dev.homewire.adapter.spi.AdapterException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How transient vendor failures are retried: at most {@link #maxAttempts()} calls, capped
 * exponential backoff from {@link #baseBackoff()} with full jitter (a random pause between zero
 * and the step, so retries of many directives after one outage spread out instead of arriving
 * together), never shorter than a vendor's {@code Retry-After}, and never a retry that could not
 * finish {@link #dispatchMargin()} before the directive's deadline, which the dispatcher needs to
 * post the answer to the event gateway. Only transient failures (the vendor unreachable, 5xx,
 * 429) are retried; the others map straight to their ErrorResponse.
 */
public final class RetryPolicy {
    private static final Duration DEFAULT_DISPATCH_MARGIN = Duration.ofSeconds(1);
    /** The longest step of the backoff: a directive has seconds, not minutes. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** 3 attempts, 200 ms base backoff, 1 s left for the dispatcher. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200));

    private final int maxAttempts;
    private final Duration baseBackoff;
    private final Duration dispatchMargin;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /** How the pause between attempts is spent; tests pass one that moves a fake clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public RetryPolicy(int maxAttempts, Duration baseBackoff) {
        this(maxAttempts, baseBackoff, DEFAULT_DISPATCH_MARGIN, d -> Thread.sleep(d.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    private RetryPolicy(int maxAttempts, Duration baseBackoff, Duration dispatchMargin, Sleeper sleeper, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (baseBackoff.isNegative() || dispatchMargin.isNegative()) {
            throw new IllegalArgumentException("backoff and margin must not be negative");
        }
        this.maxAttempts = maxAttempts;
        this.baseBackoff = baseBackoff;
        this.dispatchMargin = dispatchMargin;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    public RetryPolicy withDispatchMargin(Duration margin) {
        return new RetryPolicy(maxAttempts, baseBackoff, margin, sleeper, random);
    }

    public RetryPolicy withSleeper(Sleeper newSleeper) {
        return new RetryPolicy(maxAttempts, baseBackoff, dispatchMargin, newSleeper, random);
    }

    /** The source of jitter, a value in [0, 1); tests pin it. */
    public RetryPolicy withRandom(DoubleSupplier newRandom) {
        return new RetryPolicy(maxAttempts, baseBackoff, dispatchMargin, sleeper, newRandom);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseBackoff() {
        return baseBackoff;
    }

    public Duration dispatchMargin() {
        return dispatchMargin;
    }

    /**
     * The pause before attempt {@code failedAttempts + 1}: a random share of
     * min({@link #MAX_BACKOFF}, base × 2^(failedAttempts−1)) ("full jitter").
     */
    public Duration backoff(int failedAttempts) {
        long step = Math.min(MAX_BACKOFF.toMillis(), baseBackoff.toMillis() << Math.min(Math.max(failedAttempts - 1, 0), 16));
        return Duration.ofMillis((long) (random.getAsDouble() * step));
    }

    /** The pause after {@code failure} ended attempt {@code failedAttempts}: the backoff, or the vendor's Retry-After if longer. */
    public Duration pauseAfter(AdapterException failure, int failedAttempts) {
        Duration pause = backoff(failedAttempts);
        Duration asked = failure.retryAfter();
        return asked != null && asked.compareTo(pause) > 0 ? asked : pause;
    }

    /**
     * Whether another attempt after {@code pause}, expected to take {@code callEstimate}, still
     * leaves the dispatch margin before the deadline.
     */
    public boolean fitsBefore(Instant deadline, Instant now, Duration pause, Duration callEstimate) {
        return !now.plus(pause).plus(callEstimate).plus(dispatchMargin).isAfter(deadline);
    }

    public void sleep(Duration pause) throws InterruptedException {
        if (!pause.isZero()) {
            sleeper.sleep(pause);
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", baseBackoff=" + baseBackoff + ", dispatchMargin=" + dispatchMargin + "]";
    }
}
