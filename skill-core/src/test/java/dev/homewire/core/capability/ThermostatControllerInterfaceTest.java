package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.ENDPOINT;
import static dev.homewire.core.capability.CapabilityTesting.assertRefused;
import static dev.homewire.core.capability.CapabilityTesting.assertResponseValid;
import static dev.homewire.core.capability.CapabilityTesting.sample;
import static dev.homewire.core.capability.CapabilityTesting.withPayload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSamples;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThermostatControllerInterfaceTest {
    private static final String SET_SINGLE = "ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json";
    private static final String SET_DUAL = "ThermostatController/ThermostatController.SetTargetTemperature.DualMode.request.json";
    private static final String SET_TRIPLE = "ThermostatController/ThermostatController.SetTargetTemperature.TripleMode.request.json";
    private static final String ADJUST = "ThermostatController/ThermostatController.AdjustTargetTemperature.request.json";
    private static final String SET_MODE = "ThermostatController/ThermostatController.SetThermostatMode.request.json";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final Device THERMOSTAT = new Device("th-1", "Hallway", null, "Thermia", "T-2", DeviceKind.THERMOSTAT,
            List.of(new Trait.Thermostat(new ThermostatProfile(Set.of(ThermostatMode.HEAT, ThermostatMode.COOL, ThermostatMode.AUTO, ThermostatMode.OFF),
                    Temperature.celsius(5), Temperature.celsius(30))), new Trait.TemperatureSensor()));

    private final CapabilityRegistry registry = CapabilityRegistry.standard();
    private final ThermostatControllerInterface thermostat = new ThermostatControllerInterface();

    private static DeviceState heating(double celsius) {
        return DeviceState.builder().connectivity(Connectivity.OK).thermostatMode(ThermostatMode.HEAT)
                .targetSetpoint(Temperature.celsius(celsius)).temperature(Temperature.celsius(19.5)).observedAt(NOW).build();
    }

    // --- discovery and properties -------------------------------------------------------------

    @Test
    void discoveryIsTheOfficialCapabilityWithModesAndNoScheduling() {
        ObjectNode capability = thermostat.discovery(THERMOSTAT, true).get(0);
        assertEquals("[\"HEAT\",\"COOL\",\"AUTO\",\"OFF\"]", capability.at("/configuration/supportedModes").toString());
        assertFalse(capability.at("/configuration/supportsScheduling").asBoolean(true));
        ObjectNode withoutConfiguration = capability.deepCopy();
        withoutConfiguration.remove("configuration");
        assertEquals(CapabilityTesting.sampleCapability("Alexa.ThermostatController", "targetSetpoint"), withoutConfiguration);

        ObjectNode endpoint = registry.discoveryEndpoint(ENDPOINT, THERMOSTAT, true);
        assertEquals("THERMOSTAT", endpoint.at("/displayCategories/0").asText());
        List<String> interfaces = new java.util.ArrayList<>();
        endpoint.path("capabilities").forEach(c -> interfaces.add(c.path("interface").asText()));
        assertEquals(List.of("Alexa", "Alexa.ThermostatController", "Alexa.TemperatureSensor", "Alexa.EndpointHealth"), interfaces);
        CapabilityTesting.assertDiscoveryValid(endpoint);
    }

    @Test
    void aProfileWithoutModesAnnouncesNone() {
        Device plain = new Device("th-2", "Attic", null, null, null, DeviceKind.THERMOSTAT, List.of(new Trait.Thermostat(new ThermostatProfile(Set.of(), Temperature.celsius(5), Temperature.celsius(30)))));
        JsonNode configuration = thermostat.discovery(plain, true).get(0).get("configuration");
        assertFalse(configuration.has("supportedModes"));
        CapabilityTesting.assertDiscoveryValid(registry.discoveryEndpoint(ENDPOINT, plain, true));
    }

    @Test
    void responseCarriesSetpointModeTemperatureAndHealthLikeTheSample() {
        List<Property> properties = registry.properties(THERMOSTAT, heating(25), NOW);
        ObjectNode message = assertResponseValid(properties);
        assertEquals(4, properties.size());
        JsonNode official = AlexaSamples.load("ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.response.json");
        for (int i = 0; i < 2; i++) {
            JsonNode mine = message.at("/context/properties/" + i);
            JsonNode theirs = official.at("/context/properties/" + i);
            assertEquals(theirs.get("namespace"), mine.get("namespace"));
            assertEquals(theirs.get("name"), mine.get("name"));
            assertEquals(theirs.at("/value/scale"), mine.at("/value/scale"));
            assertEquals(theirs.at("/value/value").asDouble(), mine.at("/value/value").asDouble());
        }
        assertEquals("HEAT", message.at("/context/properties/1/value").asText());
        assertEquals("Alexa.TemperatureSensor", message.at("/context/properties/2/namespace").asText());
    }

    @Test
    void kelvinSetpointsAreReportedInCelsiusWithinTheSchemasBounds() {
        DeviceState state = heating(20).toBuilder().targetSetpoint(new Temperature(294.15, Temperature.Scale.KELVIN)).build();
        List<Property> properties = thermostat.properties(THERMOSTAT, state, NOW);
        assertEquals("CELSIUS", properties.get(0).value().get("scale").asText());
        assertEquals(21.0, properties.get(0).value().get("value").asDouble(), 1e-9);
        assertResponseValid(properties);
    }

    // --- SetTargetTemperature ------------------------------------------------------------------

    @Test
    void singleSetpointSampleBecomesASetpointCommand() {
        assertTrue(registry.needsCurrentState(sample(SET_SINGLE)), "an OFF thermostat refuses setpoints");
        assertEquals(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(25)),
                registry.toCommand(sample(SET_SINGLE), THERMOSTAT, heating(20)));
    }

    @Test
    void dualAndTripleSetpointsAreRefusedInTheThermostatNamespace() {
        AlexaError dual = assertRefused(() -> registry.toCommand(sample(SET_DUAL), THERMOSTAT, heating(20)));
        assertEquals("Alexa.ThermostatController", dual.namespace());
        assertEquals("DUAL_SETPOINTS_UNSUPPORTED", dual.type());
        AlexaError triple = assertRefused(() -> registry.toCommand(sample(SET_TRIPLE), THERMOSTAT, heating(20)));
        assertEquals("Alexa.ThermostatController", triple.namespace());
        assertEquals("TRIPLE_SETPOINTS_UNSUPPORTED", triple.type());
        AlexaError upperOnly = assertRefused(() -> registry.toCommand(withPayload(SET_SINGLE,
                "{\"upperSetpoint\":{\"value\":24,\"scale\":\"CELSIUS\"}}"), THERMOSTAT, heating(20)));
        assertEquals("DUAL_SETPOINTS_UNSUPPORTED", upperOnly.type());
    }

    @Test
    void aSetpointOutOfRangeTellsTheRangeInTheScaleSpoken() {
        AlexaError celsius = assertRefused(() -> registry.toCommand(withPayload(SET_SINGLE,
                "{\"targetSetpoint\":{\"value\":35.0,\"scale\":\"CELSIUS\"}}"), THERMOSTAT, heating(20)));
        assertEquals("Alexa", celsius.namespace());
        assertEquals("TEMPERATURE_VALUE_OUT_OF_RANGE", celsius.type());
        JsonNode range = celsius.payload().get("validRange");
        assertEquals(5.0, range.at("/minimumValue/value").asDouble());
        assertEquals(30.0, range.at("/maximumValue/value").asDouble());
        assertEquals("CELSIUS", range.at("/minimumValue/scale").asText());
        // the shape of the official sample
        JsonNode official = AlexaSamples.load("ErrorResponse/ErrorResponse.General.TEMPERATURE_VALUE_OUT_OF_RANGE.json").at("/event/payload");
        assertEquals(fieldNames(official), fieldNames(celsius.payload()));
        assertEquals(fieldNames(official.at("/validRange/minimumValue")), fieldNames(range.get("minimumValue")));

        AlexaError fahrenheit = assertRefused(() -> registry.toCommand(withPayload(SET_SINGLE,
                "{\"targetSetpoint\":{\"value\":100,\"scale\":\"FAHRENHEIT\"}}"), THERMOSTAT, heating(20)));
        JsonNode fRange = fahrenheit.payload().get("validRange");
        assertEquals(41.0, fRange.at("/minimumValue/value").asDouble());
        assertEquals(86.0, fRange.at("/maximumValue/value").asDouble());
        assertEquals("FAHRENHEIT", fRange.at("/maximumValue/scale").asText());

        // the bounds themselves are accepted, in any scale
        assertEquals(new DeviceCommand.SetTargetSetpoint(new Temperature(86, Temperature.Scale.FAHRENHEIT)),
                registry.toCommand(withPayload(SET_SINGLE, "{\"targetSetpoint\":{\"value\":86,\"scale\":\"FAHRENHEIT\"}}"),
                        THERMOSTAT, heating(20)));
    }

    @Test
    void anOffThermostatRefusesSetpoints() {
        DeviceState off = heating(20).toBuilder().thermostatMode(ThermostatMode.OFF).build();
        AlexaError set = assertRefused(() -> registry.toCommand(sample(SET_SINGLE), THERMOSTAT, off));
        assertEquals("Alexa.ThermostatController", set.namespace());
        assertEquals("THERMOSTAT_IS_OFF", set.type());
        assertEquals("THERMOSTAT_IS_OFF", assertRefused(() -> registry.toCommand(sample(ADJUST), THERMOSTAT, off)).type());
        // but it can be switched on
        assertEquals(new DeviceCommand.SetThermostatMode(ThermostatMode.COOL), registry.toCommand(sample(SET_MODE), THERMOSTAT, off));
    }

    @Test
    void malformedSetpointsAreInvalidDirectives() {
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(withPayload(SET_SINGLE, "{}"), THERMOSTAT, heating(20))).type());
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(withPayload(SET_SINGLE,
                "{\"targetSetpoint\":{\"value\":\"warm\",\"scale\":\"CELSIUS\"}}"), THERMOSTAT, heating(20))).type());
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(withPayload(SET_SINGLE,
                "{\"targetSetpoint\":{\"value\":20,\"scale\":\"RANKINE\"}}"), THERMOSTAT, heating(20))).type());
    }

    // --- AdjustTargetTemperature --------------------------------------------------------------

    @Test
    void adjustStartsFromTheCurrentSetpointConvertingTheDelta() {
        assertTrue(registry.needsCurrentState(sample(ADJUST)));
        // sample: -2 °F = -1.11 °C from 21 °C
        assertEquals(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(19.9)),
                registry.toCommand(sample(ADJUST), THERMOSTAT, heating(21)));
        DeviceState fahrenheit = heating(20).toBuilder().targetSetpoint(new Temperature(70, Temperature.Scale.FAHRENHEIT)).build();
        assertEquals(new DeviceCommand.SetTargetSetpoint(new Temperature(68, Temperature.Scale.FAHRENHEIT)),
                registry.toCommand(sample(ADJUST), THERMOSTAT, fahrenheit));
        assertEquals(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(22.5)), registry.toCommand(withPayload(ADJUST,
                "{\"targetSetpointDelta\":{\"value\":1.5,\"scale\":\"CELSIUS\"}}"), THERMOSTAT, heating(21)));
    }

    @Test
    void adjustPastTheRangeIsRefusedAndAnUnknownSetpointIsInvalid() {
        AlexaError beyond = assertRefused(() -> registry.toCommand(withPayload(ADJUST,
                "{\"targetSetpointDelta\":{\"value\":3,\"scale\":\"CELSIUS\"}}"), THERMOSTAT, heating(29)));
        assertEquals("TEMPERATURE_VALUE_OUT_OF_RANGE", beyond.type());
        DeviceState unknown = heating(20).toBuilder().targetSetpoint(null).build();
        assertEquals("INVALID_VALUE", assertRefused(() -> registry.toCommand(sample(ADJUST), THERMOSTAT, unknown)).type());
    }

    // --- SetThermostatMode --------------------------------------------------------------------

    @Test
    void modesTheProfileListsAreAcceptedOthersRefused() {
        assertFalse(registry.needsCurrentState(sample(SET_MODE)));
        assertEquals(new DeviceCommand.SetThermostatMode(ThermostatMode.COOL), registry.toCommand(sample(SET_MODE), THERMOSTAT, null));
        AlexaError eco = assertRefused(() -> registry.toCommand(withPayload(SET_MODE, "{\"thermostatMode\":{\"value\":\"ECO\"}}"),
                THERMOSTAT, null));
        assertEquals("Alexa.ThermostatController", eco.namespace());
        assertEquals("UNSUPPORTED_THERMOSTAT_MODE", eco.type());
        assertEquals("UNSUPPORTED_THERMOSTAT_MODE", assertRefused(() -> registry.toCommand(withPayload(SET_MODE,
                "{\"thermostatMode\":{\"value\":\"CUSTOM\",\"customName\":\"VENTILATE\"}}"), THERMOSTAT, null)).type());
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(withPayload(SET_MODE, "{\"thermostatMode\":\"COOL\"}"),
                THERMOSTAT, null)).type());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
