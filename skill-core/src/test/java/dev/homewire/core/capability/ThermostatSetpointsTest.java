package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.assertRefused;
import static dev.homewire.core.capability.CapabilityTesting.sample;
import static dev.homewire.core.capability.CapabilityTesting.withPayload;
import static dev.homewire.core.capability.TestDevices.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dual- and triple-setpoint thermostats: the official dual and triple samples, minimum deltas, adjusting a range. */
class ThermostatSetpointsTest {
    private static final String SET_SINGLE = "ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json";
    private static final String SET_DUAL = "ThermostatController/ThermostatController.SetTargetTemperature.DualMode.request.json";
    private static final String SET_TRIPLE = "ThermostatController/ThermostatController.SetTargetTemperature.TripleMode.request.json";
    private static final String ADJUST = "ThermostatController/ThermostatController.AdjustTargetTemperature.request.json";
    private final CapabilityRegistry registry = CapabilityRegistry.standard();

    private static Temperature f(double value) {
        return new Temperature(value, Temperature.Scale.FAHRENHEIT);
    }

    private static DeviceState auto(Temperature lower, Temperature upper, Temperature target) {
        return DeviceState.builder().thermostatMode(ThermostatMode.AUTO).set(StateKey.LOWER_SETPOINT, lower)
                .set(StateKey.UPPER_SETPOINT, upper).targetSetpoint(target).temperature(Temperature.celsius(21)).observedAt(NOW).build();
    }

    @Test
    void aDualThermostatAnnouncesAndReportsBothBoundsLikeTheSample() {
        JsonNode capability = new ThermostatControllerInterface().discovery(TestDevices.DUAL_THERMOSTAT, true).get(0);
        assertEquals("[{\"name\":\"targetSetpoint\"},{\"name\":\"lowerSetpoint\"},{\"name\":\"upperSetpoint\"},{\"name\":\"thermostatMode\"}]",
                capability.at("/properties/supported").toString());
        DeviceState state = auto(f(68), f(78), null);
        AlexaEvent response = registry.answer("Alexa.ThermostatController", "SetTargetTemperature", "ct", "test#t",
                TestDevices.DUAL_THERMOSTAT, state, null, NOW);
        JsonNode json = AlexaEvent.withGatewayToken(response.toJson(), "t");
        AlexaSchema.assertValid(json);
        JsonNode official = AlexaSamples.load(SET_DUAL.replace("request", "response"));
        // the sample's properties, in its order: lowerSetpoint, upperSetpoint, thermostatMode (its values are its own)
        for (int i = 0; i < 3; i++) {
            assertEquals(official.at("/context/properties/" + i + "/name"), json.at("/context/properties/" + i + "/name"));
        }
        assertEquals("{\"value\":68.0,\"scale\":\"FAHRENHEIT\"}", json.at("/context/properties/0/value").toString());
        assertEquals("{\"value\":78.0,\"scale\":\"FAHRENHEIT\"}", json.at("/context/properties/1/value").toString());
    }

