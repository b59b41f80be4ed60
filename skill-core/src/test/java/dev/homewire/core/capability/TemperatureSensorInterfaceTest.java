package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.ENDPOINT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Property;
import dev.homewire.alexa.Scope;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemperatureSensorInterfaceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Device SENSOR = new Device("s-1", "Cellar", null, null, null, DeviceKind.OTHER,
            List.of(new Trait.TemperatureSensor()));

    private final TemperatureSensorInterface sensor = new TemperatureSensorInterface();

    @Test
    void discoveryIsTheOfficialCapability() {
        assertTrue(sensor.appliesTo(SENSOR));
        assertEquals(CapabilityTesting.sampleCapability("Alexa.TemperatureSensor", "temperature"), sensor.discovery(SENSOR, true).get(0));
        assertTrue(sensor.directiveNames().isEmpty());
        assertFalse(CapabilityRegistry.standard().isControlDirective("Alexa.TemperatureSensor", "ReportState"));
        CapabilityTesting.assertDiscoveryValid(CapabilityRegistry.standard().discoveryEndpoint(ENDPOINT, SENSOR, true));
    }

    @Test
    void stateReportMatchesTheOfficialSample() {
        DeviceState state = DeviceState.builder().temperature(Temperature.celsius(24.0)).observedAt(NOW).build();
        List<Property> properties = CapabilityRegistry.standard().properties(SENSOR, state, NOW);
        AlexaEvent report = AlexaMessages.stateReport("ct-1", ENDPOINT, Scope.bearer("t"), properties);
        AlexaSchema.assertValid(report.toJson());
        JsonNode official = AlexaSamples.load("TemperatureSensor/TemperatureSensor.response.json").at("/context/properties/0");
        JsonNode ours = report.toJson().at("/context/properties/0");
        assertEquals(official.get("namespace"), ours.get("namespace"));
        assertEquals(official.get("name"), ours.get("name"));
        assertEquals(official.get("value"), ours.get("value"));
    }

    @Test
    void kelvinIsReportedInCelsiusOtherScalesAsTheyAre() {
        JsonNode kelvin = sensor.properties(SENSOR, DeviceState.builder()
                .temperature(new Temperature(295.15, Temperature.Scale.KELVIN)).observedAt(NOW).build(), NOW).get(0).value();
        assertEquals("CELSIUS", kelvin.get("scale").asText());
        assertEquals(22.0, kelvin.get("value").asDouble(), 1e-9);
        JsonNode fahrenheit = sensor.properties(SENSOR, DeviceState.builder()
                .temperature(new Temperature(71.6, Temperature.Scale.FAHRENHEIT)).observedAt(NOW).build(), NOW).get(0).value();
        assertEquals("FAHRENHEIT", fahrenheit.get("scale").asText());
        assertEquals(71.6, fahrenheit.get("value").asDouble());
        assertTrue(sensor.properties(SENSOR, DeviceState.builder().observedAt(NOW).build(), NOW).isEmpty());
    }
}
