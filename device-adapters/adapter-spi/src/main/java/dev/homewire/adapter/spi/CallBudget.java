package dev.homewire.adapter.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The time a vendor call may still take: core runs every adapter call {@linkplain #within within}
 * the instant by which it must be over (the directive's deadline minus the dispatcher's margin),
 * and the adapter's HTTP layer ({@link dev.homewire.adapter.spi.http.VendorHttp}) caps each
 * request's time-outs by {@link #cap}. So a call made late never outlives the answer Alexa waits
 * for, whatever the adapter's own call timeout. Per thread; outside {@code within} nothing is capped.
 */
public final class CallBudget {
    private static final ThreadLocal<Instant> DEADLINE = new ThreadLocal<>();
    private static volatile Clock clock = Clock.systemUTC();

    private CallBudget() {
    }

    /** Runs {@code call} with every vendor request in it over by {@code deadline}; nested budgets keep the earlier end. */
    public static <T> T within(Instant deadline, Supplier<T> call) {
        Objects.requireNonNull(deadline, "deadline");
        Instant outer = DEADLINE.get();
        DEADLINE.set(outer != null && outer.isBefore(deadline) ? outer : deadline);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    /**
     * {@code timeout}, or less when the budget ends sooner; zero or negative when it has ended.
     */
    public static Duration cap(Duration timeout) {
        Instant deadline = DEADLINE.get();
        if (deadline == null) {
            return timeout;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        return left.compareTo(timeout) < 0 ? left : timeout;
    }

    /** For tests that move time: the clock {@link #cap} measures with. */
    public static void useClock(Clock testClock) {
        clock = Objects.requireNonNull(testClock, "testClock");
    }
}
