package dev.homewire.core.faults;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places in the pipeline where the devstack can make a function die as a crashed Lambda would
 * (out of memory, timeout, host failure), so that redelivery and claim takeover are exercised for
 * real. Nothing arms them in AWS: there {@link #reach} is one lookup in an empty map.
 *
 * <p>Armed with a count; each time code passes an armed point the count drops by one and a
 * {@link SimulatedCrash} (an {@link Error}: nothing on the way catches it) ends the invocation.
 * The devstack's SQS poller then leaves the whole batch to reappear after the visibility timeout,
 * exactly as after a Lambda crash.
 */
public final class CrashPoints {
    /** In a processor, after the vendor answered a command and before anything was stored or published. */
    public static final String AFTER_VENDOR_CALL = "after-vendor-call";
    /** In a processor, after the answer was published and before the SQS message is acknowledged. */
    public static final String PROCESSOR_BEFORE_ACK = "processor-before-ack";
    /** In the dispatcher, after the gateway took the event and before the SQS message is acknowledged. */
    public static final String DISPATCHER_BEFORE_ACK = "dispatcher-before-ack";

    public static final Set<String> ALL = Set.of(AFTER_VENDOR_CALL, PROCESSOR_BEFORE_ACK, DISPATCHER_BEFORE_ACK);

    private static final Map<String, AtomicInteger> ARMED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CRASHES = new ConcurrentHashMap<>();

    private CrashPoints() {
    }

    /** The invocation died at a crash point. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(String point) {
            super("simulated crash at " + point, null, false, false);
        }
    }

    /**
     * Makes the next {@code count} passes of {@code point} crash (0 disarms it).
     *
     * @throws IllegalArgumentException for an unknown point or a negative count
     */
    public static void arm(String point, int count) {
        if (!ALL.contains(point)) {
            throw new IllegalArgumentException("unknown crash point '" + point + "'; known: " + ALL);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (count == 0) {
            ARMED.remove(point);
        } else {
            ARMED.put(point, new AtomicInteger(count));
        }
    }

    /** Disarms every point. */
    public static void disarmAll() {
        ARMED.clear();
    }

    /** Crashes left per armed point. */
    public static Map<String, Integer> armed() {
        Map<String, Integer> left = new java.util.TreeMap<>();
        ARMED.forEach((point, count) -> left.put(point, count.get()));
        return left;
    }

    /** Crashes so far per point (since the process started). */
    public static Map<String, Integer> crashes() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        CRASHES.forEach((point, count) -> counts.put(point, count.get()));
        return counts;
    }

    /** Passes a crash point: returns normally unless the point is armed. */
    public static void reach(String point) {
        if (ARMED.isEmpty()) {
            return;
        }
        AtomicInteger left = ARMED.get(point);
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            CRASHES.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
            throw new SimulatedCrash(point);
        }
    }
}
