package dev.homewire.dispatcher.testing;

import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.dispatcher.OutboundRecords;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the batch handler did with records besides acking them. */
public class FakeOutboundRecords implements OutboundRecords {
    public record DeadLetter(String body, String reason, int attempts) {
    }

    public record VisibilityChange(String receiptHandle, Duration delay) {
    }

    public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    public final List<VisibilityChange> visibilityChanges = new CopyOnWriteArrayList<>();
    public final List<OutboundEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void retryLater(String receiptHandle, Duration delay) {
        visibilityChanges.add(new VisibilityChange(receiptHandle, delay));
    }

    @Override
    public void deadLetter(String body, String reason, int attempts) {
        deadLetters.add(new DeadLetter(body, reason, attempts));
    }

    @Override
    public void publish(OutboundEvent event) {
        published.add(event);
    }
}
