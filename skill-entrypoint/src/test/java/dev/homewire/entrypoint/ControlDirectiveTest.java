package dev.homewire.entrypoint;

import static dev.homewire.entrypoint.Fixture.SAMPLE_CORRELATION_TOKEN;
import static dev.homewire.entrypoint.Fixture.T0;
import static dev.homewire.entrypoint.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.core.queue.QueuedDirective;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlDirectiveTest {
    private final Fixture f = new Fixture();
    private final String lamp = f.register("alice", "acme", Fixture.lamp("lamp-1", "Desk lamp"));

    @AfterEach
    void close() {
        f.close();
    }

    @ParameterizedTest(name = "{1}.{2}")
    @CsvSource({
        "PowerController/PowerController.TurnOn.request.json, Alexa.PowerController, TurnOn",
        "PowerController/PowerController.TurnOff.request.json, Alexa.PowerController, TurnOff",
        "BrightnessController/BrightnessController.SetBrightness.request.json, Alexa.BrightnessController, SetBrightness",
        "BrightnessController/BrightnessController.AdjustBrightness.request.json, Alexa.BrightnessController, AdjustBrightness",
        "ColorController/ColorController.SetColor.request.json, Alexa.ColorController, SetColor",
        "ColorTemperatureController/ColorTemperatureController.SetColorTemperature.request.json, Alexa.ColorTemperatureController, SetColorTemperature",
        "ColorTemperatureController/ColorTemperatureController.IncreaseColorTemperature.request.json, Alexa.ColorTemperatureController, IncreaseColorTemperature",
        "ColorTemperatureController/ColorTemperatureController.DecreaseColorTemperature.request.json, Alexa.ColorTemperatureController, DecreaseColorTemperature",
    })
    void aControlDirectiveIsQueuedWithoutTheLinkingTokenAndDeferred(String sample, String namespace, String name) {
        ObjectNode directive = AlexaSamples.directive(sample, TestUsers.ALICE_TOKEN, lamp);

        JsonNode answer = f.send(directive);

        JsonNode event = answer.path("event");
        assertEquals("Alexa", event.path("header").path("namespace").asText());
        assertEquals("DeferredResponse", event.path("header").path("name").asText());
        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertFalse(event.has("endpoint"), "a DeferredResponse has no endpoint");
        assertFalse(answer.has("context"));
        assertEquals(5, event.path("payload").path("estimatedDeferralInSeconds").asInt(), "ceil(1.5 s + 3 s)");

        assertEquals(1, f.directives.enqueued().size());
        QueuedDirective queued = f.directives.enqueued().get(0);
        assertEquals("alice", queued.userId());
        assertEquals(lamp, queued.endpointId());
        assertEquals("acme", queued.adapterId());
        assertEquals("lamp-1", queued.deviceId());
        assertEquals(T0, queued.receivedAt());
        assertEquals(T0.plusSeconds(5), queued.deadline());
        JsonNode header = queued.directive().path("directive").path("header");
        assertEquals(namespace, header.path("namespace").asText());
        assertEquals(name, header.path("name").asText());
        assertEquals(SAMPLE_CORRELATION_TOKEN, header.path("correlationToken").asText());
        assertFalse(queued.directive().path("directive").path("endpoint").has("scope"));
        assertFalse(Json.write(queued.directive()).contains(TestUsers.ALICE_TOKEN), "the linking token must not be queued");
        ObjectNode expected = directive.deepCopy();
        ((ObjectNode) expected.path("directive").path("endpoint")).remove("scope");
        assertEquals(expected, queued.directive(), "the rest of the directive is queued as received");
        assertTrue(directive.path("directive").path("endpoint").has("scope"), "the caller's directive is not modified");
        assertEquals(0, f.acme.executeCalls.get(), "the entrypoint never drives the device itself");
    }

    @Test
    void theDeferralIsTheAdaptersLatencyPlusTheOverheadRoundedUp() {
        assertEquals(1, ControlDirectiveHandler.deferralSeconds(Duration.ZERO, Duration.ZERO));
        assertEquals(1, ControlDirectiveHandler.deferralSeconds(Duration.ofMillis(1), Duration.ZERO));
        assertEquals(5, ControlDirectiveHandler.deferralSeconds(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertEquals(11, ControlDirectiveHandler.deferralSeconds(Duration.ofMillis(10_001), Duration.ZERO));

        f.acme.typicalCommandLatency = Duration.ofSeconds(12);
        JsonNode answer = f.send(AlexaSamples.directive("PowerController/PowerController.TurnOn.request.json", TestUsers.ALICE_TOKEN, lamp));
        assertEquals(15, answer.path("event").path("payload").path("estimatedDeferralInSeconds").asInt());
        assertEquals(T0.plusSeconds(15), f.directives.enqueued().get(0).deadline());
    }

    @Test
    void aQueueFailureIsAnInternalErrorNotAPromise() {
        f.directives.fail = true;

        JsonNode event = assertError(f.send(AlexaSamples.directive("PowerController/PowerController.TurnOn.request.json",
                TestUsers.ALICE_TOKEN, lamp)), "INTERNAL_ERROR");

        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertEquals(lamp, event.path("endpoint").path("endpointId").asText());
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void anEndpointOfAnotherUserIsNoSuchEndpoint() {
        String bobsLamp = f.register("bob", "acme", Fixture.lamp("lamp-9", "Bob's lamp"));

        JsonNode event = assertError(f.send(AlexaSamples.directive("PowerController/PowerController.TurnOff.request.json",
                TestUsers.ALICE_TOKEN, bobsLamp)), "NO_SUCH_ENDPOINT");

        assertEquals(bobsLamp, event.path("endpoint").path("endpointId").asText());
        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void anUnknownEndpointIsNoSuchEndpoint() {
        assertError(f.send(AlexaSamples.directive("PowerController/PowerController.TurnOff.request.json",
                TestUsers.ALICE_TOKEN, "acme#never-discovered")), "NO_SUCH_ENDPOINT");
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void badLinkingTokensReachAlexaAsSuch() {
        String sample = "BrightnessController/BrightnessController.SetBrightness.request.json";
        JsonNode invalid = assertError(f.send(AlexaSamples.directive(sample, TestUsers.UNKNOWN, lamp)), "INVALID_AUTHORIZATION_CREDENTIAL");
        assertEquals(lamp, invalid.path("endpoint").path("endpointId").asText());
        assertError(f.send(AlexaSamples.directive(sample, TestUsers.EXPIRED, lamp)), "EXPIRED_AUTHORIZATION_CREDENTIAL");

        ObjectNode noScope = AlexaSamples.directive(sample, TestUsers.ALICE_TOKEN, lamp);
        ((ObjectNode) noScope.path("directive").path("endpoint")).remove("scope");
        assertError(f.send(noScope), "INVALID_AUTHORIZATION_CREDENTIAL");
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void aValueOutOfRangeIsRefusedAtOnce() {
        ObjectNode directive = AlexaSamples.directive("BrightnessController/BrightnessController.SetBrightness.request.json",
                TestUsers.ALICE_TOKEN, lamp);
        ((ObjectNode) directive.path("directive").path("payload")).put("brightness", 150);

        JsonNode event = assertError(f.send(directive), "VALUE_OUT_OF_RANGE");

        assertEquals(0, event.path("payload").path("validRange").path("minimumValue").asInt());
        assertEquals(100, event.path("payload").path("validRange").path("maximumValue").asInt());
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void anInterfaceTheDeviceDoesNotHaveIsAnInvalidDirective() {
        String plug = f.register("alice", "globex", Fixture.plug("plug-7", "Kettle"));

        assertError(f.send(AlexaSamples.directive("ColorController/ColorController.SetColor.request.json",
                TestUsers.ALICE_TOKEN, plug)), "INVALID_DIRECTIVE");
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void anEndpointWhoseAdapterIsGoneIsAnInternalError() {
        String orphan = f.register("alice", "initech", Fixture.lamp("lamp-x", "Orphan"));

        assertError(f.send(AlexaSamples.directive("PowerController/PowerController.TurnOn.request.json",
                TestUsers.ALICE_TOKEN, orphan)), "INTERNAL_ERROR");
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void aControlDirectiveWithoutCorrelationTokenIsInvalid() {
        ObjectNode directive = AlexaSamples.directive("PowerController/PowerController.TurnOn.request.json", TestUsers.ALICE_TOKEN, lamp);
        ((ObjectNode) directive.path("directive").path("header")).remove("correlationToken");

        JsonNode event = assertError(f.send(directive), "INVALID_DIRECTIVE");

        assertFalse(event.path("header").has("correlationToken"));
        assertTrue(f.directives.enqueued().isEmpty());
    }
}