    @Test
    void dualAndTripleSamplesBecomeRangeCommandsWhereTheProfileTakesThem() {
        DeviceState state = auto(Temperature.celsius(19), Temperature.celsius(24), null);
        assertEquals(new DeviceCommand.SetSetpointRange(f(68), f(78), null),
                registry.toCommand(sample(SET_DUAL), TestDevices.DUAL_THERMOSTAT, state));
        assertEquals("TRIPLE_SETPOINTS_UNSUPPORTED",
                assertRefused(() -> registry.toCommand(sample(SET_TRIPLE), TestDevices.DUAL_THERMOSTAT, state)).type());
        assertEquals(new DeviceCommand.SetSetpointRange(f(68), f(78), f(73)),
                registry.toCommand(sample(SET_TRIPLE), TestDevices.TRIPLE_THERMOSTAT, state));
        assertEquals(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(25)),
                registry.toCommand(sample(SET_SINGLE), TestDevices.TRIPLE_THERMOSTAT, state));
    }

    @Test
    void boundsCloserThanTheMinimumDeltaAreRefusedWithIt() {
        DeviceState state = auto(Temperature.celsius(19), Temperature.celsius(24), null);
        AlexaError close = assertRefused(() -> registry.toCommand(withPayload(SET_DUAL, "{\"lowerSetpoint\":{\"value\":70,\"scale\":"
                + "\"FAHRENHEIT\"},\"upperSetpoint\":{\"value\":72,\"scale\":\"FAHRENHEIT\"}}"), TestDevices.DUAL_THERMOSTAT, state));
        assertEquals("Alexa.ThermostatController", close.namespace());
        assertEquals("REQUESTED_SETPOINTS_TOO_CLOSE", close.type());
        assertEquals("{\"value\":3.6,\"scale\":\"FAHRENHEIT\"}", close.payload().get("minimumTemperatureDelta").toString());
        JsonNode official = AlexaSamples.load("ThermostatController/ErrorResponse.ThermostatController.REQUESTED_SETPOINTS_TOO_CLOSE.json");
        assertEquals(official.at("/event/payload/type").asText(), close.type());
        // checked before queueing too
        assertRefused(() -> {
            registry.validate(withPayload(SET_DUAL, "{\"lowerSetpoint\":{\"value\":22,\"scale\":\"CELSIUS\"},\"upperSetpoint\":"
                    + "{\"value\":20,\"scale\":\"CELSIUS\"}}"), TestDevices.DUAL_THERMOSTAT);
            return null;
        });
        AlexaError outside = assertRefused(() -> registry.toCommand(withPayload(SET_TRIPLE, "{\"targetSetpoint\":{\"value\":80,"
                + "\"scale\":\"FAHRENHEIT\"},\"lowerSetpoint\":{\"value\":68,\"scale\":\"FAHRENHEIT\"},\"upperSetpoint\":{\"value\":78,"
                + "\"scale\":\"FAHRENHEIT\"}}"), TestDevices.TRIPLE_THERMOSTAT, state));
        assertEquals("INVALID_VALUE", outside.type(), "a target outside the bounds is not a too-close pair");
    }

    @Test
    void oneBoundAloneKeepsTheOtherFromTheState() {
        DeviceState state = auto(Temperature.celsius(19), Temperature.celsius(24), null);
        assertEquals(new DeviceCommand.SetSetpointRange(Temperature.celsius(19), Temperature.celsius(26), null),
                registry.toCommand(withPayload(SET_DUAL, "{\"upperSetpoint\":{\"value\":26,\"scale\":\"CELSIUS\"}}"),
                        TestDevices.DUAL_THERMOSTAT, state));
        assertEquals("REQUESTED_SETPOINTS_TOO_CLOSE", assertRefused(() -> registry.toCommand(withPayload(SET_DUAL,
                "{\"lowerSetpoint\":{\"value\":23,\"scale\":\"CELSIUS\"}}"), TestDevices.DUAL_THERMOSTAT, state)).type());
    }

    @Test
    void adjustingInAutoMovesBothBoundsInEitherScale() {
        DeviceState celsius = auto(Temperature.celsius(19), Temperature.celsius(24), null);
        assertEquals(new DeviceCommand.SetSetpointRange(Temperature.celsius(17.9), Temperature.celsius(22.9), null),
                registry.toCommand(sample(ADJUST), TestDevices.DUAL_THERMOSTAT, celsius));
        DeviceState fahrenheit = auto(f(68), f(78), null);
        assertEquals(new DeviceCommand.SetSetpointRange(f(69.8), f(79.8), null), registry.toCommand(withPayload(ADJUST,
                "{\"targetSetpointDelta\":{\"value\":1,\"scale\":\"CELSIUS\"}}"), TestDevices.DUAL_THERMOSTAT, fahrenheit));
        // in HEAT with a target, the target moves
        DeviceState heating = celsius.toBuilder().thermostatMode(ThermostatMode.HEAT).targetSetpoint(Temperature.celsius(21)).build();
        assertEquals(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(19.9)),
                registry.toCommand(sample(ADJUST), TestDevices.DUAL_THERMOSTAT, heating));
        assertEquals("TEMPERATURE_VALUE_OUT_OF_RANGE", assertRefused(() -> registry.toCommand(withPayload(ADJUST,
                "{\"targetSetpointDelta\":{\"value\":10,\"scale\":\"CELSIUS\"}}"), TestDevices.DUAL_THERMOSTAT, celsius)).type());
    }

    @Test
    void theAdjustSampleNeedsNoStoredStateBeforeQueueing() {
        // right after discovery nothing is stored: the entrypoint checks the payload only, the processor asks the vendor
        registry.validate(sample(ADJUST), TestDevices.TRIPLE_THERMOSTAT);
        registry.validate(sample(ADJUST), ThermostatControllerInterfaceTest.THERMOSTAT);
        assertEquals(List.of(), List.of());
    }
}
