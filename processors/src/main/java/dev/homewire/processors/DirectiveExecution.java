package dev.homewire.processors;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CallBudget;
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
import dev.homewire.core.breaker.VendorCircuitOpenException;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.errors.AdapterErrors;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.store.DirectiveClaims;
import dev.homewire.core.store.DeviceJson;
import dev.homewire.core.faults.CrashPoints;
import dev.homewire.alexa.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * reading the queued directive and claiming it ({@link DirectiveClaims}: one device command and one
 * answer per directive through duplicate deliveries, concurrent consumers and crashes), refusing to
 * act on a directive whose deadline passed, resolving endpoint, adapter and vendor account, building
 * the neutral command (from the current state for relative directives), recording the vendor call
 * before making it and making it with bounded retries of transient failures, reading the state back
 * instead of sending the command again after a crash, storing reported state, and turning refusals
 * and vendor failures into the ErrorResponse to publish. What differs per style (what to do with an
 * {@link CommandResult.Accepted}) stays in the processors ({@code sync.SyncDirectiveProcessor},
 * {@code async.AsyncDirectiveProcessor}).
 *
 * <p>Internal to the processors; logs through the logger of the processor it serves.
 */
public final class DirectiveExecution {

    /**
     * How long a claim holds a directive: longer than any processing of it can take (the Lambda
     * timeout, 5 s, kills it before; in the devstack the retries stop at the deadline, seconds
     * away), shorter than the directive queue's visibility timeout (30 s), so the redelivery after
     * a crash finds the lease lapsed and takes over.
     */
    public static final Duration CLAIM_LEASE = Duration.ofSeconds(20);

    /**
     * How long after its deadline a directive is still answered (never executed): long enough for
     * every SQS redelivery of a crashed invocation (5 receives x 30 s visibility timeout = 150 s),
     * so a crash costs a late answer rather than none. Older ones (a redrive from the dead-letter
     * queue, a backlog after an outage) are dropped with a logged reason: Alexa stopped waiting.
     */
    public static final Duration LATE_ANSWER_WINDOW = Duration.ofMinutes(5);

    /** What the state read after a crash may take (one attempt when the deadline has passed). */
    static final Duration READ_BACK_BUDGET = Duration.ofSeconds(3);

    /** Message of the ErrorResponse to a directive that waited too long to be executed. */
    static final String TOO_LATE = "the directive waited too long to be executed safely; it was not executed";

    /** What a directive acts on: its endpoint, the adapter of the endpoint's vendor and the user's account there. */
    public record Target(EndpointRecord endpoint, DeviceAdapter adapter, VendorAccount account) {
        public Device device() {
            return endpoint.device();
        }

        public String deviceId() {
            return endpoint.deviceId();
        }
    }

    /** What a processor does with a directive it owns. */
    @FunctionalInterface
    public interface Control {
        /**
         * @return the answer to publish now, or empty when the answer follows later (a pending operation)
         */
        Optional<AlexaEvent> run(Directive directive, DirectiveClaims.Acquired claim);
    }

    /** Another delivery of the same directive is working on it: this one is redelivered later. */
    public static final class DirectiveHeldException extends RuntimeException {
        DirectiveHeldException(String message) {
            super(message, null, false, false);
        }
    }

    /** The state read back after a crash: whether it shows the recorded command applied. */
    public record ReadBack(DeviceCommand command, DeviceState state, boolean applied) {
    }

    private final EndpointRegistry endpoints;
    private final LinkedAccountStore accounts;
    private final DeviceStateStore states;
    private final DirectiveClaims claims;
    private final OutboundQueue outbound;
    private final AdapterRegistry adapters;
    private final CapabilityRegistry capabilities;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Logger log;

