package dev.homewire.devstack;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.homewire.core.faults.CrashPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Does locally what Lambda's SQS event source mapping does in AWS: long-polls a queue, hands
 * batches to the same handler class as {@link SQSEvent}, deletes the records that succeeded and
 * leaves the reported batch item failures (or the whole batch, if the handler throws) to
 * reappear after the visibility timeout, until the queue's redrive policy dead-letters them.
 * Several receive loops run at once, as Lambda runs several invocations of a function on one queue
 * (one slow batch does not hold up the queue behind it).
 */
final class SqsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);

    private final String name;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final Function<SQSEvent, SQSBatchResponse> handler;
    private final int batchSize;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean paused;
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();

    /** @param concurrency receive loops (concurrent "invocations") */
    SqsPoller(String name, SqsClient sqs, String queueUrl, String queueArn, int batchSize, int concurrency,
              Function<SQSEvent, SQSBatchResponse> handler) {
        this.name = name;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = batchSize;
        this.handler = handler;
        for (int i = 1; i <= concurrency; i++) {
            Thread thread = new Thread(this::run, "sqs-poller-" + name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void run() {
        while (running) {
            if (paused) {
                sleep(100);
                continue;
            }
            try {
                ReceiveMessageResponse received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL));
                if (received.messages().isEmpty()) {
                    continue;
                }
                deliver(received.messages());
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("{} poller: {}", name, e.toString());
                    sleep(500);
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            records.add(record);
        }
        event.setRecords(records);
        delivered.addAndGet(records.size());
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.apply(event);
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            // As with Lambda: a handler that throws fails the whole batch.
            LOG.error("{} handler failed the whole batch", name, e);
            messages.forEach(m -> failed.add(m.messageId()));
        } catch (CrashPoints.SimulatedCrash crash) {
            // As with a Lambda that dies: nothing is acknowledged, the whole batch comes back
            // after the visibility timeout.
            LOG.warn("{}: {}; the batch of {} is redelivered after the visibility timeout", name, crash.getMessage(),
                    messages.size());
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .collect(Collectors.toList());
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
        }
        if (!failed.isEmpty()) {
            LOG.info("{}: {} of {} records failed and will be redelivered", name, failed.size(), messages.size());
        }
    }

    /** Stops (or resumes) receiving, as if the queue's event source mapping were disabled; for tests. */
    void pause(boolean pause) {
        this.paused = pause;
    }

    /** Records handed to the handler so far, redeliveries included. */
    long delivered() {
        return delivered.get();
    }

    String name() {
        return name;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
