package dev.homewire.processors;

import static dev.homewire.processors.testing.ProcessorFixture.property;
import static dev.homewire.processors.testing.ProcessorFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.core.faults.CrashPoints;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.processors.sync.SyncDirectiveProcessor;
import dev.homewire.processors.testing.AsyncFixture;
import dev.homewire.processors.testing.ProcessorFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The claim rules of {@link DirectiveExecution}: crashes, concurrent deliveries, stale directives, giving up. */
class DirectiveClaimsProcessingTest {
    private static final String TURN_ON = "PowerController/PowerController.TurnOn.request.json";
    private static final String ADJUST_BRIGHTNESS = "BrightnessController/BrightnessController.AdjustBrightness.request.json";
    private static final String LOCK = "LockController/LockController.Lock.request.json";

    private final ProcessorFixture f = new ProcessorFixture();
    private final SyncDirectiveProcessor processor = f.processor();

    @AfterEach
    void disarmAndValidate() {
        CrashPoints.disarmAll();
        f.assertAllPublishedValidate();
    }

    private static JsonNode payload(OutboundEvent e) {
        return e.message().path("event").path("payload");
    }

    private static String name(OutboundEvent e) {
        return e.message().path("event").path("header").path("name").asText();
    }

    @Test
    void aCrashAfterARelativeCommandIsAnsweredFromTheReadBackStateWithoutApplyingItTwice() {
        QueuedDirective queued = f.queued(ADJUST_BRIGHTNESS); // brightness 40, delta -25 in the sample
        CrashPoints.arm(CrashPoints.AFTER_VENDOR_CALL, 1);

        assertThrows(CrashPoints.SimulatedCrash.class, () -> processor.process(queued));
        assertTrue(f.published().isEmpty());
        f.clock.advance(DirectiveExecution.CLAIM_LEASE.plusSeconds(1)); // the redelivery after the visibility timeout

        processor.process(queued);

        System.out.println("crash after AdjustBrightness: vendor commands " + f.adapter.executed.size()
                + ", answers " + f.published().size());
        assertEquals(List.of(new DeviceCommand.SetBrightness(15)), f.adapter.executed, "the relative change applied once");
        OutboundEvent answer = f.onlyPublished();
        assertEquals("Response", name(answer));
        assertEquals(15, property(answer.message(), "Alexa.BrightnessController", "brightness").asInt());
    }

    @Test
    void aCrashAfterTheAnswerWasRecordedSendsTheSameAnswerAgain() {
        QueuedDirective queued = f.queued(TURN_ON);
        CrashPoints.arm(CrashPoints.PROCESSOR_BEFORE_ACK, 1);
        assertThrows(CrashPoints.SimulatedCrash.class, () -> processor.process(queued));

        processor.process(queued);

        assertEquals(1, f.adapter.executed.size());
        assertEquals(2, f.published().size());
        assertEquals(f.published().get(0).message().toString(), f.published().get(1).message().toString());
    }

    @Test
    void aDeliveryWhileAnotherHoldsTheClaimBacksOff() {
        QueuedDirective queued = f.queued(TURN_ON);
        f.claims.claim(dev.homewire.core.store.DirectiveClaims.keyOf(
                queued.directive().path("directive").path("header").path("messageId").asText(),
                queued.directive().path("directive").path("header").path("correlationToken").asText()), Duration.ofSeconds(20));

        assertThrows(DirectiveExecution.DirectiveHeldException.class, () -> processor.process(queued));

        assertTrue(f.adapter.executed.isEmpty());
        assertTrue(f.published().isEmpty());
    }

