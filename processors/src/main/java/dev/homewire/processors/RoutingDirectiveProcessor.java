package dev.homewire.processors;

import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.queue.QueuedDirective;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands each queued directive to the processor for its adapter's {@link InteractionStyle}:
 * SYNC to the sync processor, ASYNC_PUSH and ASYNC_POLL to the async one. A directive whose
 * adapter is not installed goes to the sync processor, which answers it with the usual error.
 */
public final class RoutingDirectiveProcessor implements DirectiveProcessor {
    private final AdapterRegistry adapters;
    private final DirectiveProcessor sync;
    private final DirectiveProcessor async;

    public RoutingDirectiveProcessor(AdapterRegistry adapters, DirectiveProcessor sync, DirectiveProcessor async) {
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.async = Objects.requireNonNull(async, "async");
    }

    @Override
    public void process(QueuedDirective queued) {
        processorFor(queued).process(queued);
    }

    @Override
    public void giveUp(QueuedDirective queued, RuntimeException failure) {
        processorFor(queued).giveUp(queued, failure);
    }

    /** The processor a directive goes to. */
    public DirectiveProcessor processorFor(QueuedDirective queued) {
        Optional<DeviceAdapter> adapter = adapters.find(queued.adapterId());
        return adapter.isPresent() && adapter.get().interactionStyle() != InteractionStyle.SYNC ? async : sync;
    }
}
