package dev.homewire.processors.poll;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.sqs.QueueMessages;
import dev.homewire.processors.SqsBatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the poll queue: decodes each record ({@link QueueMessages#pollRequestFromJson})
 * and hands it to the {@link PollingProcessor}; records that cannot be decoded or whose processing
 * failed unexpectedly are reported ({@code ReportBatchItemFailures}) so SQS redelivers only those
 * (the loop is {@link SqsBatch}).
 *
 * <p>Each poll is one vendor call for a different pending operation with its own deadline, so the
 * records run side by side (bounded), not one slow vendor after another.
 */
public final class PollBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PollBatchHandler.class);

    /** Polls run at once within one batch. */
    public static final int DEFAULT_PARALLELISM = 4;

    private final SqsBatch<PollRequest> batch;

    public PollBatchHandler(PollingProcessor processor) {
        this(processor::process, DEFAULT_PARALLELISM);
    }

    /** @param parallelism polls run at once; 1 runs the batch in the calling thread */
    public PollBatchHandler(Consumer<PollRequest> processor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.batch = SqsBatch.<PollRequest>builder("poll request", QueueMessages::pollRequestFromJson, processor)
                .logger(LOG)
                .describedAs(request -> "poll " + request.attempt() + " of user " + request.userId()
                        + ", endpoint " + request.endpointId())
                .parallelism(parallelism, "poll-batch")
                .build();
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return batch.handle(event);
    }
}
