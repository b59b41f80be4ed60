package dev.homewire.processors.poll;

import static dev.homewire.processors.poll.PollFixture.LAMP;
import static dev.homewire.processors.poll.PollFixture.LAMP_ENDPOINT;
import static dev.homewire.processors.poll.PollFixture.USER;
import static dev.homewire.processors.poll.PollFixture.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.sqs.QueueMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollingProcessorTest {
    private static final DeviceCommand TURN_ON = new DeviceCommand.SetPower(PowerState.ON);

    private final PollFixture f = new PollFixture();

    @AfterEach
    void everyPublishedMessageValidates() {
        f.assertAllPublishedValidate();
    }

    private static void assertErrorResponse(PollFixture.Published p, String type) {
        JsonNode event = p.event().message().path("event");
        assertEquals("Alexa", event.path("header").path("namespace").asText());
        assertEquals("ErrorResponse", event.path("header").path("name").asText(), () -> p.event().message().toString());
        assertEquals(type, event.path("payload").path("type").asText(), () -> p.event().message().toString());
        assertEquals(LAMP_ENDPOINT, event.path("endpoint").path("endpointId").asText());
    }

    private static PollFixture.Published only(List<PollFixture.Published> published) {
        assertEquals(1, published.size(), () -> "expected exactly one published event, got " + published);
        return published.get(0);
    }

    @Test
    void theStateReachedOnTheThirdPollCompletesTheOperationWithExactlyOneResponse() {
        f.vendor.accepted(LAMP, TURN_ON, 3);
        PendingOperation op = f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(20));

        PollFixture.Run run = f.pollUntilDone(op);

        assertEquals(3, run.polledAt().size());
        assertEquals(List.of(LAMP, LAMP, LAMP), f.vendor.queried);
        PollFixture.Published answer = only(f.published);
        JsonNode message = answer.event().message();
        assertEquals(USER, answer.event().userId());
        assertEquals("Alexa", answer.header().path("namespace").asText());
        assertEquals("Response", answer.name());
        assertEquals("corr-1", answer.header().path("correlationToken").asText());
        assertEquals(LAMP_ENDPOINT, message.path("event").path("endpoint").path("endpointId").asText());
        assertEquals("ON", property(message, "Alexa.PowerController", "powerState").asText());
        assertEquals(60, property(message, "Alexa.BrightnessController", "brightness").asInt());
        assertEquals("OK", property(message, "Alexa.EndpointHealth", "connectivity").path("value").asText());
        assertTrue(f.pending.all().isEmpty(), "the operation is completed");
        assertEquals(PowerState.ON, f.states.get(USER, LAMP_ENDPOINT).orElseThrow().power(), "the new state is stored");
        assertTrue(answer.at().isBefore(op.deadline()));

        // a redelivered poll of the completed operation does nothing
        f.processor().process(new PollRequest(USER, LAMP_ENDPOINT, "corr-1", 3));
        assertEquals(1, f.published.size());
        assertEquals(3, f.vendor.queried.size(), "no vendor call for an answered operation");
    }

    @Test
    void aVendorThatNeverAppliesGetsExactlyOneErrorResponseBeforeTheDeadlineAndNoPollAfterIt() {
        f.vendor.acceptedButNeverApplied(LAMP, TURN_ON);
        PendingOperation op = f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(10));

        PollFixture.Run run = f.pollUntilDone(op);

        PollFixture.Published answer = only(f.published);
        assertErrorResponse(answer, "ENDPOINT_UNREACHABLE");
        assertEquals(dev.homewire.core.pending.PendingOperation.NOT_CONFIRMED, answer.event().message().path("event").path("payload").path("message").asText());
        assertEquals("corr-1", answer.header().path("correlationToken").asText());
        assertTrue(answer.at().isBefore(op.deadline().minus(f.backoff.dispatchMargin())),
                "published at " + answer.at() + ", the deadline is " + op.deadline() + " and the dispatcher needs its margin");
        assertTrue(run.polledAt().size() >= 3, "it kept looking while there was time: " + run.polledAt());
        for (Instant at : run.scheduledFor()) {
            assertTrue(at.isBefore(op.deadline()), "a poll was scheduled for " + at + ", after the deadline " + op.deadline());
        }
        Instant lastPoll = run.polledAt().get(run.polledAt().size() - 1);
        assertTrue(lastPoll.plus(FakePollingVendor.CALL_TIME).plus(f.backoff.dispatchMargin()).compareTo(op.deadline()) <= 0);
        assertTrue(f.pending.all().isEmpty());
    }

    @Test
    void transientFailuresKeepPolling() {
        f.vendor.accepted(LAMP, TURN_ON, 1);
        f.vendor.failNext(() -> new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "vendor 503"));
        f.vendor.failNext(() -> new AdapterException(AdapterException.Reason.RATE_LIMITED, "vendor 429"));
        f.vendor.failNext(() -> new IllegalStateException("adapter bug"));
        PendingOperation op = f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(20));

        PollFixture.Run run = f.pollUntilDone(op);

        assertEquals(4, run.polledAt().size());
        assertEquals("Response", only(f.published).name());
    }

    @Test
    void whenTheLastLookFailedTheVendorsOwnErrorIsAnswered() {
        f.vendor.acceptedButNeverApplied(LAMP, TURN_ON);
        f.vendor.failAlways(new AdapterException(AdapterException.Reason.RATE_LIMITED, "slow down"));
        PendingOperation op = f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(10));

        PollFixture.Run run = f.pollUntilDone(op);

        assertTrue(run.polledAt().size() >= 3);
        PollFixture.Published answer = only(f.published);
        assertErrorResponse(answer, "RATE_LIMIT_EXCEEDED");
        assertTrue(answer.at().isBefore(op.deadline()));
    }

    @Test
    void aFailurePollingCannotFixFailsTheOperationAtOnce() {
        f.vendor.acceptedButNeverApplied(LAMP, TURN_ON);
        f.vendor.failNext(() -> new AdapterException(AdapterException.Reason.CREDENTIALS_EXPIRED, "token revoked"));
        PendingOperation op = f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(20));

        PollFixture.Run run = f.pollUntilDone(op);

        assertEquals(1, run.polledAt().size());
        assertErrorResponse(only(f.published), "EXPIRED_AUTHORIZATION_CREDENTIAL");
        assertTrue(f.pollQueue.scheduled.isEmpty());
    }

    @Test
    void anEndpointNoLongerDiscoveredIsNoSuchEndpoint() {
        PendingOperation op = f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(20));
        f.endpoints.replaceAll(USER, List.of());

        f.pollUntilDone(op);

        assertErrorResponse(only(f.published), "NO_SUCH_ENDPOINT");
        assertTrue(f.vendor.queried.isEmpty());
    }

    @Test
    void aPollDeliveredAfterTheDeadlineLooksOnceMoreAndThenFails() {
        f.vendor.acceptedButNeverApplied(LAMP, TURN_ON);
        PendingOperation op = f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(5));
        f.clock.advance(Duration.ofSeconds(30));

        f.processor().process(new PollRequest(USER, LAMP_ENDPOINT, "corr-1", 2));

        assertEquals(1, f.vendor.queried.size());
        assertErrorResponse(only(f.published), "ENDPOINT_UNREACHABLE");
        assertTrue(f.pollQueue.scheduled.isEmpty());
        assertFalse(f.pending.find(USER, LAMP_ENDPOINT, op.correlationToken()).isPresent());
    }

    @Test
    void thePollBatchHandlerDrivesTheRealProcessor() {
        f.vendor.accepted(LAMP, TURN_ON, 1);
        f.lampOperation("corr-1", TURN_ON, Duration.ofSeconds(20));
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("m1");
        record.setBody(QueueMessages.toJson(new PollRequest(USER, LAMP_ENDPOINT, "corr-1", 1)));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));

        SQSBatchResponse response = new PollBatchHandler(f.processor()).handle(event);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals("Response", only(f.published).name());
    }
}
