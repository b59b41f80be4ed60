package dev.homewire.core.testing;

import dev.homewire.core.pending.PollQueue;
import dev.homewire.core.pending.PollRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake of our poll queue port that remembers each scheduled poll and its delay, for unit tests. */
public final class RecordingPollQueue implements PollQueue {

    /** One {@link PollQueue#schedule} call. */
    public record Scheduled(PollRequest request, Duration delay) {
        public Scheduled {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(delay, "delay");
        }
    }

    public final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();

    @Override
    public void schedule(PollRequest request, Duration delay) {
        scheduled.add(new Scheduled(request, delay));
    }

    public List<PollRequest> requests() {
        return scheduled.stream().map(Scheduled::request).toList();
    }
}
