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
import dev.homewire.core.store.DirectiveClaims;
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
 *       push (webhook), the poll or the deadline sweep ({@link DeadlineSweeper}, watching every
 *       saved operation) answers through {@link DeviceUpdateService}.
 *       A push can overtake the save; {@link DeviceUpdateService#reconcile} answers the operation
 *       at once if the outcome is already stored.</li>
 *   <li>{@link CommandResult.Completed}: answered at once with {@code Alexa.Response}, as the sync
 *       processor does.</li>
 *   <li>Refusals and adapter errors: the mapped ErrorResponse through the outbound queue.</li>
 * </ul>
 * Only unexpected failures (a store or queue down) propagate, so SQS redelivers the directive; a
 * redelivery after a crash that followed the vendor call finds its pending operation, or reads the
 * state back, and does not drive the device again ({@link DirectiveExecution#readBack}).
 */
public final class AsyncDirectiveProcessor implements DirectiveProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncDirectiveProcessor.class);

    /** When a poll-only vendor is first asked for the outcome of an accepted command. */
    public static final Duration FIRST_POLL_DELAY = Duration.ofSeconds(1);

    private final PendingOperationStore pending;
    private final PollQueue polls;
    private final DeadlineSweeper deadlines;
    private final DeviceUpdateService updates;
    private final AdapterRegistry adapters;
    private final Clock clock;
    private final DirectiveExecution execution;

    public AsyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                   DirectiveClaims claims, PendingOperationStore pending, PollQueue polls,
                                   DeadlineSweeper deadlines, DeviceUpdateService updates, OutboundQueue outbound, AdapterRegistry adapters,
                                   CapabilityRegistry capabilities, Clock clock) {
        this(endpoints, accounts, states, claims, pending, polls, deadlines, updates, outbound, adapters, capabilities, clock,
                RetryPolicy.DEFAULT);
    }

    public AsyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                   DirectiveClaims claims, PendingOperationStore pending, PollQueue polls,
                                   DeadlineSweeper deadlines, DeviceUpdateService updates, OutboundQueue outbound, AdapterRegistry adapters,
                                   CapabilityRegistry capabilities, Clock clock, RetryPolicy retry) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.polls = Objects.requireNonNull(polls, "polls");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.execution = new DirectiveExecution(endpoints, accounts, states, claims, outbound, adapters, capabilities,
                clock, retry, LOG);
    }

    @Override
    public void giveUp(QueuedDirective queued, RuntimeException failure) {
        execution.giveUp(queued, failure);
    }

    @Override
    public void process(QueuedDirective queued) {
        execution.process(queued, (directive, claim) -> control(queued, directive, claim));
    }

    /** The answer to publish now, or empty when the answer follows the vendor's report. */
    private Optional<AlexaEvent> control(QueuedDirective queued, Directive directive, DirectiveClaims.Acquired claim) {
        if (directive.correlationToken() == null) {
            // without it the later answer could not be matched to the directive
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "a control directive needs a correlationToken");
        }
        if (claim.vendorCalled()) {
            return recover(queued, directive, claim);
        }
        DirectiveExecution.Target target = execution.resolve(queued);
        DeviceCommand command = execution.command(queued, directive, target);
        Instant sent = clock.instant();
        CommandResult result = execution.execute(queued, directive, target, command, claim);

        if (result instanceof CommandResult.Completed completed) {
            return Optional.of(execution.completed(queued, directive, target, command, completed));
        }
        CommandResult.Accepted accepted = (CommandResult.Accepted) result;
        LOG.info("{} accepted by {} (operation {}), due by {}", directive, target.adapter().id(), accepted.operationRef(),
                queued.deadline());
        return await(queued, directive, target, command, accepted.operationRef(), sent);
    }

    /**
     * Saves the pending operation and, for a poll-only vendor, queues its first poll; empty: the
     * push (webhook), the poll or the deadline sweep answers through {@link DeviceUpdateService}.
     */
    private Optional<AlexaEvent> await(QueuedDirective queued, Directive directive, DirectiveExecution.Target target,
                                       DeviceCommand command, String operationRef, Instant sent) {
        PendingOperation operation = new PendingOperation(queued.userId(), queued.endpointId(), directive.correlationToken(),
                target.endpoint().adapterId(), target.deviceId(), operationRef, command, directive.namespace(),
                directive.name(), sent, queued.deadline());
        pending.save(operation);
        deadlines.watch(operation);
        if (updates.reconcile(operation, target.endpoint(), sent)) {
            LOG.info("{}: the vendor's report overtook the acceptance; answered at once", directive);
            return Optional.empty();
        }
        schedulePollIfNeeded(operation);
        return Optional.empty();
    }

    /**
     * A delivery crashed after calling the vendor. If it got as far as saving the pending
     * operation, that operation answers. Otherwise the state is read back: it shows the command
     * applied (answered now), or the vendor may still be carrying it out — then a pending operation
     * (without the vendor's reference, which was lost) waits for it while the deadline allows. The
     * command is never sent again.
     */
    private Optional<AlexaEvent> recover(QueuedDirective queued, Directive directive, DirectiveClaims.Acquired claim) {
        Optional<PendingOperation> accepted = pending.find(queued.userId(), queued.endpointId(), directive.correlationToken());
        if (accepted.isPresent()) {
            LOG.info("{} for user {} was already accepted by the vendor; its outcome is awaited", directive, queued.userId());
            schedulePollIfNeeded(accepted.get());
            return Optional.empty();
        }
        DirectiveExecution.Target target = execution.resolve(queued);
        Instant since = clock.instant();
        DirectiveExecution.ReadBack readBack = execution.readBack(queued, target, claim);
        if (readBack.applied() || !execution.timeLeftToWait(queued)) {
            return Optional.of(execution.recovered(queued, directive, target, readBack));
        }
        LOG.info("{}: the vendor may still be carrying out the command; awaiting its outcome without sending it again", directive);
        return await(queued, directive, target, readBack.command(), null, since);
    }

    private void schedulePollIfNeeded(PendingOperation operation) {
        adapters.find(operation.adapterId())
                .filter(adapter -> adapter.interactionStyle() == InteractionStyle.ASYNC_POLL)
                .ifPresent(adapter -> polls.schedule(new PollRequest(operation.userId(), operation.endpointId(),
                        operation.correlationToken(), 1), FIRST_POLL_DELAY));
    }
}
