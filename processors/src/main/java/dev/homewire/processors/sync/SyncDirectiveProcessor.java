package dev.homewire.processors.sync;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
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
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.store.ProcessedDirectives;
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
 * Answers control directives of {@link dev.homewire.adapter.spi.InteractionStyle#SYNC} vendors:
 * resolves endpoint, adapter and vendor account, turns the directive into a neutral command (from
 * the current state for relative directives), executes it with bounded retries, stores the
 * resulting state and publishes the answer ({@code Alexa.Response} with the endpoint's full
 * state, or an ErrorResponse) for the dispatcher.
 *
 * <p>Every Alexa-visible outcome is published; only unexpected failures (a store or the queue
 * down, a bug) propagate, so SQS redelivers the directive.
 */
public final class SyncDirectiveProcessor implements DirectiveProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SyncDirectiveProcessor.class);

    private final EndpointRegistry endpoints;
    private final LinkedAccountStore accounts;
    private final DeviceStateStore states;
    private final ProcessedDirectives processed;
    private final OutboundQueue outbound;
    private final AdapterRegistry adapters;
    private final CapabilityRegistry capabilities;
    private final Clock clock;
    private final RetryPolicy retry;

    public SyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                  ProcessedDirectives processed, OutboundQueue outbound, AdapterRegistry adapters,
                                  CapabilityRegistry capabilities, Clock clock) {
        this(endpoints, accounts, states, processed, outbound, adapters, capabilities, clock, RetryPolicy.DEFAULT);
    }

    public SyncDirectiveProcessor(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                                  ProcessedDirectives processed, OutboundQueue outbound, AdapterRegistry adapters,
                                  CapabilityRegistry capabilities, Clock clock, RetryPolicy retry) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.states = Objects.requireNonNull(states, "states");
        this.processed = Objects.requireNonNull(processed, "processed");
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
            // The entrypoint parsed this directive before queueing it, so this is our own bug or a
            // damaged message, not Alexa's fault: answer INTERNAL_ERROR (with whatever
            // correlationToken could be read) rather than leave Alexa waiting. Without a messageId
            // there is nothing to deduplicate on.
            LOG.error("queued directive for user {} endpoint {} cannot be read: {}", queued.userId(), queued.endpointId(),
                    e.getMessage());
            publish(queued, AlexaMessages.errorResponse(e.correlationToken(), queued.endpointId(), null,
                    AlexaError.of(ErrorType.INTERNAL_ERROR, "the directive could not be processed")));
            return;
        }
        String messageId = directive.header().messageId();
        if (processed.alreadyAnswered(messageId)) {
            LOG.info("{} was already answered; ignoring the duplicate delivery", directive);
            return;
        }
        AlexaEvent answer = answer(queued, directive);
        publish(queued, answer);
        // After the publish: a crash in between answers twice on redelivery, which Alexa tolerates
        // better than never answering.
        processed.markAnswered(messageId);
        LOG.info("{} for user {} answered with {}", directive, queued.userId(), answer);
    }

    private void publish(QueuedDirective queued, AlexaEvent answer) {
        outbound.publish(new OutboundEvent(queued.userId(), answer.toJson()));
    }

    private AlexaEvent answer(QueuedDirective queued, Directive directive) {
        String endpointId = queued.endpointId();
        try {
            return control(queued, directive);
        } catch (AlexaErrorException e) {
            LOG.info("{} refused: {}", directive, e.error());
            return AlexaMessages.errorResponse(directive.correlationToken(), endpointId, null, e.error());
        } catch (AdapterException e) {
            LOG.info("{} failed at the vendor: {} {}", directive, e.reason(), e.getMessage());
            if (e.reason() == AdapterException.Reason.DEVICE_OFFLINE) {
                markUnreachable(queued.userId(), endpointId);
            }
            return AlexaMessages.errorResponse(directive.correlationToken(), endpointId, null, AdapterErrors.toAlexaError(e));
        }
    }

    private AlexaEvent control(QueuedDirective queued, Directive directive) {
        String userId = queued.userId();
        String endpointId = queued.endpointId();
        EndpointRecord endpoint = endpoints.find(userId, endpointId).orElseThrow(() -> new AlexaErrorException(
                ErrorType.NO_SUCH_ENDPOINT, "endpoint " + endpointId + " is not known (any more); discover devices again"));
        DeviceAdapter adapter = adapters.find(endpoint.adapterId()).orElseThrow(() -> new AlexaErrorException(
                ErrorType.INTERNAL_ERROR, "no adapter '" + endpoint.adapterId() + "' is installed"));
        // No linked vendor account is the same situation as credentials the vendor no longer
        // accepts (AdapterErrors: CREDENTIALS_EXPIRED → EXPIRED_AUTHORIZATION_CREDENTIAL): we hold
        // nothing that lets us act for this user at the vendor, and relinking is the way out,
        // which is what Alexa tells the user for that type. INTERNAL_ERROR would hide that a
        // user action fixes it; NO_SUCH_ENDPOINT would be false (the endpoint was discovered).
        VendorAccount account = accounts.account(userId, endpoint.adapterId()).orElseThrow(() -> new AdapterException(
                AdapterException.Reason.CREDENTIALS_EXPIRED, "no " + endpoint.adapterId() + " account is linked"));
        Device device = endpoint.device();

        DeviceState current = capabilities.needsCurrentState(directive)
                ? currentState(queued, adapter, account, endpoint.deviceId())
                : null;
        DeviceCommand command = capabilities.toCommand(directive, device, current);
        CommandResult result = withRetries(queued, adapter, () -> adapter.execute(account, endpoint.deviceId(), command));

        if (result instanceof CommandResult.Completed completed) {
            DeviceState state = store(userId, endpointId, completed.state());
            return AlexaMessages.response(directive.correlationToken(), endpointId,
                    capabilities.properties(device, state, clock.instant()));
        }
        // CommandResult.Accepted: the vendor took the command but reports its outcome later (push
        // or poll). This processor only serves SYNC adapters and has no way to follow such an
        // operation; processors for ASYNC_PUSH / ASYNC_POLL adapters come in a later issue. Until
        // then an Accepted answer is a misrouted adapter, and Alexa gets INTERNAL_ERROR rather
        // than a Response claiming a state we have not seen.
        LOG.warn("{}: adapter {} ({}) answered Accepted to the sync processor", directive, adapter.id(),
                adapter.interactionStyle());
        throw new AlexaErrorException(ErrorType.INTERNAL_ERROR,
                "adapter " + adapter.id() + " accepted the command without confirming the new state");
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

    /**
     * Stores a state the vendor reported and returns the endpoint's latest state: this one, or a
     * later one already stored (a push or poll overtook us), which is then the truth to report.
     */
    private DeviceState store(String userId, String endpointId, DeviceState state) {
        DeviceStateStore.PutResult result = states.put(userId, endpointId, state);
        return result.written() || result.previous() == null ? state : result.previous();
    }

    /** The vendor says the device is offline: keep the stored state's values but let ReportState tell the truth. */
    private void markUnreachable(String userId, String endpointId) {
        states.get(userId, endpointId).filter(DeviceState::reachable).ifPresent(known -> states.put(userId, endpointId,
                known.toBuilder().connectivity(Connectivity.UNREACHABLE).observedAt(clock.instant()).build()));
    }

    /**
     * Calls the vendor, retrying transient failures with backoff while another attempt still fits
     * before the directive's deadline (minus the dispatcher's margin); then the last failure stands.
     */
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
