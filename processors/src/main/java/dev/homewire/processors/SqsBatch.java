package dev.homewire.processors;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop over one SQS batch shared by the queue handlers: decodes each record, hands each
 * decoded message to the processor, and reports the records that failed
 * ({@code ReportBatchItemFailures}), in batch order, so SQS redelivers only those.
 *
 * <ul>
 *   <li>A record that does not decode is a poison message: it will never decode, however often it
 *       is delivered. Reporting it failed sends it back to the queue until maxReceiveCount moves it
 *       to the DLQ, where it can be inspected. Bodies hold users' data, so neither the body nor the
 *       exception message (which may quote it) is logged.</li>
 *   <li>A processor that throws a {@link RuntimeException} fails its record (redelivered); an
 *       {@link Error} fails the whole invocation. On the record's last delivery before the queue
 *       dead-letters it ({@link Builder#onLastDelivery}), the give-up action runs first, so the
 *       failure has an outcome (an ErrorResponse to Alexa) and not only a dead letter.</li>
 *   <li>Messages run with bounded parallelism. With an {@link Builder#orderedBy order key}, messages
 *       of the same key run one after the other in batch order, different keys side by side;
 *       without one every message runs on its own.</li>
 * </ul>
 *
 * @param <T> the decoded message
 */
public final class SqsBatch<T> {

    private final Logger log;
    private final String kind;
    private final Function<String, ? extends T> decoder;
    private final Consumer<? super T> processor;
    private final Function<? super T, String> describe;
    private final Function<? super T, ?> orderKey;
    private final ExecutorService executor;
    private final int maxReceiveCount;
    private final BiConsumer<? super T, RuntimeException> giveUp;

    private SqsBatch(Builder<T> builder) {
        this.maxReceiveCount = builder.maxReceiveCount;
        this.giveUp = builder.giveUp;
        this.log = builder.log;
        this.kind = builder.kind;
        this.decoder = builder.decoder;
        this.processor = builder.processor;
        this.describe = builder.describe;
        this.orderKey = builder.orderKey;
        this.executor = builder.parallelism == 1 ? null
                : Executors.newFixedThreadPool(builder.parallelism, daemonThreads(builder.threadName));
    }

    /**
     * @param kind      what a message is, for logs ({@code "SQS message m1 is not a <kind>"})
     * @param decoder   reads a record body; throws a {@link RuntimeException} for one it cannot read
     * @param processor works on one message; throws for failures worth a redelivery
     */
    public static <T> Builder<T> builder(String kind, Function<String, ? extends T> decoder, Consumer<? super T> processor) {
        return new Builder<>(kind, decoder, processor);
    }

    public static final class Builder<T> {
        private final String kind;
        private final Function<String, ? extends T> decoder;
        private final Consumer<? super T> processor;
        private Logger log = LoggerFactory.getLogger(SqsBatch.class);
        private Function<? super T, String> describe = String::valueOf;
        private Function<? super T, ?> orderKey;
        private int parallelism = 1;
        private String threadName = "sqs-batch";
        private int maxReceiveCount;
        private BiConsumer<? super T, RuntimeException> giveUp;

        private Builder(String kind, Function<String, ? extends T> decoder, Consumer<? super T> processor) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            this.processor = Objects.requireNonNull(processor, "processor");
        }

        /** Where decode and processing failures are logged; default this class's logger. */
        public Builder<T> logger(Logger log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** How a message is named in the log of its failure (no user data beyond ids); default {@code toString}. */
        public Builder<T> describedAs(Function<? super T, String> describe) {
            this.describe = Objects.requireNonNull(describe, "describe");
            return this;
        }

        /** Messages with equal keys run one after the other in batch order. */
        public Builder<T> orderedBy(Function<? super T, ?> orderKey) {
            this.orderKey = Objects.requireNonNull(orderKey, "orderKey");
            return this;
        }

        /**
         * @param parallelism messages (or keys) worked on at once; 1 runs the batch in the calling thread
         * @param threadName  prefix of the worker threads' names
         */
        public Builder<T> parallelism(int parallelism, String threadName) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            this.threadName = Objects.requireNonNull(threadName, "threadName");
            return this;
        }

        /**
         * What to do when a message fails on its last delivery ({@code ApproximateReceiveCount} has
         * reached the queue's {@code maxReceiveCount}), before it goes to the dead-letter queue.
         */
        public Builder<T> onLastDelivery(int maxReceiveCount, BiConsumer<? super T, RuntimeException> giveUp) {
            if (maxReceiveCount < 1) {
                throw new IllegalArgumentException("maxReceiveCount must be >= 1, got " + maxReceiveCount);
            }
            this.maxReceiveCount = maxReceiveCount;
            this.giveUp = Objects.requireNonNull(giveUp, "giveUp");
            return this;
        }

        public SqsBatch<T> build() {
            return new SqsBatch<>(this);
        }
    }

    private record Item<T>(String sqsMessageId, int receiveCount, T message) {
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        List<List<Item<T>>> groups = new ArrayList<>();
        Map<Object, List<Item<T>>> byKey = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            T message;
            try {
                message = decoder.apply(record.getBody());
            } catch (RuntimeException e) {
                log.error("SQS message {} is not a {} ({}); left for the dead-letter queue", record.getMessageId(), kind,
                        e.getClass().getSimpleName());
                failed.add(record.getMessageId());
                continue;
            }
            Item<T> item = new Item<>(record.getMessageId(), receiveCount(record), message);
            if (orderKey == null) {
                groups.add(List.of(item));
            } else {
                byKey.computeIfAbsent(orderKey.apply(message), k -> {
                    List<Item<T>> group = new ArrayList<>();
                    groups.add(group);
                    return group;
                }).add(item);
            }
        }

        if (executor == null || groups.size() <= 1) {
            groups.forEach(group -> processInOrder(group, failed));
        } else {
            List<Future<?>> running = new ArrayList<>();
            groups.forEach(group -> running.add(executor.submit(() -> processInOrder(group, failed))));
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

    private void processInOrder(List<Item<T>> items, Set<String> failed) {
        for (Item<T> item : items) {
            try {
                processor.accept(item.message());
            } catch (RuntimeException e) {
                failed.add(item.sqsMessageId());
                if (giveUp != null && item.receiveCount() >= maxReceiveCount) {
                    log.error("SQS message {} ({}) failed on its last delivery and goes to the dead-letter queue: {}",
                            item.sqsMessageId(), describe.apply(item.message()), e.toString());
                    giveUp.accept(item.message(), e);
                } else {
                    log.warn("SQS message {} ({}) failed and will be redelivered: {}", item.sqsMessageId(),
                            describe.apply(item.message()), e.toString());
                }
            }
        }
    }

    /** The record's {@code ApproximateReceiveCount}, 1 when absent or unreadable. */
    private static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
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

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
