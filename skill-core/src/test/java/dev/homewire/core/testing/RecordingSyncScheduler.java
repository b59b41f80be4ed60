package dev.homewire.core.testing;

import dev.homewire.core.schedule.SyncScheduler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake of our own port for unit tests: remembers the calls and which users have a schedule, and can fail on demand. */
public final class RecordingSyncScheduler implements SyncScheduler {
    /** {@code "ensure:<userId>"} and {@code "delete:<userId>"}, in call order. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    public volatile RuntimeException failure;
    /** Runs at the start of every call (e.g. to make the scheduler slow). */
    public volatile Runnable onCall = () -> { };

    @Override
    public void ensureSchedule(String userId) {
        calls.add("ensure:" + userId);
        onCall.run();
        if (failure != null) {
            throw failure;
        }
        scheduled.add(userId);
    }

    @Override
    public void deleteSchedule(String userId) {
        calls.add("delete:" + userId);
        onCall.run();
        if (failure != null) {
            throw failure;
        }
        scheduled.remove(userId);
    }
}
