package dev.homewire.processors.async;

import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.ErrorType;
import dev.homewire.core.pending.DeadlineCheck;
import dev.homewire.core.pending.DeadlineQueue;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.updates.DeviceUpdateService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline sweep: answers a pending operation that is still waiting shortly before the
 * deadline promised to Alexa, with {@code ENDPOINT_UNREACHABLE} ("the device did not confirm the
 * change in time"), so the ErrorResponse reaches Alexa within the promise.
 *
 * <p>Driven by its own delayed message ({@link DeadlineCheck}, sent when the operation is saved),
 * so it does not depend on what may be lost: a poll message, the vendor's push. Completion is
 * atomic in the store, so when the push, a poll and the sweep race, exactly one answers; the
 * sweep's check of an operation already answered is a no-op.
 */
public final class DeadlineSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweeper.class);

    /** How long before the deadline the sweep answers: the dispatcher's time to reach the gateway. */
    public static final Duration ANSWER_MARGIN = Duration.ofMillis(1500);

    private final PendingOperationStore pending;
    private final DeviceUpdateService updates;
    private final DeadlineQueue queue;
    private final Clock clock;

    public DeadlineSweeper(PendingOperationStore pending, DeviceUpdateService updates, DeadlineQueue queue, Clock clock) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends the operation's deadline check, due {@link #ANSWER_MARGIN} before its deadline. */
    public void watch(PendingOperation operation) {
        queue.schedule(DeadlineCheck.of(operation), dueIn(operation));
    }

    public void process(DeadlineCheck check) {
        Optional<PendingOperation> found = pending.find(check.userId(), check.endpointId(), check.correlationToken());
        if (found.isEmpty()) {
            LOG.debug("deadline check of endpoint {}: already answered", check.endpointId());
            return;
        }
        PendingOperation operation = found.get();
        Duration left = dueIn(operation);
        if (left.compareTo(Duration.ofSeconds(1)) >= 0) {
            // early (SQS delays are whole seconds, at most 15 minutes): look again when due
            queue.schedule(check, left);
            return;
        }
        if (updates.fail(operation, AlexaError.of(ErrorType.ENDPOINT_UNREACHABLE, PendingOperation.NOT_CONFIRMED))) {
            LOG.info("operation on endpoint {} of user {} had no outcome {} ms before its deadline {}: answered ENDPOINT_UNREACHABLE",
                    operation.endpointId(), operation.userId(), ANSWER_MARGIN.toMillis(), operation.deadline());
        }
    }

    private Duration dueIn(PendingOperation operation) {
        Instant due = operation.deadline().minus(ANSWER_MARGIN);
        Duration left = Duration.between(clock.instant(), due);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
