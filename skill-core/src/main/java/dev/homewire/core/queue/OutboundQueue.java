package dev.homewire.core.queue;

/** The queue between the processors and the dispatcher. */
public interface OutboundQueue {
    void publish(OutboundEvent event);
}
