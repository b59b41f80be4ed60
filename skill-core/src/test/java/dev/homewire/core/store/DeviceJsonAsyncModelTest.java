package dev.homewire.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Json;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Locks, thermostats and commands as stored: every field round-trips. */
class DeviceJsonAsyncModelTest {
    private static final Instant OBSERVED = Instant.parse("2026-03-01T12:00:00.250Z");

    @Test
    void lockAndThermostatStateRoundTrips() {
        DeviceState state = DeviceState.builder().connectivity(Connectivity.OK).power(PowerState.ON)
                .lockState(LockState.JAMMED).targetSetpoint(new Temperature(70.5, Temperature.Scale.FAHRENHEIT))
                .thermostatMode(ThermostatMode.ECO).temperature(Temperature.celsius(21.25)).observedAt(OBSERVED).build();
        String json = DeviceJson.writeState(state);
        assertEquals(state, DeviceJson.readState(json));

        JsonNode tree = Json.read(json);
        assertEquals("JAMMED", tree.get("lockState").asText());
        assertEquals(70.5, tree.at("/targetSetpoint/value").asDouble());
        assertEquals("FAHRENHEIT", tree.at("/targetSetpoint/scale").asText());
        assertEquals("ECO", tree.get("thermostatMode").asText());
        assertEquals("CELSIUS", tree.at("/temperature/scale").asText());
    }

    @Test
    void everyLockStateAndModeRoundTrips() {
        for (LockState lock : LockState.values()) {
            DeviceState state = DeviceState.builder().lockState(lock).observedAt(OBSERVED).build();
            assertEquals(state, DeviceJson.readState(DeviceJson.writeState(state)));
        }
        for (ThermostatMode mode : ThermostatMode.values()) {
            DeviceState state = DeviceState.builder().thermostatMode(mode)
                    .temperature(new Temperature(295.15, Temperature.Scale.KELVIN)).observedAt(OBSERVED).build();
            assertEquals(state, DeviceJson.readState(DeviceJson.writeState(state)));
        }
    }

    @Test
    void statesWithoutTheNewFieldsStayAsBefore() {
        DeviceState light = new DeviceState(Connectivity.OK, PowerState.OFF, 10, null, null, OBSERVED);
        JsonNode json = DeviceJson.stateToJson(light);
        assertFalse(json.has("lockState"));
        assertFalse(json.has("targetSetpoint"));
        assertFalse(json.has("thermostatMode"));
        assertFalse(json.has("temperature"));
        DeviceState read = DeviceJson.stateFromJson(json);
        assertNull(read.lockState());
        assertNull(read.targetSetpoint());
        // a stored light state of the previous release reads the same
        assertEquals(light, DeviceJson.readState("{\"connectivity\":\"OK\",\"power\":\"OFF\",\"brightness\":10,\"observedAt\":"
                + OBSERVED.toEpochMilli() + "}"));
    }

    @Test
    void thermostatDeviceRoundTrips() {
        Device thermostat = new Device("th-1", "Hallway", null, "Thermia", "T-2", DeviceKind.THERMOSTAT,
                Set.of(Trait.THERMOSTAT, Trait.TEMPERATURE_SENSOR), null,
                new ThermostatProfile(Set.of(ThermostatMode.OFF, ThermostatMode.HEAT, ThermostatMode.ECO),
                        Temperature.celsius(5), Temperature.celsius(30)));
        String json = DeviceJson.writeDevice(thermostat);
        assertEquals(thermostat, DeviceJson.readDevice(json));
        JsonNode tree = Json.read(json);
        assertEquals("[\"HEAT\",\"ECO\",\"OFF\"]", tree.at("/thermostat/supportedModes").toString(), "modes in enum order");
        assertEquals(5.0, tree.at("/thermostat/minimumSetpoint/value").asDouble());
        assertEquals("CELSIUS", tree.at("/thermostat/maximumSetpoint/scale").asText());
    }

    @Test
    void thermostatWithoutModesAndLockRoundTrip() {
        Device thermostat = new Device("th-2", "Attic", null, null, null, DeviceKind.THERMOSTAT, Set.of(Trait.THERMOSTAT), null,
                new ThermostatProfile(Set.of(), new Temperature(41, Temperature.Scale.FAHRENHEIT),
                        new Temperature(86, Temperature.Scale.FAHRENHEIT)));
        assertEquals(thermostat, DeviceJson.deviceFromJson(DeviceJson.deviceToJson(thermostat)));

        Device lock = new Device("lock-1", "Front door", null, "Latchkey", "LK-1", DeviceKind.SMARTLOCK, Set.of(Trait.LOCK), null);
        assertEquals(lock, DeviceJson.readDevice(DeviceJson.writeDevice(lock)));
        assertFalse(DeviceJson.deviceToJson(lock).has("thermostat"));
    }

