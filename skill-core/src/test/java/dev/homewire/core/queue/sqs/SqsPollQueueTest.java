package dev.homewire.core.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import dev.homewire.core.pending.PollRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqsPollQueueTest {

    @Test
    void delayIsRoundedUpToWholeSecondsWithinSqsLimits() {
        assertEquals(0, SqsPollQueue.delaySeconds(Duration.ZERO));
        assertEquals(0, SqsPollQueue.delaySeconds(Duration.ofMillis(-5)));
        assertEquals(0, SqsPollQueue.delaySeconds(null));
        assertEquals(1, SqsPollQueue.delaySeconds(Duration.ofMillis(1)));
        assertEquals(1, SqsPollQueue.delaySeconds(Duration.ofSeconds(1)));
        assertEquals(2, SqsPollQueue.delaySeconds(Duration.ofMillis(1500)));
        assertEquals(900, SqsPollQueue.delaySeconds(Duration.ofMinutes(15)));
        assertEquals(900, SqsPollQueue.delaySeconds(Duration.ofHours(2)));
    }

    @Test
    void pollRequestRoundTrips() {
        PollRequest request = new PollRequest("user-1", "latchkey#lock-1", "ct+/=", 3);
        String body = QueueMessages.toJson(request);
        assertEquals(request, QueueMessages.pollRequestFromJson(body));
        JsonNode json = Json.read(body);
        assertEquals(QueueMessages.POLL_REQUEST_TYPE, json.get("type").asText());
        assertEquals(1, json.get("version").asInt());
        assertEquals(3, json.get("attempt").asInt());
    }

    @Test
    void malformedPollRequestsAreRefusedClearly() {
        String directive = QueueMessages.toJson(QueueMessagesTest.directive());
        IllegalArgumentException wrongQueue = assertThrows(IllegalArgumentException.class, () -> QueueMessages.pollRequestFromJson(directive));
        assertTrue(wrongQueue.getMessage().contains("expected a homewire.poll-request message"), wrongQueue.getMessage());
        assertMessage("field 'attempt'", "{\"type\":\"homewire.poll-request\",\"version\":1,\"userId\":\"u\",\"endpointId\":\"e\","
                + "\"correlationToken\":\"c\",\"attempt\":0}");
        assertMessage("field 'correlationToken'", "{\"type\":\"homewire.poll-request\",\"version\":1,\"userId\":\"u\","
                + "\"endpointId\":\"e\",\"attempt\":1}");
        assertMessage("unsupported", "{\"type\":\"homewire.poll-request\",\"version\":7}");
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> QueueMessages.pollRequestFromJson("{\"secret-token\" nope"));
        assertFalse(notJson.getMessage().contains("secret-token"));
    }

    private static void assertMessage(String expected, String body) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueueMessages.pollRequestFromJson(body));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
