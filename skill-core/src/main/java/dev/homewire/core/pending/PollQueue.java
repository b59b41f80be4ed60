package dev.homewire.core.pending;

import java.time.Duration;

/** The delay queue of the polling processor (SQS {@code DelaySeconds}, at most 15 minutes). */
public interface PollQueue {
    void schedule(PollRequest request, Duration delay);
}
