package dev.homewire.entrypoint;

import dev.homewire.alexa.Directive;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The input of the request dispatcher: one parsed directive and the time its answer must be ready.
 * The deadline is measured on {@link System#nanoTime()} (real elapsed time), not on the injected
 * clock, so a fake clock in tests never stretches or shrinks a time budget.
 *
 * @param receivedAt    when the entrypoint received the directive, on the injected clock
 * @param deadlineNanos {@link System#nanoTime()} value by which the answer must be ready
 */
record DirectiveRequest(Directive directive, Instant receivedAt, long deadlineNanos) {

    DirectiveRequest {
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Time left until the deadline; zero once it has passed. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0L, deadlineNanos - System.nanoTime()));
    }
}
