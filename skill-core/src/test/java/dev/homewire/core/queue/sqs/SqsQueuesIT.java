package dev.homewire.core.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.localaws.LocalAws;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS queues and their codecs against ElasticMQ, with the queues created as in production. */
class SqsQueuesIT {
    private static LocalAws aws;
    private static SqsClient sqs;
    private static QueueDefinitions.Queues queues;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        HomewireConfig config = new HomewireConfig(Map.of("HOMEWIRE_SQS_ENDPOINT", aws.sqsEndpoint().toString()));
        sqs = AwsClients.sqs(config);
        queues = QueueDefinitions.createAll(sqs, "homewire-it");
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
    void queuesHaveProductionNamesAndAttributes() {
        assertTrue(queues.directiveQueueUrl().endsWith("/homewire-it-directives"), queues.directiveQueueUrl());
        assertTrue(queues.directiveDlqUrl().endsWith("/homewire-it-directives-dlq"), queues.directiveDlqUrl());
        assertTrue(queues.outboundQueueUrl().endsWith("/homewire-it-outbound"), queues.outboundQueueUrl());
        assertTrue(queues.outboundDlqUrl().endsWith("/homewire-it-outbound-dlq"), queues.outboundDlqUrl());

        assertRedrive(queues.directiveQueueUrl(), queues.directiveDlqUrl(), "30");
        assertRedrive(queues.outboundQueueUrl(), queues.outboundDlqUrl(),
                Integer.toString(QueueDefinitions.OUTBOUND_VISIBILITY_TIMEOUT_SECONDS));
        assertTrue(queues.syncQueueUrl().endsWith("/homewire-it-sync"), queues.syncQueueUrl());
        assertRedrive(queues.syncQueueUrl(), queues.syncDlqUrl(), "60");
        // ElasticMQ accepts but ignores MessageRetentionPeriod (it lists it as unsupported); AWS reports it
        String retention = attributes(queues.directiveDlqUrl()).get(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        if (retention != null) {
            assertEquals(Integer.toString(QueueDefinitions.DLQ_RETENTION_SECONDS), retention);
        }

        assertEquals(queues, QueueDefinitions.createAll(sqs, "homewire-it"), "creating again answers the same queues");
    }

    private static void assertRedrive(String queueUrl, String dlqUrl, String visibilityTimeout) {
        Map<QueueAttributeName, String> attributes = attributes(queueUrl);
        assertEquals(visibilityTimeout, attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        JsonNode redrive = Json.read(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertEquals(attributes(dlqUrl).get(QueueAttributeName.QUEUE_ARN), redrive.get("deadLetterTargetArn").asText());
        assertEquals(5, redrive.get("maxReceiveCount").asInt());
    }

    private static Map<QueueAttributeName, String> attributes(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    @Test
    void directiveRoundTripThroughTheQueue() {
        QueuedDirective directive = QueueMessagesTest.directive();
        new SqsDirectiveQueue(sqs, queues.directiveQueueUrl()).enqueue(directive);
        Message message = receiveOne(queues.directiveQueueUrl());
        assertEquals(directive, QueueMessages.directiveFromJson(message.body()));
        sqs.deleteMessage(b -> b.queueUrl(queues.directiveQueueUrl()).receiptHandle(message.receiptHandle()));
    }

    @Test
    void outboundEventRoundTripThroughTheQueue() {
        OutboundEvent event = QueueMessagesTest.event();
        SqsOutboundQueue queue = new SqsOutboundQueue(sqs, queues.outboundQueueUrl());
        queue.publish(event);
        queue.publish(new OutboundEvent("user-2", event.message()));
        List<Message> received = new java.util.ArrayList<>();
        while (received.size() < 2) {
            received.addAll(sqs.receiveMessage(b -> b.queueUrl(queues.outboundQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(2))
                    .messages());
        }
        assertEquals(java.util.Set.of("user-1", "user-2"), received.stream()
                .map(m -> QueueMessages.eventFromJson(m.body()).userId()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(event.message(), QueueMessages.eventFromJson(received.get(0).body()).message());
        received.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queues.outboundQueueUrl()).receiptHandle(m.receiptHandle())));
    }

    @Test
    void messageMovesToDeadLetterQueueAfterFiveReceives() {
        String prefix = "dlq-it-" + UUID.randomUUID().toString().substring(0, 8);
        QueueDefinitions.Queues own = QueueDefinitions.createAll(sqs, prefix);
        new SqsDirectiveQueue(sqs, own.directiveQueueUrl()).enqueue(QueueMessagesTest.directive());
        for (int receive = 1; receive <= QueueDefinitions.MAX_RECEIVE_COUNT; receive++) {
            Message message = receiveOne(own.directiveQueueUrl());
            assertEquals(Integer.toString(receive), message.attributes().get(
                    software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
            // a failed processor: make it visible again at once instead of waiting 30 s
            sqs.changeMessageVisibility(b -> b.queueUrl(own.directiveQueueUrl()).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
        }
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(own.directiveQueueUrl()).waitTimeSeconds(1)).messages().isEmpty());
        Message dead = receiveOne(own.directiveDlqUrl());
        assertEquals(QueueMessagesTest.directive(), QueueMessages.directiveFromJson(dead.body()));
        assertNotEquals(own.directiveQueueUrl(), own.directiveDlqUrl());
    }

    @Test
    void badPrefixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QueueDefinitions.createAll(sqs, "has space"));
        assertThrows(IllegalArgumentException.class, () -> QueueDefinitions.createAll(sqs, "x".repeat(66)));
    }

    private static Message receiveOne(String queueUrl) {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(2)
                    .messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .messages();
            if (!messages.isEmpty()) {
                assertEquals(1, messages.size());
                return messages.get(0);
            }
        }
        throw new AssertionError("no message on " + queueUrl);
    }
}
