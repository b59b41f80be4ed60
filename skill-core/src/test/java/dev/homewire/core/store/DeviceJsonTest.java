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
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceJsonTest {
    private static final Instant OBSERVED = Instant.parse("2024-05-01T10:15:30.123Z");

    @Test
    void fullDeviceRoundTrips() {
        Device device = new Device("lamp-1", "Desk lamp", "A lamp on the desk", "Lumio", "L-100", DeviceKind.LIGHT,
                Set.of(Trait.COLOR, Trait.POWER, Trait.BRIGHTNESS, Trait.COLOR_TEMPERATURE), new Device.KelvinRange(2700, 6500));
        String json = DeviceJson.writeDevice(device);
        assertEquals(device, DeviceJson.readDevice(json));

        JsonNode tree = Json.read(json);
        assertEquals("LIGHT", tree.get("kind").asText());
        // traits in enum order, so the stored text is stable
        assertEquals("[\"POWER\",\"BRIGHTNESS\",\"COLOR\",\"COLOR_TEMPERATURE\"]", tree.get("traits").toString());
        assertEquals(2700, tree.at("/colorTemperatureRange/minimumKelvin").asInt());
        assertEquals(6500, tree.at("/colorTemperatureRange/maximumKelvin").asInt());
    }

    @Test
    void minimalDeviceRoundTripsWithDefaults() {
        Device device = new Device("plug-9", "Plug", null, null, null, DeviceKind.PLUG, Set.of(), null);
        Device read = DeviceJson.deviceFromJson(DeviceJson.deviceToJson(device));
        assertEquals(device, read);
        assertEquals("Plug", read.description());
        assertEquals("Unknown", read.manufacturer());
        assertTrue(read.traits().isEmpty());
        assertNull(read.colorTemperatureRange());
        assertFalse(DeviceJson.deviceToJson(device).has("colorTemperatureRange"));
    }

    @Test
    void fullStateRoundTripsWithMillisecondInstant() {
        DeviceState state = new DeviceState(Connectivity.OK, PowerState.ON, 42, new Hsb(350.5, 0.7125, 0.6),
                4000, OBSERVED);
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
        assertMessage("brightness out of range", () -> DeviceJson.readState("{\"connectivity\":\"OK\",\"observedAt\":1,\"brightness\":101}"));
        assertMessage("deviceId", () -> DeviceJson.readDevice("{\"friendlyName\":\"x\",\"kind\":\"LIGHT\"}"));
        assertMessage("unknown device trait 'FLY'",
                () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"LIGHT\",\"traits\":[\"FLY\"]}"));
        assertMessage("bad Kelvin range", () -> DeviceJson.readDevice("{\"deviceId\":\"d\",\"friendlyName\":\"x\",\"kind\":\"LIGHT\","
                + "\"colorTemperatureRange\":{\"minimumKelvin\":9000,\"maximumKelvin\":2000}}"));
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