    public DirectiveExecution(EndpointRegistry endpoints, LinkedAccountStore accounts, DeviceStateStore states,
                              DirectiveClaims claims, OutboundQueue outbound, AdapterRegistry adapters,
                              CapabilityRegistry capabilities, Clock clock, RetryPolicy retry, Logger log) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.states = Objects.requireNonNull(states, "states");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Handles one delivery of a queued directive:
     * <ul>
     *   <li>unreadable: answered INTERNAL_ERROR here (the entrypoint parsed it before queueing, so
     *       it is our bug or a damaged message, not Alexa's fault), with whatever correlationToken
     *       could be read;</li>
     *   <li>completed before (a duplicate delivery, or a crash after the outcome was recorded): the
     *       recorded answer is published again, the same event with the same messageId, which the
     *       dispatcher delivers at most once; nothing else happens;</li>
     *   <li>held by another delivery: {@link DirectiveHeldException}, so SQS redelivers this one
     *       later, when that one has finished or its lease has lapsed;</li>
     *   <li>past {@link #LATE_ANSWER_WINDOW} after its deadline: dropped with a logged reason;</li>
     *   <li>else {@code control} runs; its answer (or its refusal or vendor failure as an
     *       ErrorResponse) is recorded in the claim, then published.</li>
     * </ul>
     */
    public void process(QueuedDirective queued, Control control) {
        Directive directive;
        try {
            directive = Directive.fromJson(queued.directive());
        } catch (InvalidDirectiveException e) {
            log.error("queued directive for user {} endpoint {} cannot be read: {}", queued.userId(), queued.endpointId(),
                    e.getMessage());
            publish(queued, notProcessed(e.correlationToken(), queued));
            return;
        }
        DirectiveClaims.Claim claim = claims.claim(
                directive.deduplicationKey(), CLAIM_LEASE);
        if (claim instanceof DirectiveClaims.Completed done) {
            if (done.answer() != null) {
                outbound.publish(new OutboundEvent(queued.userId(), (ObjectNode) Json.read(done.answer())));
            }
            log.info("{} was handled before; {}", directive,
                    done.answer() == null ? "nothing to send again" : "its recorded answer is sent again");
            return;
        }
        if (claim instanceof DirectiveClaims.Held held) {
            throw new DirectiveHeldException(directive + " is being handled by another delivery until " + held.leaseUntil());
        }
        DirectiveClaims.Acquired acquired = (DirectiveClaims.Acquired) claim;
        if (acquired.attempt() > 1) {
            log.info("{}: took over the claim of a delivery that did not finish (attempt {}, vendor {})", directive,
                    acquired.attempt(), acquired.vendorCalled() ? "already called" : "not called");
        }

        Instant now = clock.instant();
        Optional<AlexaEvent> answer;
        if (now.isAfter(queued.deadline().plus(LATE_ANSWER_WINDOW))) {
            log.warn("{} for user {} dropped unexecuted: its deadline {} passed {} s ago and Alexa stopped waiting", directive,
                    queued.userId(), queued.deadline(), Duration.between(queued.deadline(), now).toSeconds());
            answer = Optional.empty();
        } else {
            try {
                answer = answer(queued, directive, () -> control.run(directive, acquired));
            } catch (RuntimeException unexpected) {
                // a store or queue down, a bug: SQS delivers the directive again; let that delivery
                // (or the give-up on the last one) take the claim over at once
                releaseQuietly(acquired);
                throw unexpected;
            }
        }
        if (!claims.complete(acquired, answer.map(a -> Json.write(a.toJson())).orElse(null))) {
            log.warn("{}: the claim lapsed and was taken over while this delivery worked; the new owner answers", directive);
            return;
        }
        answer.ifPresent(event -> publish(queued, event));
        log.info("{} for user {} {}", directive, queued.userId(), answer.map(a -> "answered with " + a).orElse("answered later or dropped"));
        CrashPoints.reach(CrashPoints.PROCESSOR_BEFORE_ACK);
    }

    private void releaseQuietly(DirectiveClaims.Acquired claim) {
        try {
            claims.release(claim);
        } catch (RuntimeException e) {
            log.warn("the claim of a failed delivery could not be released ({}); it lapses after {} s",
                    e.getClass().getSimpleName(), CLAIM_LEASE.toSeconds());
        }
    }

    /**
     * The last delivery failed unexpectedly (a store down, a bug) and the message goes to the
     * dead-letter queue: Alexa still gets an answer, INTERNAL_ERROR, rather than silence. Best
     * effort: whatever fails here is logged, the message is dead-lettered either way.
     */
    public void giveUp(QueuedDirective queued, RuntimeException failure) {
        try {
            Directive directive = Directive.fromJson(queued.directive());
            log.error("{} for user {} failed on its last delivery ({}); answering INTERNAL_ERROR", directive, queued.userId(),
                    failure.getClass().getSimpleName());
            AlexaEvent error = notProcessed(directive.correlationToken(), queued);
            DirectiveClaims.Claim claim = claims.claim(
                    directive.deduplicationKey(), CLAIM_LEASE);
            if (claim instanceof DirectiveClaims.Acquired acquired && claims.complete(acquired, Json.write(error.toJson()))) {
                publish(queued, error);
            }
        } catch (RuntimeException e) {
            log.error("the INTERNAL_ERROR answer to a failed directive for user {} could not be sent: {}", queued.userId(),
                    e.getClass().getSimpleName());
        }
    }

    /** INTERNAL_ERROR for a directive our side could not process (unreadable, or failing to the last delivery). */
    private static AlexaEvent notProcessed(String correlationToken, QueuedDirective queued) {
        return AlexaMessages.errorResponse(correlationToken, queued.endpointId(), null,
                AlexaError.of(ErrorType.INTERNAL_ERROR, "the directive could not be processed"));
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
     *                             missing adapter, ENDPOINT_UNREACHABLE for a disabled one
     * @throws AdapterException    CREDENTIALS_EXPIRED when no vendor account is linked
     */
    public Target resolve(QueuedDirective queued) {
        String userId = queued.userId();
        String endpointId = queued.endpointId();
        EndpointRecord endpoint = endpoints.find(userId, endpointId).orElseThrow(() -> new AlexaErrorException(
                ErrorType.NO_SUCH_ENDPOINT, "endpoint " + endpointId + " is not known (any more); discover devices again"));
        DeviceAdapter adapter = adapters.require(endpoint.adapterId());
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
    public CommandResult execute(QueuedDirective queued, Directive directive, Target target, DeviceCommand command,
                                 DirectiveClaims.Acquired claim) {
        requireTimeToAct(queued, target);
        if (!claims.recordVendorCall(claim, DeviceJson.writeCommand(command))) {
            throw new DirectiveHeldException(directive + ": the claim was taken over before the vendor was called");
        }
        List<AlexaEvent> first = capabilities.eventsBefore(directive, target.device(), queued.endpointId());
        for (AlexaEvent event : first) {
            publish(queued, event);
            log.info("{}: sent {} first", directive, event);
        }
        boolean waking = !first.isEmpty();
        CommandResult result = withRetries(queued, target, waking,
                () -> target.adapter().execute(target.account(), target.deviceId(), command));
        CrashPoints.reach(CrashPoints.AFTER_VENDOR_CALL);
        return result;
    }

    /**
     * After a crash of a delivery that had called the vendor: the device may have acted, so the
     * command is not sent again (a relative one, resolved to an absolute value before it was
     * recorded, would be applied twice otherwise; a step or a skip would be repeated). The state is
     * read back from the vendor — a read, allowed even after the deadline — and stored; it shows
     * whether the recorded command applied.
     */
    public ReadBack readBack(QueuedDirective queued, Target target, DirectiveClaims.Acquired claim) {
        DeviceCommand command = DeviceJson.readCommand(claim.vendorCall());
        // the redelivery after a crash comes after the visibility timeout, usually past the deadline:
        // this read gets a budget of its own rather than the (spent) time before the answer was due
        Instant readBy = clock.instant().plus(READ_BACK_BUDGET);
        DeviceState state = store(queued.userId(), queued.endpointId(), withRetries(queued, target, false, readBy,
                () -> target.adapter().queryState(target.account(), target.deviceId())));
        return new ReadBack(command, state, command.satisfiedBy(state));
    }

    /**
     * The answer to a directive whose command a crashed delivery sent: {@code Alexa.Response} with
     * the read-back state when it shows the command applied, else ENDPOINT_UNREACHABLE (the device
     * did not confirm the change, and sending it again could apply it twice).
     */
    public AlexaEvent recovered(QueuedDirective queued, Directive directive, Target target, ReadBack readBack) {
        if (!readBack.applied()) {
            log.info("{}: the read-back state does not show the command applied; not sending it again", directive);
            throw new AlexaErrorException(ErrorType.ENDPOINT_UNREACHABLE, "the device did not confirm the change");
        }
        log.info("{}: the read-back state shows the command applied; answering without sending it again", directive);
        return capabilities.answer(directive.namespace(), directive.name(), directive.correlationToken(), queued.endpointId(),
                target.device(), readBack.state(), null, clock.instant());
    }

    /** Whether an answer that follows later (a pending operation) can still reach Alexa before the deadline. */
    public boolean timeLeftToWait(QueuedDirective queued) {
        return retry.fitsBefore(queued.deadline(), clock.instant(), Duration.ZERO, Duration.ZERO);
    }

    /**
     * Refuses to start acting (a command, or the state read a relative command needs) when the
     * vendor's typical latency no longer fits before the deadline: a directive out of a backlog or a
     * dead-letter redrive must not unlock a door minutes after it was asked.
     */
    private void requireTimeToAct(QueuedDirective queued, Target target) {
        Instant now = clock.instant();
        if (!retry.fitsBefore(queued.deadline(), now, Duration.ZERO, target.adapter().typicalCommandLatency(target.device()))) {
            log.warn("directive for endpoint {} of user {} not executed: its deadline is {} and it is {}", queued.endpointId(),
                    queued.userId(), queued.deadline(), now);
            throw new AlexaErrorException(ErrorType.INTERNAL_ERROR, TOO_LATE);
        }
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
        requireTimeToAct(queued, target);
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
     * attempts then bounded by the deadline alone. A call the vendor's open circuit breaker refused
     * ({@link VendorCircuitOpenException}) is never retried: the answer goes out at once.
     */
    private <T> T withRetries(QueuedDirective queued, Target target, boolean waking, Supplier<T> call) {
        return withRetries(queued, target, waking, queued.deadline().minus(retry.dispatchMargin()), call);
    }

    /** @param answerDue when the calls must be over (their time-outs are capped by it) */
    private <T> T withRetries(QueuedDirective queued, Target target, boolean waking, Instant answerDue, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                // each request's time-outs are capped by the time left before the answer is due
                return CallBudget.within(answerDue, call);
            } catch (VendorCircuitOpenException open) {
                // the vendor's breaker is open for seconds: answered at once, no pause, no retry
                log.info("{} for endpoint {}: the {} circuit breaker is open; not calling", open.reason(), queued.endpointId(),
                        target.adapter().id());
                throw open;
            } catch (AdapterException e) {
                boolean stillBooting = waking && e.reason() == AdapterException.Reason.DEVICE_OFFLINE;
                if (!stillBooting && (!e.transientFailure() || attempt >= retry.maxAttempts())) {
                    throw e;
                }
                Duration pause = retry.pauseAfter(e, attempt);
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
