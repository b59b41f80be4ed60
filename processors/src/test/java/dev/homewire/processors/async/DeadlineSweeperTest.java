package dev.homewire.processors.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.core.pending.DeadlineCheck;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.processors.testing.AsyncFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineSweeperTest {
    private static final String LOCK = "LockController/LockController.Lock.request.json";

    private final AsyncFixture f = new AsyncFixture(InteractionStyle.ASYNC_PUSH);

    @AfterEach
    void validate() {
        f.assertAllPublishedValidate();
    }

    @Test
    void everyAcceptedCommandIsWatchedUntilShortlyBeforeItsDeadline() {
        QueuedDirective queued = f.queued(LOCK, "ct-1"); // deadline in 20 s

        f.processor().process(queued);

        assertEquals(1, f.deadlineQueue.scheduled.size());
        var scheduled = f.deadlineQueue.scheduled.get(0);
        assertEquals(new DeadlineCheck(AsyncFixture.USER, AsyncFixture.ENDPOINT, "ct-1"), scheduled.check());
        assertEquals(Duration.between(f.clock.instant(), queued.deadline().minus(DeadlineSweeper.ANSWER_MARGIN)), scheduled.delay());
    }

    @Test
    void anOperationStillWaitingAtItsCheckIsAnsweredEndpointUnreachableBeforeTheDeadline() {
        QueuedDirective queued = f.queued(LOCK, "ct-1");
        f.processor().process(queued); // the vendor accepts and never pushes
        DeadlineCheck check = f.deadlineQueue.scheduled.get(0).check();
        f.clock.advance(f.deadlineQueue.scheduled.get(0).delay());

        f.deadlines.process(check);
        f.deadlines.process(check); // a duplicate delivery of the check answers nothing more

        assertEquals(1, f.outbound.published.size());
        var event = f.outbound.published.get(0).message().path("event");
        assertEquals("ErrorResponse", event.path("header").path("name").asText());
        assertEquals("ENDPOINT_UNREACHABLE", event.path("payload").path("type").asText());
        assertEquals(PendingOperation.NOT_CONFIRMED, event.path("payload").path("message").asText());
        assertTrue(f.pending.all().isEmpty());
        assertTrue(f.clock.instant().isBefore(queued.deadline()));
    }

    @Test
    void anEarlyCheckLooksAgainWhenDue() {
        f.processor().process(f.queued(LOCK, "ct-1"));
        DeadlineCheck check = f.deadlineQueue.scheduled.get(0).check();

        f.deadlines.process(check); // 18.5 s early

        assertTrue(f.outbound.published.isEmpty());
        assertEquals(2, f.deadlineQueue.scheduled.size());
        assertEquals(1, f.pending.all().size());
    }

    @Test
    void aCheckOfAnAnsweredOperationDoesNothing() {
        f.processor().process(f.queued(LOCK, "ct-1"));
        f.pending.all().forEach(f.pending::complete);

        f.deadlines.process(f.deadlineQueue.scheduled.get(0).check());

        assertTrue(f.outbound.published.isEmpty());
        assertEquals(1, f.deadlineQueue.scheduled.size());
    }
}
