package dev.homewire.processors.async;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.pending.DeadlineCheck;
import dev.homewire.core.queue.sqs.QueueMessages;
import dev.homewire.processors.SqsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One SQS batch of the deadline queue, through the shared {@link SqsBatch} loop, checks side by side. */
public final class DeadlineBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineBatchHandler.class);

    private final SqsBatch<DeadlineCheck> batch;

    public DeadlineBatchHandler(DeadlineSweeper sweeper) {
        this.batch = SqsBatch.<DeadlineCheck>builder("deadline check", QueueMessages::deadlineCheckFromJson, sweeper::process)
                .logger(LOG)
                .describedAs(check -> "deadline check of user " + check.userId() + ", endpoint " + check.endpointId())
                .parallelism(4, "deadline-batch")
                .build();
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return batch.handle(event);
    }
}
