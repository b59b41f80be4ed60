package dev.homewire.processors;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The steps every control-directive processor takes, whatever the vendor's interaction style:
 * reading the queued directive and skipping duplicate deliveries, resolving endpoint, adapter and vendor account, building the
 * neutral command (from the current state for relative directives), calling the vendor with
 * bounded retries of transient failures, storing reported state, and turning refusals and vendor
 * failures into the ErrorResponse to publish. What differs per style (what to do with an
 * {@link CommandResult.Accepted}, deduplication of redeliveries) stays in the processors
 * ({@code sync.SyncDirectiveProcessor}, {@code async.AsyncDirectiveProcessor}).
 *
 * <p>Internal to the processors; logs through the logger of the processor it serves.
 */
public final class DirectiveExecution {

    /** What a directive acts on: its endpoint, the adapter of the endpoint's vendor and the user's account there. */
    public record Target(EndpointRecord endpoint, DeviceAdapter adapter, VendorAccount account) {
        public Device device() {
            return endpoint.device();
        }

        public String deviceId() {
            return endpoint.deviceId();
        }
    }

    private final EndpointRegistry endpoints;
    private final LinkedAccountStore accounts;
    private final DeviceStateStore states;
    private final ProcessedDirectives processed;
    private final OutboundQueue outbound;
    private final AdapterRegistry adapters;
    private final CapabilityRegistry capabilities;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Logger log;

