package dev.homewire.dispatcher;

import static dev.homewire.dispatcher.testing.DispatcherFixture.USER;
import static dev.homewire.dispatcher.testing.DispatcherFixture.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.sqs.QueueMessages;
import dev.homewire.dispatcher.testing.DispatcherFixture;
import dev.homewire.dispatcher.testing.FakeGateway;
import dev.homewire.dispatcher.testing.FakeOutboundRecords;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundBatchHandlerTest {
    private final DispatcherFixture f;
    private final FakeOutboundRecords records = new FakeOutboundRecords();
    private final OutboundBatchHandler handler;

    OutboundBatchHandlerTest() throws IOException {
        f = new DispatcherFixture();
        handler = new OutboundBatchHandler(f.dispatcher, records);
    }

    @AfterEach
    void close() throws IOException {
        f.close();
    }

    private static SQSEvent.SQSMessage record(String messageId, String body, int receiveCount) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setReceiptHandle("receipt-" + messageId);
        m.setBody(body);
        m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        return m;
    }

    private static SQSEvent batch(SQSEvent.SQSMessage... records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(records));
        return event;
    }

    @Test
    void eachOutcomeDoesItsThingWithTheRecord() {
        f.grant(AlexaRegion.NA);
        OutboundEvent report = new OutboundEvent(USER, AlexaMessages.deleteReport(List.of("fake#a", "fake#b")).toJson());
        SQSEvent event = batch(
                record("sqs-1", QueueMessages.toJson(response(USER)), 1),        // 202
                record("sqs-2", QueueMessages.toJson(response(USER)), 2),        // 503: retried later
                record("sqs-3", "{\"type\":\"homewire.directive\"}", 1),         // poison: dead-lettered at once
                record("sqs-4", QueueMessages.toJson(response("no-grant")), 1),  // dropped
                record("sqs-5", QueueMessages.toJson(response(USER)), 1),        // 400: dead-lettered
                record("sqs-6", QueueMessages.toJson(report), 1),                // 413: split
                record("sqs-7", QueueMessages.toJson(response(USER)), 4));       // 503 on the last attempt: dead-lettered
        f.gateway.acceptNext();
        f.gateway.failNext(503, "SERVICE_UNAVAILABLE_EXCEPTION");
        f.gateway.failNext(400, "INVALID_REQUEST_EXCEPTION");
        f.gateway.failNext(413, "REQUEST_ENTITY_TOO_LARGE_EXCEPTION");
        f.gateway.failNext(503, "SERVICE_UNAVAILABLE_EXCEPTION");

        SQSBatchResponse result = handler.handle(event);

        assertEquals(List.of("sqs-2"), result.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toList()));
        assertEquals(1, records.visibilityChanges.size());
        assertEquals("receipt-sqs-2", records.visibilityChanges.get(0).receiptHandle());
        assertTrue(records.visibilityChanges.get(0).delay().toSeconds() >= 1);
        assertEquals(3, records.deadLetters.size());
        assertTrue(records.deadLetters.get(0).reason().contains("not an outbound event"), records.deadLetters.get(0).reason());
        assertTrue(records.deadLetters.get(1).reason().contains("400 INVALID_REQUEST_EXCEPTION"));
        assertTrue(records.deadLetters.get(2).reason().contains("after 4 attempt(s)"));
        assertEquals(4, records.deadLetters.get(2).attempts());
        assertEquals(2, records.published.size(), "the 413'd report's halves are queued");
        assertEquals(5, f.gateway.requests.size());
        f.gateway.requests.stream().map(r -> dev.homewire.alexa.Json.read(r.body())).forEach(AlexaSchema::assertValidEvent);
        System.out.printf("batch of 7: %d posted, %d retried later (visibility %s s), %d dead-lettered, %d split parts queued%n",
                f.gateway.requests.size(), records.visibilityChanges.size(), records.visibilityChanges.get(0).delay().toSeconds(),
                records.deadLetters.size(), records.published.size());
    }

    @Test
    void aDeadLetterQueueThatCannotBeReachedLeavesTheRecordToSqs() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(400, "INVALID_REQUEST_EXCEPTION");
        OutboundBatchHandler failing = new OutboundBatchHandler(f.dispatcher, new FakeOutboundRecords() {
            @Override
            public void deadLetter(String body, String reason, int attempts) {
                throw new IllegalStateException("SQS down");
            }
        });

        SQSBatchResponse result = failing.handle(batch(record("sqs-1", QueueMessages.toJson(response(USER)), 1)));

        assertEquals(1, result.getBatchItemFailures().size());
    }

    @Test
    void anEmptyBatchReportsNothing() {
        assertTrue(handler.handle(new SQSEvent()).getBatchItemFailures().isEmpty());
    }
}
