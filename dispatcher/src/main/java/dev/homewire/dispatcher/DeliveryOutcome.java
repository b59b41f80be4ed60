package dev.homewire.dispatcher;

import dev.homewire.core.queue.OutboundEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What became of one outbound event, decided by {@link EventDispatcher}; the batch handler does
 * what it says with the SQS record. Reasons name the user, the event, statuses and codes, never a
 * token or the message itself.
 */
public sealed interface DeliveryOutcome {

    String reason();

    /** The gateway answered 202 (or had taken this messageId before): ack the record. */
    record Delivered(String reason) implements DeliveryOutcome {
    }

    /** Can never be sent and nobody needs to look at it (no grant, grant revoked, stale state): ack. */
    record Dropped(String reason) implements DeliveryOutcome {
    }

    /** Sending it again cannot help (gateway 400, 403 INSUFFICIENT_PERMISSION, retries used up): to the DLQ with the reason, ack. */
    record DeadLetter(String reason) implements DeliveryOutcome {
    }

    /** Worth another attempt after {@code delay} (429, 5xx, time-outs, I/O, LWA unavailable): the record is made visible then. */
    record Retry(Duration delay, String reason) implements DeliveryOutcome {
        public Retry {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** 413: the report was split; each part goes back on the outbound queue as an event of its own, the original is acked. */
    record Split(List<OutboundEvent> parts, String reason) implements DeliveryOutcome {
        public Split {
            parts = List.copyOf(parts);
        }
    }
}
