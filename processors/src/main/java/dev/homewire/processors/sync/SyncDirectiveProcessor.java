package dev.homewire.processors.sync;

import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.store.DirectiveClaims;
import dev.homewire.processors.DirectiveExecution;
import dev.homewire.processors.DirectiveProcessor;
import dev.homewire.processors.RetryPolicy;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers control directives of {@link dev.homewire.adapter.spi.InteractionStyle#SYNC} vendors:
 * resolves endpoint, adapter and vendor account, turns the directive into a neutral command (from
 * the current state for relative directives), executes it with bounded retries, stores the
 * resulting state and publishes the answer ({@code Alexa.Response} with the endpoint's full
 * state, or an ErrorResponse) for the dispatcher.
 *
 * <p>Every Alexa-visible outcome is published (once: {@link DirectiveExecution#process}); only unexpected failures (a store or the queue
 * down, a bug) propagate, so SQS redelivers the directive.
 */
public final class SyncDirectiveProcessor implements DirectiveProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SyncDirectiveProcessor.class);

    private final DirectiveExecution execution;

    public SyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                  DirectiveClaims claims, OutboundQueue outbound, AdapterRegistry adapters,
                                  CapabilityRegistry capabilities, Clock clock) {
        this(endpoints, accounts, states, claims, outbound, adapters, capabilities, clock, RetryPolicy.DEFAULT);
    }

    public SyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                  DirectiveClaims claims, OutboundQueue outbound, AdapterRegistry adapters,
                                  CapabilityRegistry capabilities, Clock clock, RetryPolicy retry) {
        this.execution = new DirectiveExecution(endpoints, accounts, states, claims, outbound, adapters, capabilities,
                clock, retry, LOG);
    }

    @Override
    public void giveUp(QueuedDirective queued, RuntimeException failure) {
        execution.giveUp(queued, failure);
    }

    @Override
    public void process(QueuedDirective queued) {
        execution.process(queued, (directive, claim) -> Optional.of(control(queued, directive, claim)));
    }

    private AlexaEvent control(QueuedDirective queued, Directive directive, DirectiveClaims.Acquired claim) {
        DirectiveExecution.Target target = execution.resolve(queued);
        if (claim.vendorCalled()) {
            // a delivery that crashed after calling the vendor: read back, do not send the command twice
            return execution.recovered(queued, directive, target, execution.readBack(queued, target, claim));
        }
        DeviceCommand command = execution.command(queued, directive, target);
        CommandResult result = execution.execute(queued, directive, target, command, claim);

        if (result instanceof CommandResult.Completed completed) {
            return execution.completed(queued, directive, target, command, completed);
        }
        // CommandResult.Accepted: the vendor took the command but reports its outcome later (push
        // or poll). This processor only serves SYNC adapters and has no way to follow such an
        // operation; AsyncDirectiveProcessor serves ASYNC_PUSH / ASYNC_POLL adapters. An Accepted
        // answer here is a misrouted adapter, and Alexa gets INTERNAL_ERROR rather than a Response
        // claiming a state we have not seen.
        LOG.warn("{}: adapter {} ({}) answered Accepted to the sync processor", directive, target.adapter().id(),
                target.adapter().interactionStyle());
        throw new AlexaErrorException(ErrorType.INTERNAL_ERROR,
                "adapter " + target.adapter().id() + " accepted the command without confirming the new state");
    }
}
