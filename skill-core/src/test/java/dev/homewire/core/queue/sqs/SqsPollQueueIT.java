package dev.homewire.core.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.localaws.LocalAws;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The poll queue against ElasticMQ, created as in production: names, redrive and the delay. */
class SqsPollQueueIT {
    private static LocalAws aws;
    private static SqsClient sqs;
    private static QueueDefinitions.Queues queues;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        sqs = AwsClients.sqs(new HomewireConfig(Map.of("HOMEWIRE_SQS_ENDPOINT", aws.sqsEndpoint().toString())));
        queues = QueueDefinitions.createAll(sqs, "homewire-poll-it");
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void pollQueueHasItsDeadLetterQueue() {
        assertTrue(queues.pollQueueUrl().endsWith("/homewire-poll-it-polls"), queues.pollQueueUrl());
        assertTrue(queues.pollDlqUrl().endsWith("/homewire-poll-it-polls-dlq"), queues.pollDlqUrl());
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queues.pollQueueUrl())
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertEquals(Integer.toString(QueueDefinitions.POLL_VISIBILITY_TIMEOUT_SECONDS), attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        JsonNode redrive = Json.read(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(queues.pollDlqUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        assertEquals(dlqArn, redrive.get("deadLetterTargetArn").asText());
        assertEquals(QueueDefinitions.MAX_RECEIVE_COUNT, redrive.get("maxReceiveCount").asInt());
        assertEquals(queues, QueueDefinitions.createAll(sqs, "homewire-poll-it"), "creating again answers the same queues");
    }

    @Test
    void aDelayedPollArrivesNotBeforeItsDelay() {
        PollRequest request = new PollRequest("user-1", "thermia#th-1", "ct-1", 1);
        long sent = System.nanoTime();
        new SqsPollQueue(sqs, queues.pollQueueUrl()).schedule(request, Duration.ofMillis(1200)); // rounded up to 2 s

        List<Message> early = sqs.receiveMessage(b -> b.queueUrl(queues.pollQueueUrl()).waitTimeSeconds(1)).messages();
        assertTrue(early.isEmpty(), "the poll must not be visible before its delay");
        Message message = null;
        while (message == null && System.nanoTime() - sent < Duration.ofSeconds(8).toNanos()) {
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queues.pollQueueUrl()).waitTimeSeconds(1)).messages();
            message = received.isEmpty() ? null : received.get(0);
        }
        long elapsedMillis = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(message != null, "the poll arrives");
        assertTrue(elapsedMillis >= 1900, "arrived after " + elapsedMillis + " ms");
        assertEquals(request, QueueMessages.pollRequestFromJson(message.body()));
        String receipt = message.receiptHandle();
        sqs.deleteMessage(b -> b.queueUrl(queues.pollQueueUrl()).receiptHandle(receipt));
    }

    @Test
    void anUndelayedPollArrivesAtOnce() {
        PollRequest request = new PollRequest("user-2", "thermia#th-2", "ct-2", 4);
        new SqsPollQueue(sqs, queues.pollQueueUrl()).schedule(request, Duration.ZERO);
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queues.pollQueueUrl()).waitTimeSeconds(1)).messages();
        assertEquals(1, received.size());
        assertEquals(request, QueueMessages.pollRequestFromJson(received.get(0).body()));
        sqs.deleteMessage(b -> b.queueUrl(queues.pollQueueUrl()).receiptHandle(received.get(0).receiptHandle()));
    }
}
