package dev.homewire.processors;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.queue.sqs.QueueDefinitions;
import dev.homewire.core.queue.sqs.QueueMessages;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the directive queue: decodes each record, hands it to the processor and
 * reports the records that failed ({@code ReportBatchItemFailures}), so only those are redelivered
 * (the loop is {@link SqsBatch}).
 *
 * <p>Records run with bounded parallelism, grouped by endpoint: directives for the same endpoint
 * run one after the other in batch order ("on" then "off" must not swap), different endpoints run
 * side by side. Each directive has its own deadline and the processor may spend seconds retrying
 * a failing vendor, so running a whole batch in line would let one slow vendor eat the deadlines
 * of the directives queued behind it. Adapters are thread-safe by contract and the store and
 * queue clients are too; the bound keeps the vendor clouds and the Lambda's memory in check.
 */
public final class DirectiveBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DirectiveBatchHandler.class);

    /** Endpoints worked on at once within one batch (the SQS batch size caps it anyway). */
    public static final int DEFAULT_PARALLELISM = 4;

    private final SqsBatch<QueuedDirective> batch;

    public DirectiveBatchHandler(DirectiveProcessor processor) {
        this(processor, DEFAULT_PARALLELISM);
    }

    /** @param parallelism endpoints worked on at once; 1 runs the batch in the calling thread */
    public DirectiveBatchHandler(DirectiveProcessor processor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        Objects.requireNonNull(processor, "processor");
        this.batch = SqsBatch.<QueuedDirective>builder("queued directive", QueueMessages::directiveFromJson, processor::process)
                .logger(LOG)
                .describedAs(directive -> "user " + directive.userId() + ", endpoint " + directive.endpointId())
                .orderedBy(directive -> directive.userId() + '\u0000' + directive.endpointId())
                .parallelism(parallelism, "directive-batch")
                .onLastDelivery(QueueDefinitions.MAX_RECEIVE_COUNT, processor::giveUp)
                .build();
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return batch.handle(event);
    }
}
