package dev.homewire.benchmarks;

import java.util.Arrays;

/**
 * The timing harness: a floor and a subject run in strict alternation (floor, subject, floor,
 * subject, ...) on one thread, so whatever the machine does meanwhile (other builds, GC, the
 * local servers' own threads) falls on both alike. Warm-up pairs first, then measured pairs; each
 * sample is one call's wall time from {@link System#nanoTime()}.
 */
final class Interleaved {
    /** One timed call; whatever it needs is prepared by {@link #prepare} outside the timing. */
    interface Call {
        void run(Object prepared) throws Exception;

        default Object prepare(int iteration) throws Exception {
            return null;
        }
    }

    /** Housekeeping between pairs, outside the timing (e.g. purging a queue every so often). */
    interface Between {
        void after(int iteration) throws Exception;
    }

    record Samples(long[] nanos) {
        double percentileMs(double p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        double p50() {
            return percentileMs(50);
        }

        double p99() {
            return percentileMs(99);
        }
    }

    record Result(String name, String floorName, int warmupPairs, Samples floor, Samples subject) {
        double ratioP50() {
            return subject.p50() / floor.p50();
        }

        double ratioP99() {
            return subject.p99() / floor.p99();
        }
    }

    private Interleaved() {
    }

    static Result run(String name, String floorName, Call floor, Call subject, Between between, int warmupPairs,
                      int measuredPairs) throws Exception {
        for (int i = 0; i < warmupPairs; i++) {
            time(floor, i);
            time(subject, i);
            between.after(i);
        }
        long[] floorNanos = new long[measuredPairs];
        long[] subjectNanos = new long[measuredPairs];
        for (int i = 0; i < measuredPairs; i++) {
            floorNanos[i] = time(floor, warmupPairs + i);
            subjectNanos[i] = time(subject, warmupPairs + i);
            between.after(warmupPairs + i);
        }
        return new Result(name, floorName, warmupPairs, new Samples(floorNanos), new Samples(subjectNanos));
    }

    private static long time(Call call, int iteration) throws Exception {
        Object prepared = call.prepare(iteration);
        long started = System.nanoTime();
        call.run(prepared);
        return System.nanoTime() - started;
    }
}
