package dev.homewire.dispatcher;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.faults.CrashPoints;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.sqs.QueueMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the outbound queue: decodes each record, dispatches it and reports the records
 * that failed ({@code ReportBatchItemFailures}), so only those are redelivered.
 *
 * <p>Records are sent one after the other, in batch order: a gateway call takes tens of
 * milliseconds, so a batch is quick anyway, and in order a user's Response is not overtaken by
 * the ChangeReport that follows it; a 401 refresh also happens once rather than once per record.
 */
public final class OutboundBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundBatchHandler.class);

    private final EventDispatcher dispatcher;

    public OutboundBatchHandler(EventDispatcher dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            OutboundEvent outbound;
            try {
                outbound = QueueMessages.eventFromJson(record.getBody());
            } catch (RuntimeException e) {
                // A poison message: it never decodes, so it is reported failed until maxReceiveCount
                // moves it to the DLQ for inspection. Neither the body nor the exception message
                // (which may quote it) is logged.
                LOG.error("SQS message {} is not an outbound event ({}); left for the dead-letter queue",
                        record.getMessageId(), e.getClass().getSimpleName());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            try {
                dispatcher.dispatch(outbound);
                CrashPoints.reach(CrashPoints.DISPATCHER_BEFORE_ACK);
            } catch (RuntimeException e) {
                LOG.warn("SQS message {} for user {} not delivered, will be redelivered: {}", record.getMessageId(),
                        outbound.userId(), e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
