package dev.homewire.entrypoint;

import static dev.homewire.entrypoint.Fixture.SAMPLE_CORRELATION_TOKEN;
import static dev.homewire.entrypoint.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSamples;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bodies that are not directives we handle: each answered INVALID_DIRECTIVE (schema-valid), nothing queued. */
class InvalidInputTest {
    private static final String TURN_ON = "PowerController/PowerController.TurnOn.request.json";
    private final Fixture f = new Fixture();
    private final String lamp = f.register("alice", "acme", Fixture.lamp("lamp-1", "Desk lamp"));

    @AfterEach
    void close() {
        assertTrue(f.directives.enqueued().isEmpty(), "nothing may be queued");
        f.close();
    }

    private ObjectNode turnOn() {
        return AlexaSamples.directive(TURN_ON, TestUsers.ALICE_TOKEN, lamp);
    }

    private static ObjectNode header(ObjectNode directive) {
        return (ObjectNode) directive.path("directive").path("header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "[]", "42", "null", "{\"directive\":\"x\"}", "{\"event\":{}}", "{\"foo\":1}"})
    void aBodyThatIsNotADirectiveIsInvalid(String body) {
        JsonNode event = assertError(f.send(body), "INVALID_DIRECTIVE");
        assertFalse(event.path("header").has("correlationToken"));
        assertFalse(event.has("endpoint"));
    }

    @Test
    void aNullBodyIsInvalid() {
        assertError(f.answer(null, Duration.ofSeconds(8)), "INVALID_DIRECTIVE");
    }

    @Test
    void missingHeaderFieldsAreInvalidAndEchoWhatCouldBeRead() {
        for (String field : new String[] {"messageId", "namespace", "name", "payloadVersion"}) {
            ObjectNode directive = turnOn();
            header(directive).remove(field);

            JsonNode event = assertError(f.send(directive), "INVALID_DIRECTIVE");

            assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText(), field);
            assertEquals(lamp, event.path("endpoint").path("endpointId").asText(), field);
            assertTrue(event.path("payload").path("message").asText().contains(field), event.toString());
        }
    }

    @Test
    void aMissingHeaderIsInvalid() {
        ObjectNode directive = turnOn();
        ((ObjectNode) directive.path("directive")).remove("header");

        JsonNode event = assertError(f.send(directive), "INVALID_DIRECTIVE");
        assertEquals(lamp, event.path("endpoint").path("endpointId").asText());
    }

    @Test
    void payloadVersionTwoIsInvalid() {
        ObjectNode directive = turnOn();
        header(directive).put("payloadVersion", "2");

        JsonNode event = assertError(f.send(directive), "INVALID_DIRECTIVE");

        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertEquals(lamp, event.path("endpoint").path("endpointId").asText());
        assertEquals("3", event.path("header").path("payloadVersion").asText());
    }

    @Test
    void aMissingPayloadIsInvalid() {
        ObjectNode directive = turnOn();
        ((ObjectNode) directive.path("directive")).remove("payload");

        assertError(f.send(directive), "INVALID_DIRECTIVE");
    }

    @Test
    void anEndpointIdAlexaWouldNeverSendIsNotEchoed() {
        ObjectNode directive = turnOn();
        ((ObjectNode) directive.path("directive").path("endpoint")).put("endpointId", "not allowed!");
        header(directive).remove("messageId");

        JsonNode event = assertError(f.send(directive), "INVALID_DIRECTIVE");
        assertFalse(event.has("endpoint"));
        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
    }

    @Test
    void anUnknownNamespaceIsInvalidAndEchoesTheDirective() {
        ObjectNode directive = turnOn();
        header(directive).put("namespace", "Alexa.Foo").put("name", "Bar");

        JsonNode event = assertError(f.send(directive), "INVALID_DIRECTIVE");

        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertEquals(lamp, event.path("endpoint").path("endpointId").asText());
        assertEquals(TestUsers.ALICE_TOKEN, event.path("endpoint").path("scope").path("token").asText());
        assertTrue(event.path("payload").path("message").asText().contains("Alexa.Foo.Bar"));
    }

    @Test
    void anUnknownNameInAKnownNamespaceIsInvalid() {
        ObjectNode directive = turnOn();
        header(directive).put("name", "Explode");
        assertError(f.send(directive), "INVALID_DIRECTIVE");

        ObjectNode discovery = AlexaSamples.directive("Discovery/Discovery.request.json", TestUsers.ALICE_TOKEN, null);
        header(discovery).put("name", "Rediscover");
        JsonNode event = assertError(f.send(discovery), "INVALID_DIRECTIVE");
        assertFalse(event.has("endpoint"));
        assertEquals(0, f.acme.discoverCalls.get());
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorWithoutDetails() {
        JsonNode answer = f.send(AlexaSamples.directive(TURN_ON, TestUsers.BOOM, lamp));

        JsonNode event = assertError(answer, "INTERNAL_ERROR");
        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertEquals(lamp, event.path("endpoint").path("endpointId").asText());
        String text = Json.write(answer);
        assertFalse(text.contains("resolver bug") || text.contains("IllegalState") || text.contains(".java"), text);
    }

    @Test
    void anUnexpectedFailureDuringAcceptGrantIsStillAcceptGrantFailed() {
        assertError(f.send(AlexaSamples.directive("Authorization/Authorization.AcceptGrant.request.json", TestUsers.BOOM, null)),
                "Alexa.Authorization", "ACCEPT_GRANT_FAILED");
    }
}
