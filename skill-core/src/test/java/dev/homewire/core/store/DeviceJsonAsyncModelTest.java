package dev.homewire.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.EqualizerBand;
import dev.homewire.adapter.spi.EqualizerMode;
import dev.homewire.adapter.spi.LaunchTarget;
import dev.homewire.adapter.spi.PlaybackOperation;
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
import java.util.Map;
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
        DeviceState light = DeviceState.builder().connectivity(Connectivity.OK).power(PowerState.OFF).brightness(10).observedAt(OBSERVED).build();
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
                List.of(new Trait.Thermostat(new ThermostatProfile(Set.of(ThermostatMode.OFF, ThermostatMode.HEAT, ThermostatMode.ECO),
                        Temperature.celsius(5), Temperature.celsius(30))), new Trait.TemperatureSensor()));
        String json = DeviceJson.writeDevice(thermostat);
        assertEquals(thermostat, DeviceJson.readDevice(json));
        JsonNode tree = Json.read(json);
        assertEquals("Thermostat", tree.at("/traits/0/type").asText());
        assertEquals("[\"HEAT\",\"ECO\",\"OFF\"]", tree.at("/traits/0/profile/supportedModes").toString(), "modes in enum order");
        assertEquals(5.0, tree.at("/traits/0/profile/minimumSetpoint/value").asDouble());
        assertEquals("CELSIUS", tree.at("/traits/0/profile/maximumSetpoint/scale").asText());
        assertEquals("SINGLE", tree.at("/traits/0/profile/setpoints").asText());
    }

    @Test
    void thermostatWithoutModesAndLockRoundTrip() {
        Device thermostat = new Device("th-2", "Attic", null, null, null, DeviceKind.THERMOSTAT, List.of(new Trait.Thermostat(new ThermostatProfile(Set.of(), new Temperature(41, Temperature.Scale.FAHRENHEIT),
                        new Temperature(86, Temperature.Scale.FAHRENHEIT)))));
        assertEquals(thermostat, DeviceJson.deviceFromJson(DeviceJson.deviceToJson(thermostat)));

        Device lock = new Device("lock-1", "Front door", null, "Latchkey", "LK-1", DeviceKind.SMARTLOCK, List.of(new Trait.Lock()));
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
                new DeviceCommand.SetThermostatMode(ThermostatMode.COOL),
                new DeviceCommand.SetSetpointRange(Temperature.celsius(19), Temperature.celsius(24), null),
                new DeviceCommand.SetSetpointRange(Temperature.celsius(19), Temperature.celsius(24), Temperature.celsius(21)),
                new DeviceCommand.SetPowerLevel(42),
                new DeviceCommand.SetPercentage(74),
                new DeviceCommand.SetRangeValue("Blind.Lift", 50),
                new DeviceCommand.SetMode("Fan.Direction", "Direction.Forward"),
                new DeviceCommand.SetToggle("Fan.Oscillate", true),
                new DeviceCommand.SetSceneActive(true),
                new DeviceCommand.Arm(ArmState.ARMED_AWAY, false),
                new DeviceCommand.Disarm(null),
                new DeviceCommand.Hold(Instant.parse("2026-03-01T12:30:00Z")),
                new DeviceCommand.Hold(null),
                new DeviceCommand.Resume(),
                new DeviceCommand.InitializeCameraStreams(List.of(new CameraStreams.Request(CameraStreams.Protocol.RTSP,
                        new CameraStreams.Resolution(1920, 1080), null, CameraStreams.VideoCodec.H264, CameraStreams.AudioCodec.AAC))),
                new DeviceCommand.SetVolume(50),
                new DeviceCommand.SetMute(true, false),
                new DeviceCommand.AdjustVolumeSteps(-20),
                new DeviceCommand.Playback(PlaybackOperation.FAST_FORWARD),
                new DeviceCommand.Seek(-30_000),
                new DeviceCommand.ChangeChannel(new ChannelInfo("1234", "KSTATION1", null)),
                new DeviceCommand.SkipChannels(5),
                new DeviceCommand.SelectInput("HDMI1"),
                new DeviceCommand.Launch(new LaunchTarget("amzn1.alexa-ask-target.app.72095", "Netflix")),
                new DeviceCommand.SetRecording(true),
                new DeviceCommand.SetEqualizerBands(Map.of(EqualizerBand.BASS, -2, EqualizerBand.TREBLE, 3)),
                new DeviceCommand.SetEqualizerMode(EqualizerMode.MOVIE));
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
    void aDisarmIsStoredWithoutItsPin() {
        String json = DeviceJson.writeCommand(new DeviceCommand.Disarm("4321"));
        assertFalse(json.contains("4321"), json);
        assertEquals(new DeviceCommand.Disarm(null), DeviceJson.readCommand(json));
    }

    @Test
    void commandShapesAreStable() {
        assertEquals("{\"type\":\"SetLockState\",\"lockState\":\"LOCKED\"}",
                DeviceJson.writeCommand(new DeviceCommand.SetLockState(LockState.LOCKED)));
        assertEquals("{\"type\":\"SetTargetSetpoint\",\"setpoint\":{\"value\":21.0,\"scale\":\"CELSIUS\"}}",
                DeviceJson.writeCommand(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(21))));
        assertEquals("{\"type\":\"SetThermostatMode\",\"mode\":\"HEAT\"}",
                DeviceJson.writeCommand(new DeviceCommand.SetThermostatMode(ThermostatMode.HEAT)));
        assertEquals("{\"type\":\"SetRangeValue\",\"instance\":\"Blind.Lift\",\"value\":50.0}",
                DeviceJson.writeCommand(new DeviceCommand.SetRangeValue("Blind.Lift", 50)));
        assertEquals("{\"type\":\"SetEqualizerBands\",\"levels\":{\"BASS\":-2,\"TREBLE\":3}}",
                DeviceJson.writeCommand(new DeviceCommand.SetEqualizerBands(Map.of(EqualizerBand.TREBLE, 3, EqualizerBand.BASS, -2))));
    }

    @Test
    void malformedInputIsRefusedClearly() {
        assertMessage("lockState: unknown value 'OPEN'",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"lockState\":\"OPEN\"}"));
        assertMessage("targetSetpoint: expected a JSON object",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"targetSetpoint\":21}"));
        assertMessage("unknown temperature scale 'RANKINE'",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"temperature\":{\"value\":1,\"scale\":\"RANKINE\"}}"));
        assertMessage("field 'value' must be a number",
                () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"temperature\":{\"scale\":\"CELSIUS\"}}"));
        assertMessage("malformed Thermostat trait: maximumSetpoint", () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\","
                + "\"kind\":\"THERMOSTAT\",\"traits\":[{\"type\":\"Thermostat\",\"profile\":{\"minimumSetpoint\":{\"value\":5,\"scale\":\"CELSIUS\"}}}]}"));
        assertMessage("unknown device trait type 'Teleporter'", () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\","
                + "\"kind\":\"OTHER\",\"traits\":[{\"type\":\"Teleporter\"}]}"));
        assertMessage("temperature", () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\","
                + "\"kind\":\"THERMOSTAT\",\"traits\":[\"THERMOSTAT\"],\"thermostat\":{\"minimumSetpoint\":{\"value\":5,\"scale\":\"CELSIUS\"}}}"));
        assertMessage("needs field 'thermostat'",
                () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"THERMOSTAT\",\"traits\":[\"THERMOSTAT\"]}"));
        assertMessage("not JSON", () -> DeviceJson.readCommand("{oops"));
        assertMessage("field 'type'", () -> DeviceJson.readCommand("{\"power\":\"ON\"}"));
        assertMessage("unknown device command type 'Explode'", () -> DeviceJson.readCommand("{\"type\":\"Explode\"}"));
        assertMessage("malformed SetLockState command", () -> DeviceJson.readCommand("{\"type\":\"SetLockState\",\"lockState\":\"JAMMED\"}"));
        assertMessage("malformed SetBrightness command", () -> DeviceJson.readCommand("{\"type\":\"SetBrightness\",\"brightness\":101}"));
        assertMessage("malformed SetTargetSetpoint command: setpoint", () -> DeviceJson.readCommand("{\"type\":\"SetTargetSetpoint\"}"));
        assertMessage("malformed SetPower command: power", () -> DeviceJson.readCommand("{\"type\":\"SetPower\"}"));
    }

    @Test
    void modesAreReadAsASet() {
        Device device = DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"THERMOSTAT\","
                + "\"traits\":[\"THERMOSTAT\"],\"thermostat\":{\"supportedModes\":[\"COOL\",\"HEAT\",\"COOL\"],"
                + "\"minimumSetpoint\":{\"value\":5,\"scale\":\"CELSIUS\"},\"maximumSetpoint\":{\"value\":30,\"scale\":\"CELSIUS\"}}}");
        assertEquals(EnumSet.of(ThermostatMode.COOL, ThermostatMode.HEAT),
                EnumSet.copyOf(device.trait(Trait.Thermostat.class).orElseThrow().profile().supportedModes()));
        assertTrue(device.has(Trait.Thermostat.class));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
