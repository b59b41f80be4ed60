package dev.homewire.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The shared batch loop with plain strings as messages: "key:value", "!" fails decoding. */
class SqsBatchTest {

    private static SQSEvent event(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("m" + (i + 1));
            record.setBody(bodies[i]);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static String decode(String body) {
        if (body.equals("!")) {
            throw new IllegalArgumentException("unreadable " + body);
        }
        return body;
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void reportsUndecodableAndFailedRecordsInBatchOrder() {
        List<String> processed = new CopyOnWriteArrayList<>();
        SqsBatch<String> batch = SqsBatch.<String>builder("test message", SqsBatchTest::decode, message -> {
            if (message.endsWith("boom")) {
                throw new IllegalStateException("down");
            }
            processed.add(message);
        }).parallelism(3, "test-batch").build();

        SQSBatchResponse response = batch.handle(event("a:1", "b:boom", "!", "c:2"));

        assertEquals(List.of("m2", "m3"), failedIds(response));
        assertEquals(List.of("a:1", "c:2"), processed.stream().sorted().toList());
        assertTrue(batch.handle(new SQSEvent()).getBatchItemFailures().isEmpty());
    }

    @Test
    void messagesOfOneKeyRunInBatchOrderEvenSideBySide() {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        SqsBatch<String> batch = SqsBatch.<String>builder("test message", SqsBatchTest::decode, message -> {
            String key = message.split(":")[0];
            seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(message);
            if (message.endsWith(":boom")) {
                throw new IllegalStateException("down");
            }
        }).orderedBy(message -> message.split(":")[0]).parallelism(4, "test-batch").build();

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bodies.add((i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "z") + ":" + i);
        }
        bodies.set(4, "y:boom");
        SQSBatchResponse response = batch.handle(event(bodies.toArray(String[]::new)));

        assertEquals(List.of("m5"), failedIds(response), "a failure fails only its record; the key's later ones still run");
        for (String key : List.of("x", "y", "z")) {
            assertEquals(bodies.stream().filter(b -> b.startsWith(key + ":")).toList(), seen.get(key));
        }
    }

    @Test
    void anErrorFailsTheInvocation() {
        SqsBatch<String> inLine = SqsBatch.<String>builder("test message", SqsBatchTest::decode, message -> {
            throw new AssertionError("bug");
        }).build();
        assertThrows(AssertionError.class, () -> inLine.handle(event("a:1")));

        SqsBatch<String> parallel = SqsBatch.<String>builder("test message", SqsBatchTest::decode, message -> {
            if (message.equals("b:2")) {
                throw new OutOfMemoryError("simulated");
            }
        }).parallelism(2, "test-batch").build();
        assertThrows(OutOfMemoryError.class, () -> parallel.handle(event("a:1", "b:2")));
    }

    @Test
    void parallelismMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SqsBatch.<String>builder("test message", SqsBatchTest::decode, m -> { }).parallelism(0, "t"));
        assertEquals("parallelism must be >= 1, got 0", e.getMessage());
    }
}
