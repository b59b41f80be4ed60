package dev.homewire.core.schedule;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devstack's stand-in for EventBridge Scheduler: one timer per user on a small pool of daemon
 * threads, calling the background sync (e.g. {@code BackgroundSync::syncUser}) every interval,
 * the first run one interval after {@link #ensureSchedule}. The interval is taken in full
 * precision (seconds or less), so tests need not wait minutes. A failing sync is logged and the
 * timer keeps going. Ensure and delete are idempotent; after {@link #close()} both are ignored.
 */
public final class InProcessSyncScheduler implements SyncScheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessSyncScheduler.class);

    private final Duration interval;
    private final Consumer<String> sync;
    private final ScheduledExecutorService timer;
    private final Map<String, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();

    public InProcessSyncScheduler(Duration interval, Consumer<String> sync) {
        this(interval, sync, 2);
    }

    /** @param threads syncs that may run at the same time */
    public InProcessSyncScheduler(Duration interval, Consumer<String> sync, int threads) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.interval = interval;
        this.sync = Objects.requireNonNull(sync, "sync");
        this.timer = Executors.newScheduledThreadPool(threads, daemonThreads());
    }

    @Override
    public void ensureSchedule(String userId) {
        Objects.requireNonNull(userId, "userId");
        try {
            schedules.computeIfAbsent(userId, user -> {
                long nanos = interval.toNanos();
                ScheduledFuture<?> future = timer.scheduleWithFixedDelay(() -> run(user), nanos, nanos, TimeUnit.NANOSECONDS);
                LOG.info("in-process sync schedule for user {} every {} ms", user, interval.toMillis());
                return future;
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("in-process sync scheduler is closed; no schedule for user {}", userId);
        }
    }

    @Override
    public void deleteSchedule(String userId) {
        ScheduledFuture<?> future = schedules.remove(Objects.requireNonNull(userId, "userId"));
        if (future != null) {
            future.cancel(false);
            LOG.info("in-process sync schedule of user {} deleted", userId);
        }
    }

    /** The users with a schedule. */
    public Set<String> scheduledUsers() {
        return Set.copyOf(schedules.keySet());
    }

    public Duration interval() {
        return interval;
    }

    private void run(String userId) {
        try {
            sync.accept(userId);
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task for good
            LOG.warn("background sync of user {} failed; trying again in {} ms", userId, interval.toMillis(), e);
        }
    }

    /** Cancels every schedule and stops the timer threads (a sync running now is interrupted). */
    @Override
    public void close() {
        schedules.clear();
        timer.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sync-scheduler-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
