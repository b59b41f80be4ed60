package dev.homewire.core.testing;

import dev.homewire.core.pending.DeadlineCheck;
import dev.homewire.core.pending.DeadlineQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake of our deadline queue port that remembers each scheduled check and its delay, for unit tests. */
public final class RecordingDeadlineQueue implements DeadlineQueue {

    /** One {@link DeadlineQueue#schedule} call. */
    public record Scheduled(DeadlineCheck check, Duration delay) {
    }

    public final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();

    @Override
    public void schedule(DeadlineCheck check, Duration delay) {
        scheduled.add(new Scheduled(check, delay));
    }
}
