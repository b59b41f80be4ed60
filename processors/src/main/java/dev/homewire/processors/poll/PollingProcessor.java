package dev.homewire.processors.poll;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.ErrorType;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.errors.AdapterErrors;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.pending.PollQueue;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.core.updates.UpdateOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling fast path of {@link dev.homewire.adapter.spi.InteractionStyle#ASYNC_POLL} vendors:
 * one {@link PollRequest} looks at the device of one pending operation once.
 *
 * <ol>
 *   <li>The operation is loaded; when it is gone it was already answered, and nothing is done.</li>
 *   <li>The vendor is asked for the device's state, which goes through {@link DeviceUpdateService}
 *       as a {@link UpdateCause#COMMAND_RESULT}: that answers Alexa with {@code Alexa.Response} once
 *       the state satisfies the command (and ChangeReports anything else that changed).</li>
 *   <li>If the operation is still pending, the next poll is scheduled with {@link PollBackoff}; when
 *       no poll fits before the deadline any more (minus the dispatcher's margin), the operation is
 *       failed now, so the ErrorResponse reaches Alexa before the deadline it was promised:
 *       {@code ENDPOINT_UNREACHABLE} "did not confirm the change in time", or the vendor's own error
 *       when this last look failed with one.</li>
 * </ol>
 *
 * Transient vendor failures (outage, throttling, device offline or busy) are simply looked at again
 * on the next poll; failures that polling cannot fix (device gone, credentials refused, a refusal)
 * fail the operation at once. Only our own infrastructure failing (store, queue) propagates, so
 * SQS redelivers the poll request.
 */
public final class PollingProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(PollingProcessor.class);

    private final PendingOperationStore pendingOperations;
    private final EndpointRegistry endpoints;
    private final LinkedAccountStore accounts;
    private final AdapterRegistry adapters;
    private final DeviceUpdateService deviceUpdates;
    private final PollQueue pollQueue;
    private final Clock clock;
    private final PollBackoff backoff;

    public PollingProcessor(PendingOperationStore pendingOperations, EndpointRegistry endpoints, LinkedAccountStore accounts,
                            AdapterRegistry adapters, DeviceUpdateService deviceUpdates, PollQueue pollQueue, Clock clock,
                            PollBackoff backoff) {
        this.pendingOperations = Objects.requireNonNull(pendingOperations, "pendingOperations");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.deviceUpdates = Objects.requireNonNull(deviceUpdates, "deviceUpdates");
        this.pollQueue = Objects.requireNonNull(pollQueue, "pollQueue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    public void process(PollRequest request) {
        Optional<PendingOperation> found = pendingOperations.find(request.userId(), request.endpointId(), request.correlationToken());
        if (found.isEmpty()) {
            LOG.debug("poll {} of endpoint {}: the operation was already answered", request.attempt(), request.endpointId());
            return;
        }
        PendingOperation op = found.get();
        Instant started = clock.instant();

        Optional<EndpointRecord> endpoint = endpoints.find(op.userId(), op.endpointId());
        if (endpoint.isEmpty()) {
            fail(op, AlexaError.of(ErrorType.NO_SUCH_ENDPOINT,
                    "endpoint " + op.endpointId() + " is not known (any more); discover devices again"), "endpoint gone");
            return;
        }
        Optional<DeviceAdapter> adapter;
        try {
            adapter = Optional.of(adapters.require(op.adapterId()));
        } catch (dev.homewire.alexa.AlexaErrorException missing) {
            fail(op, missing.error(), "adapter missing or disabled");
            return;
        }
        // As in the sync processor: no linked account is credentials we no longer hold, fixed by relinking.
        Optional<VendorAccount> account = accounts.account(op.userId(), op.adapterId());
        if (account.isEmpty()) {
            fail(op, AdapterErrors.toAlexaError(new AdapterException(AdapterException.Reason.CREDENTIALS_EXPIRED,
                    "no " + op.adapterId() + " account is linked")), "no linked account");
            return;
        }

        AlexaError lastFailure = null;
        DeviceState state = null;
        try {
            state = adapter.get().queryState(account.get(), op.deviceId());
        } catch (AdapterException e) {
            if (!worthPollingAgain(e)) {
                LOG.info("poll {} of endpoint {}: vendor failed with {} ({}); failing the operation", request.attempt(),
                        op.endpointId(), e.reason(), e.getMessage());
                fail(op, AdapterErrors.toAlexaError(e), e.reason().name());
                return;
            }
            LOG.info("poll {} of endpoint {}: {} ({}); looking again later", request.attempt(), op.endpointId(), e.reason(),
                    e.getMessage());
            lastFailure = AdapterErrors.toAlexaError(e);
        } catch (RuntimeException e) {
            // An adapter bug, not our infrastructure: treated like an outage, the next poll tries again.
            LOG.warn("poll {} of endpoint {}: adapter {} failed unexpectedly; looking again later", request.attempt(),
                    op.endpointId(), op.adapterId(), e);
        }

        if (state != null) {
            UpdateOutcome outcome = deviceUpdates.apply(endpoint.get(),
                    DeviceUpdate.queried(account.get().accountId(), op.deviceId(), state, UpdateCause.COMMAND_RESULT));
            if (outcome.completed().stream().anyMatch(done -> done.correlationToken().equals(op.correlationToken()))) {
                LOG.info("poll {} of endpoint {}: the change is confirmed", request.attempt(), op.endpointId());
                return;
            }
            // Still pending as far as this poll knows. Had something else answered it meanwhile, the
            // next poll finds it gone, and a fail below is a no-op: completion happens once.
        }

        Instant now = clock.instant();
        Duration pollTime = Duration.between(started, now);
        Optional<Duration> delay = backoff.nextDelay(request.attempt(), now, op.deadline(), pollTime);
        if (delay.isEmpty()) {
            AlexaError error = lastFailure != null ? lastFailure : AlexaError.of(ErrorType.ENDPOINT_UNREACHABLE, PendingOperation.NOT_CONFIRMED);
            LOG.info("poll {} of endpoint {}: no poll fits before the deadline {} any more", request.attempt(),
                    op.endpointId(), op.deadline());
            fail(op, error, "deadline");
            return;
        }
        pollQueue.schedule(request.next(), delay.get());
        LOG.debug("poll {} of endpoint {}: next in {} s", request.attempt(), op.endpointId(), delay.get().getSeconds());
    }

    /** Failures a later look may get past; the others polling cannot fix. */
    private static boolean worthPollingAgain(AdapterException e) {
        return e.transientFailure() || e.reason() == AdapterException.Reason.DEVICE_OFFLINE
                || e.reason() == AdapterException.Reason.DEVICE_BUSY;
    }

    private void fail(PendingOperation op, AlexaError error, String why) {
        if (deviceUpdates.fail(op, error)) {
            LOG.info("operation on endpoint {} of user {} failed ({}): {}", op.endpointId(), op.userId(), why, error);
        } else {
            LOG.info("operation on endpoint {} of user {} was already answered", op.endpointId(), op.userId());
        }
    }
}
