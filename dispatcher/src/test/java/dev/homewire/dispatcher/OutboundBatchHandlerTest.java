package dev.homewire.dispatcher;

import static dev.homewire.dispatcher.testing.DispatcherFixture.USER;
import static dev.homewire.dispatcher.testing.DispatcherFixture.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.queue.sqs.QueueMessages;
import dev.homewire.dispatcher.testing.DispatcherFixture;
import dev.homewire.dispatcher.testing.FakeGateway;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundBatchHandlerTest {
    private final DispatcherFixture f;
    private final OutboundBatchHandler handler;

    OutboundBatchHandlerTest() throws IOException {
        f = new DispatcherFixture();
        handler = new OutboundBatchHandler(f.dispatcher);
    }

    @AfterEach
    void close() throws IOException {
        f.close();
    }

    private static SQSEvent.SQSMessage record(String messageId, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setBody(body);
        return m;
    }

    @Test
    void failedAndPoisonRecordsAreReportedDeliveredAndDroppedOnesNot() {
        f.grant(AlexaRegion.NA);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
                record("sqs-1", QueueMessages.toJson(response(USER))),        // 202
                record("sqs-2", QueueMessages.toJson(response(USER))),        // 500
                record("sqs-3", "{\"type\":\"homewire.directive\"}"),        // poison
                record("sqs-4", QueueMessages.toJson(response("no-grant"))),  // dropped
                record("sqs-5", QueueMessages.toJson(response(USER)))));      // 202
        f.gateway.acceptNext();
        f.gateway.failNext(500, "INTERNAL_SERVICE_EXCEPTION");

        SQSBatchResponse result = handler.handle(event);

        assertEquals(List.of("sqs-2", "sqs-3"), result.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toList()));
        assertEquals(3, f.gateway.requests.size());
        f.gateway.requests.stream().map(FakeGateway.Request::body).forEach(AlexaSchema::assertValid);
    }

    @Test
    void anEmptyBatchReportsNothing() {
        assertTrue(handler.handle(new SQSEvent()).getBatchItemFailures().isEmpty());
    }
}
