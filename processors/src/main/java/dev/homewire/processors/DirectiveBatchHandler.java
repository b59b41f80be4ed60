package dev.homewire.processors;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.queue.sqs.QueueMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the directive queue: decodes each record, hands it to the processor and
 * reports the records that failed ({@code ReportBatchItemFailures}), so only those are redelivered.
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

    private final DirectiveProcessor processor;
    private final ExecutorService executor;

    public DirectiveBatchHandler(DirectiveProcessor processor) {
        this(processor, DEFAULT_PARALLELISM);
    }

    /** @param parallelism endpoints worked on at once; 1 runs the batch in the calling thread */
    public DirectiveBatchHandler(DirectiveProcessor processor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.processor = Objects.requireNonNull(processor, "processor");
        this.executor = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism, daemonThreads());
    }

    private record Item(String sqsMessageId, QueuedDirective directive) {
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Map<String, List<Item>> byEndpoint = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            QueuedDirective directive;
            try {
                directive = QueueMessages.directiveFromJson(record.getBody());
            } catch (RuntimeException e) {
                // A poison message: it will never decode, however often it is delivered. Reporting it
                // failed sends it back to the queue until maxReceiveCount moves it to the DLQ, where
                // it can be inspected. The body holds a user's directive, so it is not logged (nor
                // the exception message, which may quote it).
                LOG.error("SQS message {} is not a queued directive ({}); left for the dead-letter queue",
                        record.getMessageId(), e.getClass().getSimpleName());
                failed.add(record.getMessageId());
                continue;
            }
            byEndpoint.computeIfAbsent(directive.userId() + '\u0000' + directive.endpointId(), k -> new ArrayList<>())
                    .add(new Item(record.getMessageId(), directive));
        }

        if (executor == null || byEndpoint.size() <= 1) {
            byEndpoint.values().forEach(items -> processInOrder(items, failed));
        } else {
            List<Future<?>> running = new ArrayList<>();
            byEndpoint.values().forEach(items -> running.add(executor.submit(() -> processInOrder(items, failed))));
            awaitAll(running);
        }

        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            if (failed.contains(record.getMessageId())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void processInOrder(List<Item> items, Set<String> failed) {
        for (Item item : items) {
            try {
                processor.process(item.directive());
            } catch (RuntimeException e) {
                LOG.warn("SQS message {} (user {}, endpoint {}) failed and will be redelivered: {}", item.sqsMessageId(),
                        item.directive().userId(), item.directive().endpointId(), e.toString());
                failed.add(item.sqsMessageId());
            }
        }
    }

    private static void awaitAll(List<Future<?>> running) {
        boolean interrupted = false;
        try {
            for (Future<?> f : running) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (InterruptedException e) {
                        // keep waiting: the tasks report into the failure set, which must be complete
                        interrupted = true;
                    } catch (ExecutionException e) {
                        // only an Error gets here (processInOrder catches RuntimeExceptions): fail the invocation
                        Throwable cause = e.getCause();
                        if (cause instanceof Error error) {
                            throw error;
                        }
                        throw new IllegalStateException(cause);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "directive-batch-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
