package dev.homewire.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.queue.sqs.QueueMessages;
import dev.homewire.processors.testing.ProcessorFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectiveBatchHandlerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ProcessorFixture f = new ProcessorFixture();

    @AfterEach
    void everyPublishedMessageValidates() {
        f.assertAllPublishedValidate();
    }

    private static SQSEvent.SQSMessage record(String messageId, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setBody(body);
        return m;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(records));
        return e;
    }

    private static QueuedDirective directive(String userId, String endpointId, String messageId) {
        ObjectNode json = Json.object();
        json.putObject("directive").putObject("header").put("messageId", messageId);
        return new QueuedDirective(userId, endpointId, "fake", "d", json, NOW, NOW.plusSeconds(10));
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toList());
    }

    @Test
    void theRealProcessorAnswersAQueuedSample() {
        QueuedDirective queued = f.queued("PowerController/PowerController.TurnOn.request.json");

        SQSBatchResponse response = new DirectiveBatchHandler(f.processor()).handle(event(record("sqs-1", QueueMessages.toJson(queued))));

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals("Response", f.onlyPublished().message().path("event").path("header").path("name").asText());
    }

    @Test
    void poisonMessagesAndFailingRecordsAreReportedTheOthersNot() {
        List<String> processed = new CopyOnWriteArrayList<>();
        DirectiveProcessor processor = d -> {
            String id = d.directive().path("directive").path("header").path("messageId").asText();
            if (id.equals("boom")) {
                throw new IllegalStateException("DynamoDB unavailable");
            }
            processed.add(id);
        };

        SQSBatchResponse response = new DirectiveBatchHandler(processor).handle(event(
                record("sqs-1", QueueMessages.toJson(directive("u1", "e1", "ok-1"))),
                record("sqs-2", "{\"not\":\"a directive\"}"),
                record("sqs-3", QueueMessages.toJson(directive("u1", "e2", "boom"))),
                record("sqs-4", "not even json"),
                record("sqs-5", QueueMessages.toJson(directive("u2", "e1", "ok-2")))));

        assertEquals(List.of("sqs-2", "sqs-3", "sqs-4"), failedIds(response));
        assertEquals(List.of("ok-1", "ok-2"), processed.stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void oneEndpointsDirectivesRunInOrderWhileOtherEndpointsRunAlongside() throws Exception {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        CountDownLatch bothEndpointsStarted = new CountDownLatch(2);
        DirectiveProcessor processor = d -> {
            String id = d.directive().path("directive").path("header").path("messageId").asText();
            if (id.endsWith("-1")) {
                bothEndpointsStarted.countDown();
                try {
                    // only returns early if the other endpoint runs at the same time
                    assertTrue(bothEndpointsStarted.await(5, TimeUnit.SECONDS), "endpoints were not processed in parallel");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            seen.computeIfAbsent(d.endpointId(), k -> new CopyOnWriteArrayList<>()).add(id);
        };
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            records.add(record("a" + i, QueueMessages.toJson(directive("u1", "lamp", "lamp-" + i))));
            records.add(record("b" + i, QueueMessages.toJson(directive("u1", "plug", "plug-" + i))));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);

        SQSBatchResponse response = new DirectiveBatchHandler(processor, 4).handle(event);

        assertTrue(response.getBatchItemFailures().isEmpty(), () -> failedIds(response).toString());
        assertEquals(List.of("lamp-1", "lamp-2", "lamp-3", "lamp-4"), seen.get("lamp"));
        assertEquals(List.of("plug-1", "plug-2", "plug-3", "plug-4"), seen.get("plug"));
    }

    @Test
    void parallelismOneRunsInTheCallingThread() {
        Thread caller = Thread.currentThread();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        DirectiveProcessor processor = d -> threads.add(Thread.currentThread());

        new DirectiveBatchHandler(processor, 1).handle(event(
                record("sqs-1", QueueMessages.toJson(directive("u1", "e1", "m1"))),
                record("sqs-2", QueueMessages.toJson(directive("u1", "e2", "m2")))));

        assertEquals(List.of(caller, caller), threads);
    }

    @Test
    void anEmptyBatchReportsNothing() {
        assertTrue(new DirectiveBatchHandler(d -> { }).handle(new SQSEvent()).getBatchItemFailures().isEmpty());
    }
}
