package dev.homewire.dispatcher;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.faults.CrashPoints;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.sqs.QueueMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the outbound queue: decodes each record, dispatches it and does what the
 * {@link DeliveryOutcome} says: delivered or dropped → acked; dead letter → sent to the outbound
 * DLQ with the reason, then acked; split → the parts queued, then acked; retry → the record's
 * visibility set to the backoff (ChangeMessageVisibility, from its ApproximateReceiveCount) and
 * reported failed ({@code ReportBatchItemFailures}), so SQS redelivers exactly that record then.
 * When that SQS call fails too, the record is still reported failed: it comes back after the
 * queue's visibility timeout, and SQS dead-letters it after maxReceiveCount.
 *
 * <p>A record that is not an outbound event (poison) is dead-lettered at once. Records are sent one
 * after the other (the template gives the function one record per batch, so the worst case of
 * one event fits its timeout).
 */
public final class OutboundBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundBatchHandler.class);
    private static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    private final EventDispatcher dispatcher;
    private final OutboundRecords records;

    public OutboundBatchHandler(EventDispatcher dispatcher, OutboundRecords records) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.records = Objects.requireNonNull(records, "records");
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> batch = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : batch) {
            if (!handle(record)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** @return whether the record is done with (to be deleted) */
    private boolean handle(SQSEvent.SQSMessage record) {
        int attempt = receiveCount(record);
        OutboundEvent outbound;
        try {
            outbound = QueueMessages.eventFromJson(record.getBody());
        } catch (RuntimeException e) {
            // Neither the body nor the exception message (which may quote it) is logged.
            String reason = "SQS message " + record.getMessageId() + " is not an outbound event (" + e.getClass().getSimpleName() + ")";
            LOG.error("{}; dead-lettered", reason);
            return deadLetter(record, reason, attempt);
        }
        DeliveryOutcome outcome;
        try {
            outcome = dispatcher.dispatch(outbound, attempt);
        } catch (RuntimeException e) {
            outcome = new DeliveryOutcome.Retry(dispatcher.retries().delayAfter(attempt, null),
                    "unexpected " + e.getClass().getSimpleName());
            LOG.error("SQS message {} for user {}: {}", record.getMessageId(), outbound.userId(), outcome.reason());
        }
        if (outcome instanceof DeliveryOutcome.Delivered || outcome instanceof DeliveryOutcome.Dropped) {
            CrashPoints.reach(CrashPoints.DISPATCHER_BEFORE_ACK);
            return true;
        }
        if (outcome instanceof DeliveryOutcome.DeadLetter dead) {
            return deadLetter(record, dead.reason(), attempt);
        }
        if (outcome instanceof DeliveryOutcome.Split split) {
            try {
                split.parts().forEach(records::publish);
                return true;
            } catch (RuntimeException e) {
                LOG.error("SQS message {}: the split parts could not all be queued ({}); retried", record.getMessageId(),
                        e.getClass().getSimpleName());
                return retryLater(record, dispatcher.retries().delayAfter(attempt, null));
            }
        }
        return retryLater(record, ((DeliveryOutcome.Retry) outcome).delay());
    }

    private boolean deadLetter(SQSEvent.SQSMessage record, String reason, int attempt) {
        try {
            records.deadLetter(record.getBody(), reason, attempt);
            return true;
        } catch (RuntimeException e) {
            LOG.error("SQS message {} could not be sent to the dead-letter queue ({}); left for SQS to redeliver",
                    record.getMessageId(), e.getClass().getSimpleName());
            return false;
        }
    }

    private boolean retryLater(SQSEvent.SQSMessage record, Duration delay) {
        try {
            if (record.getReceiptHandle() != null) {
                records.retryLater(record.getReceiptHandle(), delay);
            }
        } catch (RuntimeException e) {
            LOG.warn("SQS message {}: visibility not changed ({}); it returns after the queue's visibility timeout",
                    record.getMessageId(), e.getClass().getSimpleName());
        }
        return false;
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get(RECEIVE_COUNT);
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
