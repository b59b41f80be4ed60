package dev.homewire.entrypoint;

import static dev.homewire.entrypoint.Fixture.SAMPLE_CORRELATION_TOKEN;
import static dev.homewire.entrypoint.Fixture.T0;
import static dev.homewire.entrypoint.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.conformance.AlexaSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportStateTest {
    private static final String SAMPLE = "StateReport/ReportState.json";
    private final Fixture f = new Fixture();
    private final String lamp = f.register("alice", "acme", Fixture.lamp("lamp-1", "Desk lamp"));

    @AfterEach
    void close() {
        f.close();
    }

    private static DeviceState state(PowerState power, int brightness, int kelvin, Instant observedAt) {
        return DeviceState.builder().connectivity(Connectivity.OK).power(power).brightness(brightness).color(new Hsb(120, 0.5, 0.25)).colorTemperatureKelvin(kelvin).observedAt(observedAt).build();
    }

    private JsonNode reportState(String token, String endpointId) {
        return f.send(AlexaSamples.directive(SAMPLE, token, endpointId));
    }

    /** The StateReport's properties by namespace.name. */
    private static Map<String, JsonNode> properties(JsonNode answer) {
        Map<String, JsonNode> byName = new HashMap<>();
        answer.path("context").path("properties").forEach(p -> byName.put(p.path("namespace").asText() + "." + p.path("name").asText(), p));
        return byName;
    }

    private JsonNode assertStateReport(JsonNode answer) {
        JsonNode event = answer.path("event");
        assertEquals("Alexa", event.path("header").path("namespace").asText());
        assertEquals("StateReport", event.path("header").path("name").asText());
        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertEquals(lamp, event.path("endpoint").path("endpointId").asText());
        assertEquals(TestUsers.ALICE_TOKEN, event.path("endpoint").path("scope").path("token").asText(), "scope echoed as in the sample");
        return answer;
    }

    @Test
    void aFreshStoredStateIsAnsweredWithoutAskingTheVendor() {
        f.states.put("alice", lamp, state(PowerState.ON, 40, 4000, T0.minusSeconds(10)));

        JsonNode answer = assertStateReport(reportState(TestUsers.ALICE_TOKEN, lamp));

        Map<String, JsonNode> p = properties(answer);
        assertEquals(5, p.size(), p.toString());
        assertEquals("ON", p.get("Alexa.PowerController.powerState").path("value").asText());
        assertEquals(40, p.get("Alexa.BrightnessController.brightness").path("value").asInt());
        assertEquals(4000, p.get("Alexa.ColorTemperatureController.colorTemperatureInKelvin").path("value").asInt());
        JsonNode color = p.get("Alexa.ColorController.color").path("value");
        assertEquals(120.0, color.path("hue").asDouble());
        assertEquals(0.5, color.path("saturation").asDouble());
        assertEquals(0.25, color.path("brightness").asDouble());
        JsonNode connectivity = p.get("Alexa.EndpointHealth.connectivity");
        assertEquals("OK", connectivity.path("value").path("value").asText());
        assertEquals("2025-03-01T11:59:50Z", connectivity.path("timeOfSample").asText());
        assertEquals(10_000, connectivity.path("uncertaintyInMilliseconds").asLong());
        assertEquals(0, f.acme.queryCalls.get());
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void aStaleStoredStateMakesTheEntrypointAskTheVendorAndStoreTheAnswer() {
        f.states.put("alice", lamp, state(PowerState.ON, 40, 4000, T0.minusSeconds(60)));
        DeviceState now = state(PowerState.OFF, 10, 2700, T0.minusMillis(250));
        f.acme.state = () -> now;

        Map<String, JsonNode> p = properties(assertStateReport(reportState(TestUsers.ALICE_TOKEN, lamp)));

        assertEquals(1, f.acme.queryCalls.get());
        assertEquals("OFF", p.get("Alexa.PowerController.powerState").path("value").asText());
        assertEquals(10, p.get("Alexa.BrightnessController.brightness").path("value").asInt());
        assertEquals(2700, p.get("Alexa.ColorTemperatureController.colorTemperatureInKelvin").path("value").asInt());
        assertEquals(250, p.get("Alexa.PowerController.powerState").path("uncertaintyInMilliseconds").asLong());
        assertEquals(now, f.states.get("alice", lamp).orElseThrow());
    }

    @Test
    void withoutAStoredStateTheVendorIsAsked() {
        f.acme.state = () -> state(PowerState.ON, 75, 5000, T0);

        Map<String, JsonNode> p = properties(assertStateReport(reportState(TestUsers.ALICE_TOKEN, lamp)));

        assertEquals(1, f.acme.queryCalls.get());
        assertEquals(75, p.get("Alexa.BrightnessController.brightness").path("value").asInt());
        assertEquals(0, p.get("Alexa.BrightnessController.brightness").path("uncertaintyInMilliseconds").asLong());
        assertTrue(f.states.get("alice", lamp).isPresent());
    }

    @Test
    void whenTheVendorFailsAStaleStoredStateIsStillAnswered() {
        f.states.put("alice", lamp, state(PowerState.ON, 40, 4000, T0.minusSeconds(60)));
        f.acme.queryFailure = new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "acme cloud 503");

        Map<String, JsonNode> p = properties(assertStateReport(reportState(TestUsers.ALICE_TOKEN, lamp)));

        assertEquals(1, f.acme.queryCalls.get());
        assertEquals("ON", p.get("Alexa.PowerController.powerState").path("value").asText());
        assertEquals(60_000, p.get("Alexa.PowerController.powerState").path("uncertaintyInMilliseconds").asLong());
        assertEquals("OK", p.get("Alexa.EndpointHealth.connectivity").path("value").path("value").asText());
    }

    @Test
    void aDeviceTheVendorReportsOfflineIsReportedUnreachableFromTheStoredState() {
        f.states.put("alice", lamp, state(PowerState.ON, 40, 4000, T0.minusSeconds(60)));
        f.acme.queryFailure = new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "lamp offline");

        Map<String, JsonNode> p = properties(assertStateReport(reportState(TestUsers.ALICE_TOKEN, lamp)));

        assertEquals("UNREACHABLE", p.get("Alexa.EndpointHealth.connectivity").path("value").path("value").asText());
        assertEquals(40, p.get("Alexa.BrightnessController.brightness").path("value").asInt());
    }

    @Test
    void whenTheVendorFailsWithoutStoredStateTheFailureIsMappedToAnError() {
        f.acme.queryFailure = new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "lamp offline");

        JsonNode event = assertError(reportState(TestUsers.ALICE_TOKEN, lamp), "ENDPOINT_UNREACHABLE");

        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertEquals(lamp, event.path("endpoint").path("endpointId").asText());
        assertEquals("lamp offline", event.path("payload").path("message").asText());
        assertTrue(f.states.get("alice", lamp).isEmpty());
    }

    @Test
    void aVendorValueErrorKeepsItsRange() {
        f.acme.queryFailure = AdapterException.valueOutOfRange("odd", 1, 100);

        JsonNode event = assertError(reportState(TestUsers.ALICE_TOKEN, lamp), "VALUE_OUT_OF_RANGE");

        assertEquals(1, event.path("payload").path("validRange").path("minimumValue").asInt());
        assertEquals(100, event.path("payload").path("validRange").path("maximumValue").asInt());
    }

    @Test
    void aHangingVendorIsAbandonedWithinTheBudget() {
        f.acme.hangOnQuery = true;

        long start = System.nanoTime();
        JsonNode answer = f.send(AlexaSamples.directive(SAMPLE, TestUsers.ALICE_TOKEN, lamp), Duration.ofMillis(2000));
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertError(answer, "ENDPOINT_UNREACHABLE");
        assertTrue(ms < 2000, "took " + ms + " ms");
    }

    @Test
    void anEndpointOfAnotherUserIsNoSuchEndpoint() {
        String bobsLamp = f.register("bob", "acme", Fixture.lamp("lamp-9", "Bob's lamp"));
        f.states.put("bob", bobsLamp, state(PowerState.ON, 40, 4000, T0));

        JsonNode event = assertError(reportState(TestUsers.ALICE_TOKEN, bobsLamp), "NO_SUCH_ENDPOINT");

        assertEquals(bobsLamp, event.path("endpoint").path("endpointId").asText());
        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
        assertEquals(0, f.acme.queryCalls.get());
    }

    @Test
    void anUnlinkedVendorAccountWithoutStoredStateIsUnreachable() {
        f.users.users.put("Atza|dave-token", "dave");
        String davesLamp = f.register("dave", "acme", Fixture.lamp("lamp-d", "Dave's lamp"));

        assertError(f.send(AlexaSamples.directive(SAMPLE, "Atza|dave-token", davesLamp)), "ENDPOINT_UNREACHABLE");
        assertEquals(0, f.acme.queryCalls.get());
    }

    @Test
    void badLinkingTokensReachAlexaAsSuch() {
        JsonNode invalid = assertError(reportState(TestUsers.UNKNOWN, lamp), "INVALID_AUTHORIZATION_CREDENTIAL");
        assertEquals(lamp, invalid.path("endpoint").path("endpointId").asText());
        assertError(reportState(TestUsers.EXPIRED, lamp), "EXPIRED_AUTHORIZATION_CREDENTIAL");
        assertFalse(f.acme.queryCalls.get() > 0);
    }
}