    public DirectiveExecution(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                              ProcessedDirectives processed, OutboundQueue outbound, AdapterRegistry adapters,
                              CapabilityRegistry capabilities, Clock clock, RetryPolicy retry, Logger log) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.states = Objects.requireNonNull(states, "states");
        this.processed = Objects.requireNonNull(processed, "processed");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The queued directive when it still needs handling; empty when it was handled before (a
     * duplicate delivery, ignored) or cannot be read (then answered here).
     *
     * <p>The entrypoint parsed this directive before queueing it, so an unreadable one is our own
     * bug or a damaged message, not Alexa's fault: it is answered INTERNAL_ERROR (with whatever
     * correlationToken could be read) rather than leaving Alexa waiting. Without a messageId there
     * is nothing to deduplicate on.
     */
    public Optional<Directive> readNew(QueuedDirective queued) {
        Directive directive;
        try {
            directive = Directive.fromJson(queued.directive());
        } catch (InvalidDirectiveException e) {
            log.error("queued directive for user {} endpoint {} cannot be read: {}", queued.userId(), queued.endpointId(),
                    e.getMessage());
            publish(queued, AlexaMessages.errorResponse(e.correlationToken(), queued.endpointId(), null,
                    AlexaError.of(ErrorType.INTERNAL_ERROR, "the directive could not be processed")));
            return Optional.empty();
        }
        if (processed.alreadyAnswered(directive.header().messageId())) {
            log.info("{} was already handled; ignoring the duplicate delivery", directive);
            return Optional.empty();
        }
        return Optional.of(directive);
    }

    /**
     * Records the directive as handled, so a redelivery is ignored. Called after the publish (or
     * the save of a pending operation): a crash in between repeats the work on redelivery, which
     * Alexa tolerates better than never hearing back.
     */
    public void markHandled(Directive directive) {
        processed.markAnswered(directive.header().messageId());
    }

    /** Hands an answer to the dispatcher (through the outbound queue). */
    public void publish(QueuedDirective queued, AlexaEvent answer) {
        outbound.publish(new OutboundEvent(queued.userId(), answer.toJson()));
    }

    /**
     * Runs {@code control} and returns its answer; a refusal ({@link AlexaErrorException}) or a
     * vendor failure ({@link AdapterException}) becomes the ErrorResponse instead, a device the
     * vendor reports offline is marked unreachable. Anything else propagates.
     */
    public Optional<AlexaEvent> answer(QueuedDirective queued, Directive directive, Supplier<Optional<AlexaEvent>> control) {
        String endpointId = queued.endpointId();
        try {
            return control.get();
        } catch (AlexaErrorException e) {
            log.info("{} refused: {}", directive, e.error());
            return Optional.of(AlexaMessages.errorResponse(directive.correlationToken(), endpointId, null, e.error()));
        } catch (AdapterException e) {
            log.info("{} failed at the vendor: {} {}", directive, e.reason(), e.getMessage());
            if (e.reason() == AdapterException.Reason.DEVICE_OFFLINE) {
                markUnreachable(queued.userId(), endpointId);
            }
            return Optional.of(AlexaMessages.errorResponse(directive.correlationToken(), endpointId, null,
                    AdapterErrors.toAlexaError(e)));
        }
    }

    /**
     * The endpoint, its adapter and the user's vendor account.
     *
     * @throws AlexaErrorException NO_SUCH_ENDPOINT for an unknown endpoint, INTERNAL_ERROR for a
     *                             missing adapter
     * @throws AdapterException    CREDENTIALS_EXPIRED when no vendor account is linked
     */
    public Target resolve(QueuedDirective queued) {
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
        return new Target(endpoint, adapter, account);
    }

    /** The neutral command for the directive, built from the current state when the directive is relative. */
    public DeviceCommand command(QueuedDirective queued, Directive directive, Target target) {
        DeviceState current = capabilities.needsCurrentState(directive) ? currentState(queued, target) : null;
        return capabilities.toCommand(directive, target.device(), current);
    }

    /**
     * Executes the command at the vendor, retrying transient failures (see {@link #withRetries}); the
     * events the directive needs sent first (WakeOnLAN's WakeUp before a TurnOn) go out before.
     *
     * <p>After a WakeUp the device is booting: the vendor may call it offline for a few seconds, so
     * DEVICE_OFFLINE is then retried with backoff too, for as long as another attempt fits before
     * the deadline, instead of answering ENDPOINT_UNREACHABLE for a device Alexa is waking.
     */
    public CommandResult execute(QueuedDirective queued, Directive directive, Target target, DeviceCommand command) {
        List<AlexaEvent> first = capabilities.eventsBefore(directive, target.device(), queued.endpointId());
        for (AlexaEvent event : first) {
            publish(queued, event);
            log.info("{}: sent {} first", directive, event);
        }
        boolean waking = !first.isEmpty();
        return withRetries(queued, target, waking, () -> target.adapter().execute(target.account(), target.deviceId(), command));
    }

    /**
     * Stores the state a completed command reported; answers as the directive's interface does
     * ({@code Alexa.Response} with the endpoint's latest state, {@code ActivationStarted},
     * {@code Arm.Response}, camera streams …).
     */
    public AlexaEvent completed(QueuedDirective queued, Directive directive, Target target, DeviceCommand command,
                                CommandResult.Completed result) {
        DeviceState state = store(queued.userId(), queued.endpointId(), result.state());
        return capabilities.answer(directive.namespace(), directive.name(), directive.correlationToken(), queued.endpointId(),
                target.device(), state, result.output(), clock.instant());
    }

    /** The state relative directives start from: the stored one while fresh enough for the adapter, else the vendor's. */
    private DeviceState currentState(QueuedDirective queued, Target target) {
        DeviceAdapter adapter = target.adapter();
        Optional<DeviceState> stored = states.get(queued.userId(), queued.endpointId());
        Instant now = clock.instant();
        if (stored.isPresent() && Duration.between(stored.get().observedAt(), now).compareTo(adapter.stateFreshness()) < 0) {
            return stored.get();
        }
        DeviceState fresh = withRetries(queued, target, false, () -> adapter.queryState(target.account(), target.deviceId()));
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
     * While the device is {@code waking} (a WakeUp was sent), DEVICE_OFFLINE is retried as well, the
     * attempts then bounded by the deadline alone.
     */
    private <T> T withRetries(QueuedDirective queued, Target target, boolean waking, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (AdapterException e) {
                boolean stillBooting = waking && e.reason() == AdapterException.Reason.DEVICE_OFFLINE;
                if (!stillBooting && (!e.transientFailure() || attempt >= retry.maxAttempts())) {
                    throw e;
                }
                Duration pause = retry.backoff(attempt);
                if (!retry.fitsBefore(queued.deadline(), clock.instant(), pause, target.adapter().typicalCommandLatency(target.device()))) {
                    log.info("{} after attempt {} for endpoint {}; no time left before the deadline to retry",
                            e.reason(), attempt, queued.endpointId());
                    throw e;
                }
                log.info("{} after attempt {} for endpoint {}; retrying in {} ms", e.reason(), attempt,
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
