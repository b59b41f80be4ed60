package dev.homewire.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.Json;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceJsonTest {
    private static final Instant OBSERVED = Instant.parse("2024-05-01T10:15:30.123Z");

    @Test
    void fullDeviceRoundTrips() {
        Device device = new Device("lamp-1", "Desk lamp", "A lamp on the desk", "Lumio", "L-100", DeviceKind.LIGHT,
                List.of(new Trait.Color(), new Trait.Power(), new Trait.Brightness(), new Trait.ColorTemperature(new Device.KelvinRange(2700, 6500))));
        String json = DeviceJson.writeDevice(device);
        assertEquals(device, DeviceJson.readDevice(json));

        JsonNode tree = Json.read(json);
        assertEquals("LIGHT", tree.get("kind").asText());
        // each trait is its record's name and components, in the order the vendor gave them
        assertEquals("[{\"type\":\"Color\"},{\"type\":\"Power\"},{\"type\":\"Brightness\"},"
                + "{\"type\":\"ColorTemperature\",\"range\":{\"minimumKelvin\":2700,\"maximumKelvin\":6500}}]",
                tree.get("traits").toString());
    }

    @Test
    void devicesStoredByEarlierReleasesStillRead() {
        Device legacy = DeviceJson.readDevice("{\"deviceId\":\"lamp-1\",\"friendlyName\":\"Desk lamp\",\"kind\":\"LIGHT\","
                + "\"traits\":[\"POWER\",\"COLOR_TEMPERATURE\"],\"colorTemperatureRange\":{\"minimumKelvin\":2700,\"maximumKelvin\":6500}}");
        assertEquals(List.of(new Trait.Power(), new Trait.ColorTemperature(new Device.KelvinRange(2700, 6500))), legacy.traits());
    }

    @Test
    void minimalDeviceRoundTripsWithDefaults() {
        Device device = new Device("plug-9", "Plug", null, null, null, DeviceKind.PLUG, List.of());
        Device read = DeviceJson.deviceFromJson(DeviceJson.deviceToJson(device));
        assertEquals(device, read);
        assertEquals("Plug", read.description());
        assertEquals("Unknown", read.manufacturer());
        assertTrue(read.traits().isEmpty());
        assertEquals("[]", DeviceJson.deviceToJson(device).get("traits").toString());
    }

    @Test
    void fullStateRoundTripsWithMillisecondInstant() {
        DeviceState state = DeviceState.builder().connectivity(Connectivity.OK).power(PowerState.ON).brightness(42).color(new Hsb(350.5, 0.7125, 0.6)).colorTemperatureKelvin(4000).observedAt(OBSERVED).build();
        String json = DeviceJson.writeState(state);
        DeviceState read = DeviceJson.readState(json);
        assertEquals(state, read);
        assertEquals(OBSERVED.toEpochMilli(), Json.read(json).get("observedAt").asLong());
        assertEquals(350.5, read.color().hue());
    }

    @Test
    void sparseStateLeavesAbsentPropertiesOut() {
        DeviceState state = DeviceState.builder().connectivity(Connectivity.UNREACHABLE).observedAt(OBSERVED).build();
        JsonNode json = DeviceJson.stateToJson(state);
        assertEquals(Set.of("connectivity", "observedAt"), Set.copyOf(iterable(json)));
        DeviceState read = DeviceJson.stateFromJson(json);
        assertEquals(state, read);
        assertNull(read.power());
        assertNull(read.brightness());
        assertNull(read.color());
        assertNull(read.colorTemperatureKelvin());
    }

    @Test
    void subMillisecondPrecisionIsDropped() {
        Instant precise = Instant.parse("2024-05-01T10:15:30.123456789Z");
        DeviceState read = DeviceJson.readState(DeviceJson.writeState(DeviceState.builder().power(PowerState.OFF).observedAt(precise).build()));
        assertEquals(OBSERVED, read.observedAt());
    }

    @Test
    void vendorAccountRoundTripsAndCredentialsStayOutOfErrors() {
        VendorAccount account = new VendorAccount("lumio", "acct-7", Map.of("apiKey", "s3cret", "region", "eu"));
        assertEquals(account, DeviceJson.vendorAccountFromJson(DeviceJson.vendorAccountToJson(account)));
        assertEquals(Map.of(), DeviceJson.credentialsFromJson(null));
        assertEquals(Map.of("a", "b"), DeviceJson.credentialsFromJson(DeviceJson.credentialsToJson(Map.of("a", "b"))));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceJson.credentialsFromJson(Json.read("{\"apiKey\":{\"nested\":\"s3cret\"}}")));
        assertTrue(e.getMessage().contains("apiKey"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void malformedInputIsRefusedClearly() {
        assertMessage("not JSON", () -> DeviceJson.readState("{oops"));
        assertMessage("expected a JSON object", () -> DeviceJson.readState("[1]"));
        assertMessage("observedAt", () -> DeviceJson.readState("{\"connectivity\":\"OK\"}"));
        assertMessage("unknown connectivity 'MAYBE'", () -> DeviceJson.readState("{\"connectivity\":\"MAYBE\",\"observedAt\":1}"));
        assertMessage("brightness", () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"brightness\":\"x\"}"));
        assertMessage("brightness: out of range 0..100", () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"brightness\":101}"));
        assertMessage("deviceId", () -> DeviceJson.readDevice("{\"friendlyName\":\"x\",\"kind\":\"LIGHT\"}"));
        assertMessage("unknown device trait 'FLY'",
                () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"LIGHT\",\"traits\":[\"FLY\"]}"));
        assertMessage("bad Kelvin range", () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"LIGHT\","
                + "\"traits\":[{\"type\":\"ColorTemperature\",\"range\":{\"minimumKelvin\":9000,\"maximumKelvin\":2000}}]}"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    private static java.util.List<String> iterable(JsonNode json) {
        java.util.List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