    @Test
    void aDirectiveWhoseDeadlineLeavesNoTimeToActIsRefusedWithoutCallingTheVendor() {
        QueuedDirective queued = f.queued(sample(TURN_ON), Duration.ofSeconds(10));
        f.clock.advance(Duration.ofSeconds(30)); // a backlog: the deadline passed 20 s ago

        processor.process(queued);

        assertTrue(f.adapter.executed.isEmpty(), "an old directive never reaches the vendor");
        OutboundEvent answer = f.onlyPublished();
        assertEquals("ErrorResponse", name(answer));
        assertEquals("INTERNAL_ERROR", payload(answer).path("type").asText());
        assertEquals(DirectiveExecution.TOO_LATE, payload(answer).path("message").asText());
    }

    @Test
    void aDirectiveLongPastItsDeadlineIsDroppedUnanswered() {
        QueuedDirective queued = f.queued(sample(TURN_ON), Duration.ofSeconds(10));
        f.clock.advance(Duration.ofHours(3)); // a dead-letter redrive hours later

        processor.process(queued);

        assertTrue(f.adapter.executed.isEmpty());
        assertTrue(f.published().isEmpty(), "Alexa stopped waiting long ago");
        assertTrue(f.claims.completed(queued), "and a second redrive finds it handled");
    }

    @Test
    void aDirectiveThatFailsOnItsLastDeliveryIsAnsweredInternalError() {
        QueuedDirective queued = f.queued(TURN_ON);

        processor.giveUp(queued, new IllegalStateException("store down"));
        processor.process(queued); // a redrive afterwards sends the same answer, nothing new

        assertTrue(f.adapter.executed.isEmpty());
        assertEquals(2, f.published().size());
        assertEquals("INTERNAL_ERROR", payload(f.published().get(0)).path("type").asText());
        assertEquals(f.published().get(0).message().toString(), f.published().get(1).message().toString());
    }

    @Test
    void aDeliveryThatFailsUnexpectedlyOnItsLastTryIsStillAnsweredInternalError() {
        QueuedDirective queued = f.queued(TURN_ON);
        SyncDirectiveProcessor broken = f.processor(dev.homewire.processors.testing.Unavailable.deviceStateStore());

        assertThrows(IllegalStateException.class, () -> broken.process(queued)); // the store is down
        broken.giveUp(queued, new IllegalStateException("store down")); // SqsBatch: it was the last delivery

        OutboundEvent answer = f.onlyPublished();
        assertEquals("ErrorResponse", name(answer));
        assertEquals("INTERNAL_ERROR", payload(answer).path("type").asText());
        assertTrue(f.claims.completed(queued), "a redrive afterwards finds it answered");
    }

    @Test
    void aMessageIdReusedWithANewCorrelationTokenIsAnsweredToo() {
        ObjectNode second = sample(TURN_ON);
        ((ObjectNode) second.path("directive").path("header")).put("correlationToken", "another-token");

        processor.process(f.queued(TURN_ON));
        processor.process(f.queued(second, Duration.ofSeconds(10)));

        assertEquals(2, f.published().size());
        assertEquals("another-token", f.published().get(1).message().path("event").path("header").path("correlationToken").asText());
    }

    @Test
    void anAsyncCrashBeforeThePendingOperationWasSavedAwaitsTheOutcomeWithoutSendingTheCommandAgain() {
        AsyncFixture a = new AsyncFixture(InteractionStyle.ASYNC_PUSH);
        QueuedDirective queued = a.queued(LOCK, "ct-1");
        CrashPoints.arm(CrashPoints.AFTER_VENDOR_CALL, 1);
        assertThrows(CrashPoints.SimulatedCrash.class, () -> a.processor().process(queued));
        a.claims.crashBeforeCompletion();

        a.processor().process(queued);

        assertEquals(List.of(new DeviceCommand.SetLockState(LockState.LOCKED)), a.cloud.executed);
        var op = a.pending.find(AsyncFixture.USER, AsyncFixture.ENDPOINT, "ct-1").orElseThrow();
        assertEquals(null, op.operationRef(), "the vendor's reference was lost with the crash");
        assertTrue(a.outbound.published.isEmpty(), "the push answers");
        assertEquals(AsyncFixture.DEVICE_ID, op.deviceId());
    }
}
