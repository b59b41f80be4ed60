package dev.homewire.processors.async;

import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.pending.PollQueue;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.store.ProcessedDirectives;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.processors.DirectiveExecution;
import dev.homewire.processors.DirectiveProcessor;
import dev.homewire.processors.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives control directives of {@link InteractionStyle#ASYNC_PUSH} and
 * {@link InteractionStyle#ASYNC_POLL} vendors, whose clouds answer a command with 202 and report
 * its outcome later.
 *
 * <p>Like the sync processor it skips duplicates, resolves endpoint, adapter and vendor account,
 * reads the current state for relative directives, turns the directive into a neutral command
 * and executes it with bounded retries of transient failures. Then:
 * <ul>
 *   <li>{@link CommandResult.Accepted}: a {@link PendingOperation} is saved, due at the deadline
 *       the entrypoint promised Alexa ({@link QueuedDirective#deadline()}); for a poll-only vendor
 *       the first poll is queued {@link #FIRST_POLL_DELAY} later. Nothing goes to Alexa now: the
 *       push (webhook), the poll or the deadline sweep answers through {@link DeviceUpdateService}.
 *       A push can overtake the save; {@link DeviceUpdateService#reconcile} answers the operation
 *       at once if the outcome is already stored.</li>
 *   <li>{@link CommandResult.Completed}: answered at once with {@code Alexa.Response}, as the sync
 *       processor does.</li>
 *   <li>Refusals and adapter errors: the mapped ErrorResponse through the outbound queue.</li>
 * </ul>
 * Only unexpected failures (a store or queue down) propagate, so SQS redelivers the directive; a
 * redelivery of a directive already accepted finds its pending operation and does not drive the
 * device again.
 */
public final class AsyncDirectiveProcessor implements DirectiveProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncDirectiveProcessor.class);

    /** When a poll-only vendor is first asked for the outcome of an accepted command. */
    public static final Duration FIRST_POLL_DELAY = Duration.ofSeconds(1);

    private final PendingOperationStore pending;
    private final PollQueue polls;
    private final DeviceUpdateService updates;
    private final AdapterRegistry adapters;
    private final Clock clock;
    private final DirectiveExecution execution;

    public AsyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                   ProcessedDirectives processed, PendingOperationStore pending, PollQueue polls,
                                   DeviceUpdateService updates, OutboundQueue outbound, AdapterRegistry adapters,
                                   CapabilityRegistry capabilities, Clock clock) {
        this(endpoints, accounts, states, processed, pending, polls, updates, outbound, adapters, capabilities, clock,
                RetryPolicy.DEFAULT);
    }

    public AsyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                   ProcessedDirectives processed, PendingOperationStore pending, PollQueue polls,
                                   DeviceUpdateService updates, OutboundQueue outbound, AdapterRegistry adapters,
                                   CapabilityRegistry capabilities, Clock clock, RetryPolicy retry) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.polls = Objects.requireNonNull(polls, "polls");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.execution = new DirectiveExecution(endpoints, accounts, states, processed, outbound, adapters, capabilities,
                clock, retry, LOG);
    }

    @Override
    public void process(QueuedDirective queued) {
        execution.readNew(queued).ifPresent(directive -> process(queued, directive));
    }

    private void process(QueuedDirective queued, Directive directive) {
        if (directive.correlationToken() != null) {
            Optional<PendingOperation> accepted = pending.find(queued.userId(), queued.endpointId(), directive.correlationToken());
            if (accepted.isPresent()) {
                // a redelivery after the vendor accepted the command: do not drive the device again
                LOG.info("{} for user {} was already accepted by the vendor; its outcome is awaited", directive, queued.userId());
                schedulePollIfNeeded(accepted.get());
                execution.markHandled(directive);
                return;
            }
        }
        Optional<AlexaEvent> answer = execution.answer(queued, directive, () -> control(queued, directive));
        answer.ifPresent(event -> execution.publish(queued, event));
        execution.markHandled(directive); // after the publish or the save

        LOG.info("{} for user {} {}", directive, queued.userId(), answer.map(a -> "answered with " + a).orElse("awaits the vendor"));
    }

    /** The answer to publish now, or empty when the answer follows the vendor's report. */
    private Optional<AlexaEvent> control(QueuedDirective queued, Directive directive) {
        if (directive.correlationToken() == null) {
            // without it the later answer could not be matched to the directive
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "a control directive needs a correlationToken");
        }
        DirectiveExecution.Target target = execution.resolve(queued);
        DeviceCommand command = execution.command(queued, directive, target);
        Instant sent = clock.instant();
        CommandResult result = execution.execute(queued, directive, target, command);

        if (result instanceof CommandResult.Completed completed) {
            return Optional.of(execution.completed(queued, directive, target, command, completed));
        }
        CommandResult.Accepted accepted = (CommandResult.Accepted) result;
        PendingOperation operation = new PendingOperation(queued.userId(), queued.endpointId(), directive.correlationToken(),
                target.endpoint().adapterId(), target.deviceId(), accepted.operationRef(), command, directive.namespace(),
                directive.name(), sent, queued.deadline());
        pending.save(operation);
        if (updates.reconcile(operation, target.endpoint(), sent)) {
            LOG.info("{}: the vendor's report overtook the acceptance; answered at once", directive);
            return Optional.empty();
        }
        if (target.adapter().interactionStyle() == InteractionStyle.ASYNC_POLL) {
            polls.schedule(new PollRequest(queued.userId(), queued.endpointId(), operation.correlationToken(), 1), FIRST_POLL_DELAY);
        }
        LOG.info("{} accepted by {} (operation {}), due by {}", directive, target.adapter().id(), accepted.operationRef(),
                queued.deadline());
        return Optional.empty();
    }

    private void schedulePollIfNeeded(PendingOperation operation) {
        adapters.find(operation.adapterId())
                .filter(adapter -> adapter.interactionStyle() == InteractionStyle.ASYNC_POLL)
                .ifPresent(adapter -> polls.schedule(new PollRequest(operation.userId(), operation.endpointId(),
                        operation.correlationToken(), 1), FIRST_POLL_DELAY));
    }
}
