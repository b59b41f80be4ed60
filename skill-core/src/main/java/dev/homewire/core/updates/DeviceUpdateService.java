package dev.homewire.core.updates;

import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.ChangeCause;
import dev.homewire.alexa.Property;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.errors.AdapterErrors;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where news about a device's state — a vendor push, a poll, background sync —
 * becomes Alexa events: it stores the state, answers the pending operations the news settles
 * ({@code Alexa.Response} or ErrorResponse) and reports what else changed in one
 * {@code ChangeReport}. Everything goes out through the {@link OutboundQueue}; the dispatcher adds
 * the LWA scope.
 *
 * <h2>Rules of {@link #apply}</h2>
 * <ol>
 *   <li>A pushed (possibly partial) state is laid over the stored one ({@link DeviceState#overlaidWith}),
 *       a queried one ({@link DeviceUpdate#complete()}) replaces it — a property it lacks no longer holds — and is written
 *       conditionally; a state older than the stored one changes nothing (so redelivered news is
 *       harmless: the same state again changes nothing either).</li>
 *   <li>Each pending operation of the endpoint, oldest first: the vendor reports the operation
 *       (same {@code operationRef}) failed → ErrorResponse ({@link AdapterErrors}); the new state
 *       satisfies its command → {@code Alexa.Response} with the full new state; a lock operation
 *       whose outcome is JAMMED → {@code Alexa.Response} with {@code lockState} JAMMED (see below).
 *       Completion is atomic in the store, so only one of racing pushes, polls and deadline sweeps
 *       answers.</li>
 *   <li>Properties that changed (value compared per property, {@code timeOfSample} ignored) and
 *       are not explained by an operation just answered — the properties of the answered
 *       directive's interface, which its Response carried — go into ONE ChangeReport, all other
 *       properties (EndpointHealth included) into its context. Connectivity turning UNREACHABLE
 *       or OK is such a change. Without a stored state to compare with, a poll or a command's
 *       outcome reports nothing: the first state we learn that way is not known to be a change, and
 *       a false LOCKED→UNLOCKED would fire users' routines (Alexa reads the state through
 *       ReportState meanwhile). A push by which the vendor itself says the device changed
 *       (PHYSICAL_INTERACTION, APP_INTERACTION, RULE_TRIGGER) is a change even then: the
 *       properties it carries are reported — a sensor's first detection is not lost.</li>
 * </ol>
 *
 * <h2>A jammed lock</h2>
 * Alexa's LockController has no "jammed" error type: a lock that jams while locking or unlocking
 * is answered with an {@code Alexa.Response} whose {@code lockState} is JAMMED, and Alexa tells the
 * user the lock is jammed. The Response therefore carries the state the vendor reported, never
 * the state that was asked for. It is given to a lock operation when the JAMMED report is the
 * outcome of a command: the update names the operation's reference, or its cause is
 * {@link UpdateCause#COMMAND_RESULT}. A JAMMED report for another reason (someone at the door) is
 * a ChangeReport like any other change, and the operation waits for its outcome or deadline.
 */
public final class DeviceUpdateService {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceUpdateService.class);

    private final EndpointRegistry endpoints;
    private final DeviceStateStore states;
    private final PendingOperationStore pending;
    private final OutboundQueue outbound;
    private final CapabilityRegistry capabilities;
    private final Clock clock;

    public DeviceUpdateService(EndpointRegistry endpoints, DeviceStateStore states, PendingOperationStore pending,
                               OutboundQueue outbound, CapabilityRegistry capabilities, Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.states = Objects.requireNonNull(states, "states");
        this.pending = Objects.requireNonNull(pending, "pending");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Applies news about one endpoint of one user; idempotent for redelivered news. */
    public UpdateOutcome apply(EndpointRecord endpoint, DeviceUpdate update) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(update, "update");
        if (!endpoint.deviceId().equals(update.deviceId())) {
            throw new IllegalArgumentException("update for device " + update.deviceId() + " applied to endpoint "
                    + endpoint.endpointId() + " of device " + endpoint.deviceId());
        }
        String userId = endpoint.userId();
        String endpointId = endpoint.endpointId();

        DeviceState before = null;
        DeviceState after = null;
        if (update.state() != null) {
            // a push may carry only what changed, so it is laid over the stored state; a query's whole
            // state replaces it without reading it first (the write answers the state it replaced)
            DeviceState known = update.complete() ? null : states.get(userId, endpointId).orElse(null);
            DeviceState merged = known == null ? update.state() : known.overlaidWith(update.state());
            DeviceStateStore.PutResult result = states.put(userId, endpointId, merged);
            if (result.written()) {
                before = result.previousState().orElse(known);
                after = merged;
            } else {
                LOG.debug("{} news of endpoint {} (user {}) observed at {} is older than the stored state", update.cause(),
                        endpointId, userId, update.state().observedAt());
                if ((update.failure() == null || update.operationRef() == null) && update.events().isEmpty()) {
                    return UpdateOutcome.ignored();
                }
                // the state is stale, but the vendor's word that the operation failed, and events, still stand
            }
        }

        List<PendingOperation> completed = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (PendingOperation operation : pending.forEndpoint(userId, endpointId)) {
            boolean sameOperation = update.operationRef() != null && update.operationRef().equals(operation.operationRef());
            if (sameOperation && update.failure() != null) {
                if (fail(operation, AdapterErrors.toAlexaError(update.failure()))) {
                    completed.add(operation);
                }
                continue;
            }
            if (after == null) {
                continue;
            }
            if (operation.command().satisfiedBy(after) || jammedOutcome(operation, update, sameOperation)) {
                if (succeed(operation, endpoint, after, sameOperation ? update.output() : null)) {
                    completed.add(operation);
                    explained.add(interfaceKey(operation.directiveNamespace(), operation.command().instance()));
                }
            }
        }

        if (after != null && before == null && vendorReportsAChange(update.cause())) {
            before = withoutNews(after, update.state());
        }
        boolean reported = after != null && before != null
                && reportChanges(endpoint, before, after, explained, changeCause(update.cause()));
        int events = publishEvents(endpoint, update.events());
        UpdateOutcome outcome = new UpdateOutcome(after != null, completed, reported, events);
        LOG.info("{} news of endpoint {} (user {}): {}", update.cause(), endpointId, userId, outcome);
        return outcome;
    }

    /** Ends a pending operation with an error (vendor failure, deadline passed); no-op if already completed. */
    public boolean fail(PendingOperation operation, AlexaError error) {
        Objects.requireNonNull(error, "error");
        if (!pending.complete(operation)) {
            return false;
        }
        publishAnswer(operation, AlexaMessages.errorResponse(operation.correlationToken(), operation.endpointId(), null, error));
        LOG.info("{}.{} for endpoint {} (user {}) answered with {}", operation.directiveNamespace(), operation.directiveName(),
                operation.endpointId(), operation.userId(), error);
        return true;
    }

    /** Ends a pending operation with its interface's answer for the given full state; no-op if already completed. */
    public boolean succeed(PendingOperation operation, EndpointRecord endpoint, DeviceState state) {
        return succeed(operation, endpoint, state, null);
    }

    /**
     * Ends a pending operation with the answer its directive's interface gives ({@code Alexa.Response}
     * with the full state, {@code ActivationStarted}, {@code Arm.Response} with the exit delay …);
     * no-op if already completed.
     *
     * @param output what the vendor reported the operation produced besides state, or null
     */
    public boolean succeed(PendingOperation operation, EndpointRecord endpoint, DeviceState state, CommandOutput output) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(state, "state");
        if (!operation.userId().equals(endpoint.userId()) || !operation.endpointId().equals(endpoint.endpointId())) {
            throw new IllegalArgumentException("operation of endpoint " + operation.endpointId() + " answered for endpoint "
                    + endpoint.endpointId());
        }
        if (!pending.complete(operation)) {
            return false;
        }
        AlexaEvent answer = capabilities.answer(operation.directiveNamespace(), operation.directiveName(),
                operation.correlationToken(), operation.endpointId(), endpoint.device(), state, output,
                clock.instant());
        publishAnswer(operation, answer);
        LOG.info("{}.{} for endpoint {} (user {}) answered with {}{}", operation.directiveNamespace(),
                operation.directiveName(), operation.endpointId(), operation.userId(), answer.header().name(),
                state.lockState() == LockState.JAMMED ? " (lock JAMMED)" : "");
        return true;
    }

    /**
     * Answers a just-saved operation whose outcome may have arrived before it was saved (a fast
     * push races the processor): if the stored state was observed at or after {@code since} (when
     * the command was sent) and settles the operation as {@link #apply} would, it is answered now.
     *
     * @return whether this call answered the operation
     */
    public boolean reconcile(PendingOperation operation, EndpointRecord endpoint, Instant since) {
        Optional<DeviceState> stored = states.get(operation.userId(), operation.endpointId());
        if (stored.isEmpty() || stored.get().observedAt().isBefore(since)) {
            return false;
        }
        DeviceState state = stored.get();
        boolean jammed = operation.command() instanceof DeviceCommand.SetLockState && state.lockState() == LockState.JAMMED;
        if (!operation.command().satisfiedBy(state) && !jammed) {
            return false;
        }
        return succeed(operation, endpoint, state);
    }

    /**
     * {@link #apply(EndpointRecord, DeviceUpdate)} for an endpoint known by id (a poll request, a
     * sync run); empty when the user has no such endpoint (any more).
     */
    public Optional<UpdateOutcome> apply(String userId, String endpointId, DeviceUpdate update) {
        Optional<EndpointRecord> endpoint = endpoints.find(userId, endpointId);
        if (endpoint.isEmpty()) {
            LOG.info("{} news for endpoint {} of user {} dropped: no such endpoint", update.cause(), endpointId, userId);
            return Optional.empty();
        }
        return Optional.of(apply(endpoint.get(), update));
    }

    /** A lock operation whose outcome is a jammed bolt (see the class comment). */
    private static boolean jammedOutcome(PendingOperation operation, DeviceUpdate update, boolean sameOperation) {
        return operation.command() instanceof DeviceCommand.SetLockState
                && update.state() != null && update.state().lockState() == LockState.JAMMED
                && (sameOperation || update.cause() == UpdateCause.COMMAND_RESULT);
    }

    /** An interface of an endpoint as answered operations explain it: its namespace and, for instance controllers, the instance. */
    private static String interfaceKey(String namespace, String instance) {
        return instance == null ? namespace : namespace + ":" + instance;
    }

    /**
     * One ChangeReport for the properties that changed and are not explained by an answered
     * operation (a fan's speed set by a directive explains its speed instance, not its oscillation).
     */
    private boolean reportChanges(EndpointRecord endpoint, DeviceState before, DeviceState after, Set<String> explained,
                                  ChangeCause cause) {
        Instant now = clock.instant();
        List<Property> previous = capabilities.properties(endpoint.device(), before, now);
        List<Property> current = capabilities.properties(endpoint.device(), after, now);
        List<Property> changed = new ArrayList<>();
        List<Property> unchanged = new ArrayList<>();
        for (Property property : current) {
            boolean same = previous.stream().anyMatch(p -> p.sameKey(property) && p.value().equals(property.value()));
            if (same || explained.contains(interfaceKey(property.namespace(), property.instance()))) {
                unchanged.add(property);
            } else {
                changed.add(property);
            }
        }
        if (changed.isEmpty()) {
            return false;
        }
        AlexaEvent report = AlexaMessages.changeReport(endpoint.endpointId(), cause, changed, unchanged);
        outbound.publish(new OutboundEvent(endpoint.userId(), report.toJson()));
        LOG.info("ChangeReport ({}) for endpoint {} (user {}): {}", cause, endpoint.endpointId(), endpoint.userId(),
                changed.stream().map(p -> p.namespace() + "." + p.name()).toList());
        return true;
    }

    /** Causes by which the vendor itself says something changed (not a poll that merely found a value, nor our command's outcome). */
    private static boolean vendorReportsAChange(UpdateCause cause) {
        return cause == UpdateCause.PHYSICAL_INTERACTION || cause == UpdateCause.APP_INTERACTION || cause == UpdateCause.RULE_TRIGGER;
    }

    /** The state before the news, as far as the news tells: the merged state without the properties the news carried. */
    private static DeviceState withoutNews(DeviceState after, DeviceState news) {
        DeviceState.Builder builder = after.toBuilder();
        news.values().keySet().forEach(key -> builder.setUnchecked(key, null));
        return builder.build();
    }

    /** Publishes the Alexa events of the update's device events (a doorbell press → DoorbellPress); how many went out. */
    private int publishEvents(EndpointRecord endpoint, List<DeviceEvent> events) {
        int published = 0;
        for (DeviceEvent event : events) {
            for (AlexaEvent alexaEvent : capabilities.eventsFor(event, endpoint.device(), endpoint.endpointId())) {
                outbound.publish(new OutboundEvent(endpoint.userId(), alexaEvent.toJson()));
                published++;
                LOG.info("{} for endpoint {} (user {}): {}", event.getClass().getSimpleName(), endpoint.endpointId(),
                        endpoint.userId(), alexaEvent);
            }
        }
        return published;
    }

    /** How a vendor's reason maps to Alexa's; a command result no pending operation explains is an app's doing. */
    static ChangeCause changeCause(UpdateCause cause) {
        switch (cause) {
            case PHYSICAL_INTERACTION:
                return ChangeCause.PHYSICAL_INTERACTION;
            case RULE_TRIGGER:
                return ChangeCause.RULE_TRIGGER;
            case PERIODIC_POLL:
                return ChangeCause.PERIODIC_POLL;
            case APP_INTERACTION:
            case COMMAND_RESULT:
            default:
                return ChangeCause.APP_INTERACTION;
        }
    }

    /**
     * Publishes the one answer of a completed operation. If the queue refuses it, the operation is
     * put back so a redelivered push, the next poll or the deadline sweep can still answer, and
     * the failure propagates.
     */
    private void publishAnswer(PendingOperation operation, AlexaEvent answer) {
        try {
            outbound.publish(new OutboundEvent(operation.userId(), answer.toJson()));
        } catch (RuntimeException e) {
            try {
                pending.save(operation);
            } catch (RuntimeException restoreFailed) {
                e.addSuppressed(restoreFailed);
            }
            throw e;
        }
    }
}
