package dev.homewire.core.testing;

import dev.homewire.core.queue.DirectiveQueue;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.queue.QueuedDirective;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fakes of our own queue ports that remember what was put on them, for unit tests. */
public final class RecordingQueues {
    private RecordingQueues() {
    }

    public static final class Directives implements DirectiveQueue {
        public final List<QueuedDirective> enqueued = new CopyOnWriteArrayList<>();

        @Override
        public void enqueue(QueuedDirective directive) {
            enqueued.add(directive);
        }
    }

    public static final class Outbound implements OutboundQueue {
        public final List<OutboundEvent> published = new CopyOnWriteArrayList<>();

        @Override
        public void publish(OutboundEvent event) {
            published.add(event);
        }
    }
}
