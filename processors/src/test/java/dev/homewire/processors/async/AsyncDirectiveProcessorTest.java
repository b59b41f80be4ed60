package dev.homewire.processors.async;

import static dev.homewire.processors.testing.AsyncFixture.ACCOUNT;
import static dev.homewire.processors.testing.AsyncFixture.DEVICE_ID;
import static dev.homewire.processors.testing.AsyncFixture.ENDPOINT;
import static dev.homewire.processors.testing.AsyncFixture.LOCK_SAMPLE;
import static dev.homewire.processors.testing.AsyncFixture.UNLOCK_SAMPLE;
import static dev.homewire.processors.testing.AsyncFixture.USER;
import static dev.homewire.processors.testing.AsyncFixture.header;
import static dev.homewire.processors.testing.AsyncFixture.lock;
import static dev.homewire.processors.testing.AsyncFixture.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.testing.RecordingPollQueue;
import dev.homewire.processors.push.WebhookResponse;
import dev.homewire.processors.testing.AsyncFixture;
import dev.homewire.processors.testing.FakeLockCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncDirectiveProcessorTest {
    private final AsyncFixture f = new AsyncFixture(InteractionStyle.ASYNC_PUSH);

    @AfterEach
    void everyPublishedMessageValidates() {
        f.assertAllPublishedValidate();
    }

    private static void assertErrorResponse(OutboundEvent e, String type) {
        assertEquals("ErrorResponse", header(e).path("name").asText(), () -> e.message().toString());
        assertEquals(type, e.message().at("/event/payload/type").asText(), () -> e.message().toString());
        assertEquals(ENDPOINT, e.message().at("/event/endpoint/endpointId").asText());
    }

    private OutboundEvent onlyPublished() {
        assertEquals(1, f.outbound.published.size(), () -> "published " + f.outbound.published);
        return f.outbound.published.get(0);
    }

    @Test
    void anAcceptedCommandBecomesAPendingOperationDueAtThePromisedDeadline() {
        QueuedDirective queued = f.queued(LOCK_SAMPLE, "ct-1");
        Instant sent = f.clock.instant();

        f.processor().process(queued);

        assertTrue(f.outbound.published.isEmpty(), "Alexa hears back when the vendor reports");
        assertEquals(List.of(new DeviceCommand.SetLockState(LockState.LOCKED)), f.cloud.executed);
        PendingOperation op = f.pending.find(USER, ENDPOINT, "ct-1").orElseThrow();
        assertEquals(new PendingOperation(USER, ENDPOINT, "ct-1", FakeLockCloud.ID, DEVICE_ID, "op-1",
                new DeviceCommand.SetLockState(LockState.LOCKED), "Alexa.LockController", "Lock", sent, queued.deadline()), op);
        assertTrue(f.polls.scheduled.isEmpty(), "a push vendor reports by itself");
        assertTrue(f.claims.completed("msg-ct-1", "ct-1"));
    }

    @Test
    void aPollOnlyVendorGetsItsFirstPollAboutASecondLater() {
        AsyncFixture poll = new AsyncFixture(InteractionStyle.ASYNC_POLL);

        poll.processor().process(poll.queued(UNLOCK_SAMPLE, "ct-1"));

        assertEquals(List.of(new RecordingPollQueue.Scheduled(new PollRequest(USER, ENDPOINT, "ct-1", 1), Duration.ofSeconds(1))),
                poll.polls.scheduled);
        assertEquals(new DeviceCommand.SetLockState(LockState.UNLOCKED), poll.pending.find(USER, ENDPOINT, "ct-1").orElseThrow().command());
        assertTrue(poll.outbound.published.isEmpty());
    }

    @Test
    void aDuplicateDeliveryDrivesTheLockOnce() {
        QueuedDirective queued = f.queued(LOCK_SAMPLE, "ct-1");
        f.processor().process(queued);
        f.processor().process(queued);
        // a crash after the save but before the outcome was recorded: the pending operation tells
        f.claims.crashBeforeCompletion();
        f.processor().process(queued);

        assertEquals(1, f.cloud.executed.size());
        assertEquals(1, f.pending.all().size());
        assertTrue(f.outbound.published.isEmpty());
    }

    @Test
    void aRedeliveryForAPollOnlyVendorQueuesThePollAgain() {
        AsyncFixture poll = new AsyncFixture(InteractionStyle.ASYNC_POLL);
        QueuedDirective queued = poll.queued(LOCK_SAMPLE, "ct-1");
        poll.processor().process(queued);
        poll.claims.crashBeforeCompletion();

        poll.processor().process(queued);

        assertEquals(1, poll.cloud.executed.size());
        assertEquals(2, poll.polls.scheduled.size(), "the first poll may have been lost with the crash");
    }

    @Test
    void aCompletedAnswerIsAnsweredAtOnce() {
        f.cloud.answerCompleted = true;

        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));

        OutboundEvent answer = onlyPublished();
        assertEquals("Response", header(answer).path("name").asText());
        assertEquals("ct-1", header(answer).path("correlationToken").asText());
        assertEquals("LOCKED", property(answer.message(), "Alexa.LockController", "lockState").asText());
        assertTrue(f.pending.all().isEmpty());
        assertEquals(LockState.LOCKED, f.states.get(USER, ENDPOINT).orElseThrow().lockState());
    }

    @Test
    void aVendorFailureIsAnErrorResponseAndNothingWaits() {
        f.cloud.failNext(() -> new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "lock offline"));

        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));

        assertErrorResponse(onlyPublished(), "ENDPOINT_UNREACHABLE");
        assertEquals("ct-1", header(onlyPublished()).path("correlationToken").asText());
        assertTrue(f.pending.all().isEmpty());
        assertTrue(f.claims.completed("msg-ct-1", "ct-1"));
    }

    @Test
    void transientFailuresAreRetriedBeforeTheVendorAccepts() {
        f.cloud.failNext(() -> new AdapterException(AdapterException.Reason.RATE_LIMITED, "HTTP 429"));

        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));

        assertEquals(2, f.cloud.executed.size());
        assertTrue(f.outbound.published.isEmpty());
        assertEquals("op-1", f.pending.find(USER, ENDPOINT, "ct-1").orElseThrow().operationRef());
    }

    @Test
    void anUnknownEndpointIsNoSuchEndpoint() {
        f.endpoints.replaceAll(USER, List.of());

        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));

        assertErrorResponse(onlyPublished(), "NO_SUCH_ENDPOINT");
        assertTrue(f.cloud.executed.isEmpty());
    }

    @Test
    void aPushThatOvertakesTheAcceptanceStillAnswersTheDirective() {
        f.states.put(USER, ENDPOINT, lock(LockState.UNLOCKED, AsyncFixture.START.minusSeconds(60)));
        // the vendor pushes the outcome before execute() has even returned to the processor
        f.cloud.onAccepted = () -> {
            f.clock.advance(Duration.ofMillis(50));
            WebhookResponse pushed = f.receiver().receive(FakeLockCloud.ID, f.cloud.delivery(FakeLockCloud.body(ACCOUNT,
                    FakeLockCloud.event(DEVICE_ID, LockState.LOCKED, UpdateCause.COMMAND_RESULT, "op-1", f.clock.instant())),
                    f.clock.instant()));
            assertEquals(200, pushed.status());
        };

        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));

        List<OutboundEvent> responses = f.outbound.published.stream()
                .filter(e -> header(e).path("name").asText().equals("Response")).toList();
        assertEquals(1, responses.size(), () -> "published " + f.outbound.published);
        assertEquals("ct-1", header(responses.get(0)).path("correlationToken").asText());
        assertEquals("LOCKED", property(responses.get(0).message(), "Alexa.LockController", "lockState").asText());
        assertTrue(f.pending.all().isEmpty());
    }

    @Test
    void aStoreFailurePropagatesSoSqsRedelivers() {
        PendingOperationStore down = new PendingOperationStore() {
            @Override
            public void save(PendingOperation operation) {
                throw new IllegalStateException("DynamoDB unavailable");
            }

            @Override
            public List<PendingOperation> forEndpoint(String userId, String endpointId) {
                return List.of();
            }

            @Override
            public Optional<PendingOperation> find(String userId, String endpointId, String correlationToken) {
                return Optional.empty();
            }

            @Override
            public boolean complete(PendingOperation operation) {
                return false;
            }
        };
        AsyncDirectiveProcessor processor = new AsyncDirectiveProcessor(f.endpoints, f.accounts, f.states, f.claims, down,
                f.polls, f.deadlines, f.updates, f.outbound, f.adapters, dev.homewire.core.capability.CapabilityRegistry.standard(), f.clock,
                f.retry);

        assertThrows(IllegalStateException.class, () -> processor.process(f.queued(LOCK_SAMPLE, "ct-1")));

        assertTrue(f.outbound.published.isEmpty());
        assertTrue(f.claims.noneCompleted());
    }

    @Test
    void theVendorsPushAnswersTheDirectiveOnceWithTheFullState() {
        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));
        f.clock.advance(Duration.ofSeconds(2));
        String body = FakeLockCloud.body(ACCOUNT, FakeLockCloud.event(DEVICE_ID, LockState.LOCKED, UpdateCause.COMMAND_RESULT, "op-1",
                f.clock.instant()));

        f.receiver().receive(FakeLockCloud.ID, f.cloud.delivery(body, f.clock.instant()));
        f.receiver().receive(FakeLockCloud.ID, f.cloud.delivery(body, f.clock.instant())); // the vendor retries

        OutboundEvent answer = onlyPublished();
        assertEquals("Response", header(answer).path("name").asText());
        assertEquals("ct-1", header(answer).path("correlationToken").asText());
        assertEquals("LOCKED", property(answer.message(), "Alexa.LockController", "lockState").asText());
        assertEquals("OK", property(answer.message(), "Alexa.EndpointHealth", "connectivity").path("value").asText());
        assertTrue(f.pending.all().isEmpty());
    }

    @Test
    void aJammedLockIsReportedAsJammedNeverAsLocked() {
        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));
        f.clock.advance(Duration.ofSeconds(2));

        f.receiver().receive(FakeLockCloud.ID, f.cloud.delivery(FakeLockCloud.body(ACCOUNT,
                FakeLockCloud.event(DEVICE_ID, LockState.JAMMED, UpdateCause.COMMAND_RESULT, "op-1", f.clock.instant())), f.clock.instant()));

        OutboundEvent answer = onlyPublished();
        assertEquals("Response", header(answer).path("name").asText());
        assertEquals("JAMMED", property(answer.message(), "Alexa.LockController", "lockState").asText());
        assertNull(f.pending.find(USER, ENDPOINT, "ct-1").orElse(null));
    }
}