    @Test
    void everyCommandRoundTrips() {
        List<DeviceCommand> commands = List.of(
                new DeviceCommand.SetPower(PowerState.ON),
                new DeviceCommand.SetPower(PowerState.OFF),
                new DeviceCommand.SetBrightness(0),
                new DeviceCommand.SetBrightness(100),
                new DeviceCommand.SetColor(new Hsb(350.5, 0.7138, 0.6524)),
                new DeviceCommand.SetColorTemperature(2700),
                new DeviceCommand.SetLockState(LockState.LOCKED),
                new DeviceCommand.SetLockState(LockState.UNLOCKED),
                new DeviceCommand.SetTargetSetpoint(Temperature.celsius(21.5)),
                new DeviceCommand.SetTargetSetpoint(new Temperature(68, Temperature.Scale.FAHRENHEIT)),
                new DeviceCommand.SetThermostatMode(ThermostatMode.COOL));
        for (DeviceCommand command : commands) {
            String json = DeviceJson.writeCommand(command);
            assertEquals(command, DeviceJson.readCommand(json), json);
            assertEquals(command.getClass().getSimpleName(), Json.read(json).get("type").asText());
        }
        // every record of the sealed interface is covered
        Set<Class<?>> covered = new java.util.HashSet<>();
        commands.forEach(c -> covered.add(c.getClass()));
        assertEquals(Set.of(DeviceCommand.class.getPermittedSubclasses()), covered);
    }

    @Test
    void commandShapesAreStable() {
        assertEquals("{\"type\":\"SetLockState\",\"lockState\":\"LOCKED\"}",
                DeviceJson.writeCommand(new DeviceCommand.SetLockState(LockState.LOCKED)));
        assertEquals("{\"type\":\"SetTargetSetpoint\",\"setpoint\":{\"value\":21.0,\"scale\":\"CELSIUS\"}}",
                DeviceJson.writeCommand(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(21))));
        assertEquals("{\"type\":\"SetThermostatMode\",\"mode\":\"HEAT\"}",
                DeviceJson.writeCommand(new DeviceCommand.SetThermostatMode(ThermostatMode.HEAT)));
    }

    @Test
    void malformedInputIsRefusedClearly() {
        assertMessage("unknown lock state 'OPEN'",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"lockState\":\"OPEN\"}"));
        assertMessage("field 'targetSetpoint' must be an object",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"targetSetpoint\":21}"));
        assertMessage("unknown temperature scale 'RANKINE'",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"temperature\":{\"value\":1,\"scale\":\"RANKINE\"}}"));
        assertMessage("field 'value' must be a number",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"temperature\":{\"scale\":\"CELSIUS\"}}"));
        assertMessage("field 'maximumSetpoint' is missing", () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\","
                + "\"kind\":\"THERMOSTAT\",\"traits\":[\"THERMOSTAT\"],\"thermostat\":{\"minimumSetpoint\":{\"value\":5,\"scale\":\"CELSIUS\"}}}"));
        assertMessage("needs a ThermostatProfile",
                () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"THERMOSTAT\",\"traits\":[\"THERMOSTAT\"]}"));
        assertMessage("not JSON", () -> DeviceJson.readCommand("{oops"));
        assertMessage("field 'type'", () -> DeviceJson.readCommand("{\"power\":\"ON\"}"));
        assertMessage("unknown device command type 'Explode'", () -> DeviceJson.readCommand("{\"type\":\"Explode\"}"));
        assertMessage("malformed SetLockState command", () -> DeviceJson.readCommand("{\"type\":\"SetLockState\",\"lockState\":\"JAMMED\"}"));
        assertMessage("malformed SetBrightness command", () -> DeviceJson.readCommand("{\"type\":\"SetBrightness\",\"brightness\":101}"));
        assertMessage("field 'setpoint' is missing", () -> DeviceJson.readCommand("{\"type\":\"SetTargetSetpoint\"}"));
        assertMessage("power state", () -> DeviceJson.readCommand("{\"type\":\"SetPower\"}"));
    }

    @Test
    void modesAreReadAsASet() {
        Device device = DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"THERMOSTAT\","
                + "\"traits\":[\"THERMOSTAT\"],\"thermostat\":{\"supportedModes\":[\"COOL\",\"HEAT\",\"COOL\"],"
                + "\"minimumSetpoint\":{\"value\":5,\"scale\":\"CELSIUS\"},\"maximumSetpoint\":{\"value\":30,\"scale\":\"CELSIUS\"}}}");
        assertEquals(EnumSet.of(ThermostatMode.COOL, ThermostatMode.HEAT), EnumSet.copyOf(device.thermostat().supportedModes()));
        assertTrue(device.has(Trait.THERMOSTAT));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
