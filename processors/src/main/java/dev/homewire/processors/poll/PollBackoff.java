package dev.homewire.processors.poll;

import dev.homewire.core.config.HomewireConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When the polling fast path looks at a device again. The asynchronous processor schedules the
 * first poll about {@link #base()} after the command; after poll {@code n} the next one follows
 * after a jittered step around {@code base × 2^(n−1)}, capped at {@link #max()}: uniformly in
 * [½·step, 1½·step), so pollers of many operations started together drift apart. Delays are whole
 * seconds (SQS {@code DelaySeconds} has no finer unit), at least one: with the defaults (1 s,
 * 5 s) about 1, 1–3, 2–5, then 3–5 s.
 *
 * <p>No poll is planned after the pending operation's deadline minus {@link #dispatchMargin()}
 * (and minus the time a poll takes): the last one is shortened to fit, and when not even the
 * shortest fits {@link #nextDelay} answers empty, so the caller fails the operation at once and
 * the ErrorResponse reaches Alexa before the deadline it was promised.
 */
public final class PollBackoff {
    /** SQS delays are whole seconds. */
    private static final Duration UNIT = Duration.ofSeconds(1);

    /** 1 s base, 5 s cap, 1.5 s left before the deadline for the dispatcher. */
    public static final PollBackoff DEFAULT = new PollBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(1500));

    private final Duration base;
    private final Duration max;
    private final Duration dispatchMargin;
    private final DoubleSupplier random;

    public PollBackoff(Duration base, Duration max, Duration dispatchMargin) {
        this(base, max, dispatchMargin, () -> ThreadLocalRandom.current().nextDouble());
    }

    private PollBackoff(Duration base, Duration max, Duration dispatchMargin, DoubleSupplier random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(dispatchMargin, "dispatchMargin");
        if (base.compareTo(UNIT) < 0 || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 1 s <= base <= max, got base " + base + ", max " + max);
        }
        if (dispatchMargin.isNegative()) {
            throw new IllegalArgumentException("dispatchMargin must not be negative");
        }
        this.base = base;
        this.max = max;
        this.dispatchMargin = dispatchMargin;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** From {@code HOMEWIRE_POLL_BASE_INTERVAL_MS}, {@code HOMEWIRE_POLL_MAX_INTERVAL_MS}, {@code HOMEWIRE_POLL_DISPATCH_MARGIN_MS}. */
    public static PollBackoff fromConfig(HomewireConfig config) {
        return new PollBackoff(config.pollBaseInterval(), config.pollMaxInterval(), config.pollDispatchMargin());
    }

    /** The source of jitter, a value in [0, 1); tests pin it. */
    public PollBackoff withRandom(DoubleSupplier newRandom) {
        return new PollBackoff(base, max, dispatchMargin, newRandom);
    }

    public Duration base() {
        return base;
    }

    public Duration max() {
        return max;
    }

    public Duration dispatchMargin() {
        return dispatchMargin;
    }

    /** The shortest delay a poll can be scheduled with. */
    public Duration minimumDelay() {
        return UNIT;
    }

    /** The pause after poll number {@code attempt} (1 = the first poll) and before the next, ignoring deadlines. */
    public Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        long step = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        double jittered = step * (0.5 + random.getAsDouble());
        long millis = Math.min(max.toMillis(), Math.round(jittered));
        long seconds = Math.min(Math.round(millis / 1000.0), max.getSeconds());
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /**
     * The pause before the poll after {@code attempt}, shortened so that the next poll (taking about
     * {@code pollTime}) still ends {@link #dispatchMargin()} before {@code deadline}; empty when no
     * poll fits any more and the operation must be failed now.
     */
    public Optional<Duration> nextDelay(int attempt, Instant now, Instant deadline, Duration pollTime) {
        Duration wanted = delayAfter(attempt);
        Instant latestPoll = deadline.minus(dispatchMargin).minus(pollTime.isNegative() ? Duration.ZERO : pollTime);
        Duration left = Duration.between(now, latestPoll);
        if (wanted.compareTo(left) <= 0) {
            return Optional.of(wanted);
        }
        if (left.compareTo(UNIT) < 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(left.getSeconds())); // whole seconds, rounded down: never past the limit
    }

    @Override
    public String toString() {
        return "PollBackoff[base=" + base + ", max=" + max + ", dispatchMargin=" + dispatchMargin + "]";
    }
}
