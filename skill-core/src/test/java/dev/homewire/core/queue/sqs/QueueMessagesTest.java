package dev.homewire.core.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class QueueMessagesTest {

    static QueuedDirective directive() {
        ObjectNode directive = (ObjectNode) Json.read("""
                {"directive":{"header":{"namespace":"Alexa.PowerController","name":"TurnOn","messageId":"m-1",
                 "correlationToken":"ct","payloadVersion":"3"},"endpoint":{"endpointId":"lumio-lamp-1"},"payload":{}}}""");
        return new QueuedDirective("user-1", "lumio-lamp-1", "lumio", "lamp-1", directive,
                Instant.parse("2024-05-01T10:15:30.123Z"), Instant.parse("2024-05-01T10:15:37.123Z"));
    }

    static OutboundEvent event() {
        ObjectNode message = (ObjectNode) Json.read("""
                {"event":{"header":{"namespace":"Alexa","name":"Response","messageId":"r-1","payloadVersion":"3"},
                 "endpoint":{"endpointId":"lumio-lamp-1"},"payload":{}},
                 "context":{"properties":[{"namespace":"Alexa.PowerController","name":"powerState","value":"ON"}]}}""");
        return new OutboundEvent("user-1", message);
    }

    @Test
    void directiveRoundTrips() {
        QueuedDirective original = directive();
        String body = QueueMessages.toJson(original);
        assertEquals(original, QueueMessages.directiveFromJson(body));

        JsonNode json = Json.read(body);
        assertEquals(QueueMessages.DIRECTIVE_TYPE, json.get("type").asText());
        assertEquals(1, json.get("version").asInt());
        assertEquals(original.deadline().toEpochMilli(), json.get("deadline").asLong());
        assertEquals("TurnOn", json.at("/directive/directive/header/name").asText());
    }

    @Test
    void eventRoundTrips() {
        OutboundEvent original = event();
        String body = QueueMessages.toJson(original);
        OutboundEvent read = QueueMessages.eventFromJson(body);
        assertEquals(original, read);
        assertEquals("ON", read.message().at("/context/properties/0/value").asText());
        assertEquals(QueueMessages.OUTBOUND_EVENT_TYPE, Json.read(body).get("type").asText());
    }

    @Test
    void malformedBodiesAreRefusedClearly() {
        assertMessage("empty body", () -> QueueMessages.directiveFromJson(""));
        assertMessage("not JSON", () -> QueueMessages.directiveFromJson("{\"type\":"));
        assertMessage("not a JSON object", () -> QueueMessages.eventFromJson("\"hello\""));
        assertMessage("no 'type'", () -> QueueMessages.eventFromJson("{\"userId\":\"u\"}"));
        assertMessage("unsupported", () -> QueueMessages.eventFromJson("{\"type\":\"homewire.outbound-event\",\"version\":2}"));
        assertMessage("field 'message' must be a JSON object",
                () -> QueueMessages.eventFromJson("{\"type\":\"homewire.outbound-event\",\"version\":1,\"userId\":\"u\",\"message\":[]}"));
        assertMessage("field 'userId'",
                () -> QueueMessages.eventFromJson("{\"type\":\"homewire.outbound-event\",\"version\":1,\"message\":{}}"));

        ObjectNode json = (ObjectNode) Json.read(QueueMessages.toJson(directive()));
        json.put("deadline", "soon");
        assertMessage("field 'deadline' must be epoch milliseconds", () -> QueueMessages.directiveFromJson(json.toString()));
        json.remove("deviceId");
        assertMessage("field 'deviceId'", () -> QueueMessages.directiveFromJson(json.toString()));
    }

    @Test
    void messageOnTheWrongQueueIsNamed() {
        String event = QueueMessages.toJson(event());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueueMessages.directiveFromJson(event));
        assertTrue(e.getMessage().contains("expected a homewire.directive message, got type 'homewire.outbound-event'"), e.getMessage());
    }

    @Test
    void errorsDoNotEchoTheBody() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QueueMessages.directiveFromJson("{\"secret-token-value\" oops"));
        assertFalse(e.getMessage().contains("secret-token-value"), e.getMessage());
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
