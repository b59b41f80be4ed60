package dev.homewire.core.queue;

/** The queue between the entrypoint and the processors. */
public interface DirectiveQueue {
    void enqueue(QueuedDirective directive);
}
