package dev.homewire.processors.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.schedule.SyncMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyncBatchHandlerTest {

    static SQSEvent.SQSMessage record(String messageId, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setBody(body);
        return m;
    }

    static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(records));
        return e;
    }

    static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .sorted().collect(Collectors.toList());
    }

    @Test
    void eachUserIsSyncedOncePerBatchAndBadMessagesAndFailuresAreReported() {
        List<String> synced = new CopyOnWriteArrayList<>();
        SyncBatchHandler handler = new SyncBatchHandler(user -> {
            synced.add(user);
            if (user.equals("carol")) {
                throw new IllegalStateException("DynamoDB unavailable");
            }
        });

        SQSBatchResponse response = handler.handle(event(
                record("m1", SyncMessage.toJson("alice")),
                record("m2", "{\"type\":\"homewire.directive\",\"version\":1}"),
                record("m3", SyncMessage.toJson("bob")),
                record("m4", SyncMessage.toJson("alice")),
                record("m5", SyncMessage.toJson("carol")),
                record("m6", "not json")));

        assertEquals(List.of("alice", "bob", "carol"), synced);
        assertEquals(List.of("m2", "m5", "m6"), failedIds(response));
    }

    @Test
    void anEmptyBatchReportsNothing() {
        assertTrue(new SyncBatchHandler(u -> { }).handle(new SQSEvent()).getBatchItemFailures().isEmpty());
    }
}
