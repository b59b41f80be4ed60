package dev.homewire.processors;

import dev.homewire.core.queue.QueuedDirective;

/**
 * Drives one queued control directive to its answer on the outbound queue. Throws only for
 * failures worth a redelivery (a store or queue down); every Alexa-visible outcome, errors
 * included, is published as an answer.
 */
public interface DirectiveProcessor {
    void process(QueuedDirective queued);

    /**
     * The directive failed on its last delivery and is dead-lettered next: answer Alexa (best
     * effort) rather than leave a DeferredResponse unanswered. Must not throw.
     */
    default void giveUp(QueuedDirective queued, RuntimeException failure) {
    }
}
