package dev.homewire.processors.poll;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.sqs.QueueMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the poll queue: decodes each record ({@link QueueMessages#pollRequestFromJson})
 * and hands it to the {@link PollingProcessor}; records that cannot be decoded or whose processing
 * failed unexpectedly are reported ({@code ReportBatchItemFailures}) so SQS redelivers only those.
 *
 * <p>Each poll is one vendor call for a different pending operation with its own deadline, so the
 * records run side by side (bounded), not one slow vendor after another.
 */
public final class PollBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PollBatchHandler.class);

    /** Polls run at once within one batch. */
    public static final int DEFAULT_PARALLELISM = 4;

    private final Consumer<PollRequest> processor;
    private final ExecutorService executor;

    public PollBatchHandler(PollingProcessor processor) {
        this(processor::process, DEFAULT_PARALLELISM);
    }

    /** @param parallelism polls run at once; 1 runs the batch in the calling thread */
    public PollBatchHandler(Consumer<PollRequest> processor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.processor = Objects.requireNonNull(processor, "processor");
        this.executor = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism, daemonThreads());
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        List<Runnable> work = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            PollRequest request;
            try {
                request = QueueMessages.pollRequestFromJson(record.getBody());
            } catch (RuntimeException e) {
                LOG.error("SQS message {} is not a poll request ({}); left for the dead-letter queue", record.getMessageId(),
                        e.getClass().getSimpleName());
                failed.add(record.getMessageId());
                continue;
            }
            work.add(() -> process(record.getMessageId(), request, failed));
        }
        if (executor == null || work.size() <= 1) {
            work.forEach(Runnable::run);
        } else {
            List<Future<?>> running = new ArrayList<>();
            work.forEach(w -> running.add(executor.submit(w)));
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

    private void process(String messageId, PollRequest request, Set<String> failed) {
        try {
            processor.accept(request);
        } catch (RuntimeException e) {
            LOG.warn("SQS message {} (poll {} of user {}, endpoint {}) failed and will be redelivered: {}", messageId,
                    request.attempt(), request.userId(), request.endpointId(), e.toString());
            failed.add(messageId);
        }
    }

    static void awaitAll(List<Future<?>> running) {
        boolean interrupted = false;
        try {
            for (Future<?> f : running) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
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

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static ThreadFactory daemonThreads() {
        return daemonThreads("poll-batch");
    }
}
