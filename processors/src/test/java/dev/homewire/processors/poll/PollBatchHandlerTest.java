package dev.homewire.processors.poll;

import static dev.homewire.processors.poll.SyncBatchHandlerTest.event;
import static dev.homewire.processors.poll.SyncBatchHandlerTest.failedIds;
import static dev.homewire.processors.poll.SyncBatchHandlerTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.sqs.QueueMessages;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PollBatchHandlerTest {

    private static String poll(String endpointId, int attempt) {
        return QueueMessages.toJson(new PollRequest("user-1", endpointId, "corr-" + endpointId, attempt));
    }

    @Test
    void decodesEachPollRequestAndReportsPoisonMessagesAndFailures() {
        List<PollRequest> processed = new CopyOnWriteArrayList<>();
        PollBatchHandler handler = new PollBatchHandler(request -> {
            if (request.endpointId().equals("boom")) {
                throw new IllegalStateException("pending operations table unavailable");
            }
            processed.add(request);
        }, 4);

        SQSBatchResponse response = handler.handle(event(
                record("m1", poll("lamp", 1)),
                record("m2", "{\"type\":\"homewire.poll-request\",\"version\":1,\"userId\":\"u\"}"),
                record("m3", poll("boom", 2)),
                record("m4", "not json"),
                record("m5", poll("lock", 3))));

        assertEquals(List.of("m2", "m3", "m4"), failedIds(response));
        assertEquals(List.of("lamp#1", "lock#3"), processed.stream().map(r -> r.endpointId() + "#" + r.attempt()).sorted()
                .collect(Collectors.toList()));
        assertEquals("corr-lamp", processed.stream().filter(r -> r.endpointId().equals("lamp")).findFirst().orElseThrow()
                .correlationToken());
    }

    @Test
    void pollsOfABatchRunSideBySide() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        PollBatchHandler handler = new PollBatchHandler(request -> {
            both.countDown();
            try {
                assertTrue(both.await(5, TimeUnit.SECONDS), "the polls did not run in parallel");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, 4);

        SQSBatchResponse response = handler.handle(event(record("m1", poll("a", 1)), record("m2", poll("b", 1))));

        assertTrue(response.getBatchItemFailures().isEmpty());
    }

    @Test
    void anEmptyBatchReportsNothing() {
        assertTrue(new PollBatchHandler(r -> { }, 1).handle(new SQSEvent()).getBatchItemFailures().isEmpty());
    }
}
