package dev.homewire.processors.async;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.InvalidDirectiveException;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.errors.AdapterErrors;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.pending.PollQueue;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.store.ProcessedDirectives;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.processors.DirectiveProcessor;
import dev.homewire.processors.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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

    private final EndpointRegistry endpoints;
    private final LinkedAccountStore accounts;
    private final DeviceStateStore states;
    private final ProcessedDirectives processed;
    private final PendingOperationStore pending;
    private final PollQueue polls;
    private final DeviceUpdateService updates;
    private final OutboundQueue outbound;
    private final AdapterRegistry adapters;
    private final CapabilityRegistry capabilities;
    private final Clock clock;
    private final RetryPolicy retry;

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
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.states = Objects.requireNonNull(states, "states");
        this.processed = Objects.requireNonNull(processed, "processed");
        this.pending = Objects.requireNonNull(pending, "pending");
        this.polls = Objects.requireNonNull(polls, "polls");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    @Override
    public void process(QueuedDirective queued) {
        Directive directive;
        try {
            directive = Directive.fromJson(queued.directive());
        } catch (InvalidDirectiveException e) {
            // parsed by the entrypoint before queueing: a damaged message or our bug (see SyncDirectiveProcessor)
            LOG.error("queued directive for user {} endpoint {} cannot be read: {}", queued.userId(), queued.endpointId(),
                    e.getMessage());
            publish(queued, AlexaMessages.errorResponse(e.correlationToken(), queued.endpointId(), null,
                    AlexaError.of(ErrorType.INTERNAL_ERROR, "the directive could not be processed")));
            return;
        }
        String messageId = directive.header().messageId();
        if (processed.alreadyAnswered(messageId)) {
            LOG.info("{} was already handled; ignoring the duplicate delivery", directive);
            return;
        }
        if (directive.correlationToken() != null) {
            Optional<PendingOperation> accepted = pending.find(queued.userId(), queued.endpointId(), directive.correlationToken());
            if (accepted.isPresent()) {
                // a redelivery after the vendor accepted the command: do not drive the device again
                LOG.info("{} for user {} was already accepted by the vendor; its outcome is awaited", directive, queued.userId());
                schedulePollIfNeeded(accepted.get());
                processed.markAnswered(messageId);
                return;
            }
        }
        Optional<AlexaEvent> answer = handle(queued, directive);
        answer.ifPresent(event -> publish(queued, event));
        // after the publish or the save: a crash in between repeats the work on redelivery, which
        // Alexa tolerates better than never hearing back
        processed.markAnswered(messageId);
        LOG.info("{} for user {} {}", directive, queued.userId(), answer.map(a -> "answered with " + a).orElse("awaits the vendor"));
    }

    private void publish(QueuedDirective queued, AlexaEvent answer) {
        outbound.publish(new OutboundEvent(queued.userId(), answer.toJson()));
    }

    /** The answer to publish now, or empty when the answer follows the vendor's report. */
    private Optional<AlexaEvent> handle(QueuedDirective queued, Directive directive) {
        String endpointId = queued.endpointId();
        try {
            return control(queued, directive);
        } catch (AlexaErrorException e) {
            LOG.info("{} refused: {}", directive, e.error());
            return Optional.of(AlexaMessages.errorResponse(directive.correlationToken(), endpointId, null, e.error()));
        } catch (AdapterException e) {
            LOG.info("{} failed at the vendor: {} {}", directive, e.reason(), e.getMessage());
            if (e.reason() == AdapterException.Reason.DEVICE_OFFLINE) {
                markUnreachable(queued.userId(), endpointId);
            }
            return Optional.of(AlexaMessages.errorResponse(directive.correlationToken(), endpointId, null, AdapterErrors.toAlexaError(e)));
        }
    }

    private Optional<AlexaEvent> control(QueuedDirective queued, Directive directive) {
        String userId = queued.userId();
        String endpointId = queued.endpointId();
        if (directive.correlationToken() == null) {
            // without it the later answer could not be matched to the directive
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "a control directive needs a correlationToken");
        }
        EndpointRecord endpoint = endpoints.find(userId, endpointId).orElseThrow(() -> new AlexaErrorException(
                ErrorType.NO_SUCH_ENDPOINT, "endpoint " + endpointId + " is not known (any more); discover devices again"));
        DeviceAdapter adapter = adapters.find(endpoint.adapterId()).orElseThrow(() -> new AlexaErrorException(
                ErrorType.INTERNAL_ERROR, "no adapter '" + endpoint.adapterId() + "' is installed"));
        // no linked account: relinking is the way out, as for credentials the vendor refuses (see SyncDirectiveProcessor)
        VendorAccount account = accounts.account(userId, endpoint.adapterId()).orElseThrow(() -> new AdapterException(
                AdapterException.Reason.CREDENTIALS_EXPIRED, "no " + endpoint.adapterId() + " account is linked"));
        Device device = endpoint.device();

        DeviceState current = capabilities.needsCurrentState(directive)
                ? currentState(queued, adapter, account, endpoint.deviceId())
                : null;
        DeviceCommand command = capabilities.toCommand(directive, device, current);
        Instant sent = clock.instant();
        CommandResult result = withRetries(queued, adapter, () -> adapter.execute(account, endpoint.deviceId(), command));

        if (result instanceof CommandResult.Completed completed) {
            DeviceState state = store(userId, endpointId, completed.state());
            return Optional.of(AlexaMessages.response(directive.correlationToken(), endpointId,
                    capabilities.properties(device, state, clock.instant())));
        }
        CommandResult.Accepted accepted = (CommandResult.Accepted) result;
        PendingOperation operation = new PendingOperation(userId, endpointId, directive.correlationToken(), endpoint.adapterId(),
                endpoint.deviceId(), accepted.operationRef(), command, directive.namespace(), directive.name(), sent,
                queued.deadline());
        pending.save(operation);
        if (updates.reconcile(operation, endpoint, sent)) {
            LOG.info("{}: the vendor's report overtook the acceptance; answered at once", directive);
            return Optional.empty();
        }
        if (adapter.interactionStyle() == InteractionStyle.ASYNC_POLL) {
            polls.schedule(new PollRequest(userId, endpointId, operation.correlationToken(), 1), FIRST_POLL_DELAY);
        }
        LOG.info("{} accepted by {} (operation {}), due by {}", directive, adapter.id(), accepted.operationRef(), queued.deadline());
        return Optional.empty();
    }

    private void schedulePollIfNeeded(PendingOperation operation) {
        adapters.find(operation.adapterId())
                .filter(adapter -> adapter.interactionStyle() == InteractionStyle.ASYNC_POLL)
                .ifPresent(adapter -> polls.schedule(new PollRequest(operation.userId(), operation.endpointId(),
                        operation.correlationToken(), 1), FIRST_POLL_DELAY));
    }

    /** The state relative directives start from: the stored one while fresh enough for the adapter, else the vendor's. */
    private DeviceState currentState(QueuedDirective queued, DeviceAdapter adapter, VendorAccount account, String deviceId) {
        Optional<DeviceState> stored = states.get(queued.userId(), queued.endpointId());
        Instant now = clock.instant();
        if (stored.isPresent() && Duration.between(stored.get().observedAt(), now).compareTo(adapter.stateFreshness()) < 0) {
            return stored.get();
        }
        DeviceState fresh = withRetries(queued, adapter, () -> adapter.queryState(account, deviceId));
        return store(queued.userId(), queued.endpointId(), fresh);
    }

    /** Stores a reported state; answers the endpoint's latest state (a later stored one wins). */
    private DeviceState store(String userId, String endpointId, DeviceState state) {
        DeviceStateStore.PutResult result = states.put(userId, endpointId, state);
        return result.written() || result.previous() == null ? state : result.previous();
    }

    private void markUnreachable(String userId, String endpointId) {
        states.get(userId, endpointId).filter(DeviceState::reachable).ifPresent(known -> states.put(userId, endpointId,
                known.toBuilder().connectivity(Connectivity.UNREACHABLE).observedAt(clock.instant()).build()));
    }

    /** Calls the vendor, retrying transient failures while another attempt fits before the deadline. */
    private <T> T withRetries(QueuedDirective queued, DeviceAdapter adapter, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (AdapterException e) {
                if (!e.transientFailure() || attempt >= retry.maxAttempts()) {
                    throw e;
                }
                Duration pause = retry.backoff(attempt);
                if (!retry.fitsBefore(queued.deadline(), clock.instant(), pause, adapter.typicalCommandLatency())) {
                    LOG.info("{} after attempt {} for endpoint {}; no time left before the deadline to retry",
                            e.reason(), attempt, queued.endpointId());
                    throw e;
                }
                LOG.info("{} after attempt {} for endpoint {}; retrying in {} ms", e.reason(), attempt,
                        queued.endpointId(), pause.toMillis());
                try {
                    retry.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
