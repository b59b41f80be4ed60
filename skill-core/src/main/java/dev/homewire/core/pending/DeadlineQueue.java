package dev.homewire.core.pending;

import java.time.Duration;

/** The delay queue of the deadline sweep (SQS {@code DelaySeconds}, at most 15 minutes). */
public interface DeadlineQueue {
    /** Delivers the check after {@code delay}, rounded down to whole seconds, so it is never late. */
    void schedule(DeadlineCheck check, Duration delay);
}
