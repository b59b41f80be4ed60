package dev.homewire.adapters.arbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.ThermostatMode;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lenient reading of appliance JSON: what is missing or malformed is left out, never guessed. */
class ArborMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2025-03-14T09:00:00Z");

    private static ArborAppliance appliance(String json) throws IOException {
        return ArborAppliance.read(JSON.readTree(json), RECEIVED);
    }

    private static DeviceState state(String type, String state) throws IOException {
        return ArborMapping.toState(appliance("{\"id\": \"a\", \"type\": \"" + type + "\", \"online\": true, \"state\": " + state + "}"));
    }

    @Test
    void anApplianceNeedsAnIdATypeAndItsConnectivity() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> appliance("{\"type\": \"fan\", \"online\": true}"));
        assertThrows(IllegalArgumentException.class, () -> appliance("{\"id\": \"a\", \"online\": true}"));
        assertThrows(IllegalArgumentException.class, () -> appliance("{\"id\": \"a\", \"type\": \"fan\", \"online\": \"yes\"}"));
        ArborAppliance bare = appliance("{\"id\": \"a\", \"type\": \"blinds\", \"online\": false, \"updatedAt\": \"yesterday\"}");
        assertEquals("a", bare.name(), "the id names an unnamed appliance");
        assertNull(bare.model());
        assertEquals(RECEIVED, bare.updatedAt(), "an unreadable time is when the answer came");
        assertEquals("", bare.revision());
        assertEquals("Arbor blinds", ArborMapping.toDevice(bare).description());
        DeviceState offline = ArborMapping.toState(bare);
        assertEquals(Connectivity.UNREACHABLE, offline.connectivity());
        assertTrue(offline.values().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ArborMapping.toDevice(appliance(
                "{\"id\": \"a\", \"type\": \"robot\", \"online\": true}")));
        assertTrue(ArborMapping.toState(appliance("{\"id\": \"a\", \"type\": \"robot\", \"online\": true}")).values().isEmpty());
    }

    @Test
    void malformedStateFieldsAreLeftOut() throws IOException {
        assertTrue(state("blinds", "{\"position\": \"high\"}").values().isEmpty());
        DeviceState fan = state("fan", "{\"power\": \"maybe\", \"speed\": 2, \"oscillate\": 1}");
        assertNull(fan.power());
        assertEquals(2.0, fan.get(StateKey.rangeValue("Fan.Speed")));
        assertNull(fan.get(StateKey.toggle("Fan.Oscillate")));
        DeviceState thermostat = state("thermostat", "{\"mode\": \"dry\", \"target\": \"warm\", \"ambient\": 19.5}");
        assertNull(thermostat.thermostatMode());
        assertNull(thermostat.targetSetpoint());
        assertEquals(19.5, thermostat.temperature().value());
        assertNull(state("heater", "{\"power\": \"on\", \"powerLevel\": 140}").get(StateKey.POWER_LEVEL));
        assertNull(state("humidifier", "{\"output\": 4.5}").get(StateKey.PERCENTAGE));
        assertNull(state("pet_feeder", "{\"foodLevel\": -3}").get(StateKey.inventoryLevel("PetFood.Level")));
        assertNull(state("scene", "{\"active\": \"yes\"}").get(StateKey.SCENE_ACTIVE));
        assertNull(state("garage_door", "{}").get(StateKey.mode("GarageDoor.Position")));
        DeviceState paused = state("washer", "{\"program\": \"paused\", \"pausedAt\": \"soon\", \"cycle\": \"quick_wash\"}");
        assertEquals(true, paused.get(StateKey.ON_HOLD));
        assertNull(paused.get(StateKey.HOLD_STARTED_AT));
        assertEquals("Cycle.QuickWash", paused.get(StateKey.mode("Wash.Cycle")));
    }

    @Test
    void modeValuesAndApiValuesTranslateBothWays() throws IOException {
        assertEquals("Cycle.QuickWash", ArborMapping.modeValue("Cycle", "quick_wash"));
        assertEquals("quick_wash", ArborMapping.apiValue("Cycle.QuickWash"));
        assertEquals("reverse", ArborMapping.apiValue(ArborMapping.modeValue("Direction", "reverse")));
        assertEquals(ThermostatMode.ECO, ArborMapping.thermostatMode("eco"));
        JsonNode specs = JSON.readTree("{\"setpointRange\": {\"min\": 5, \"max\": 30}, \"supportedModes\": [\"heat\", \"dry\"]}");
        var profile = ArborMapping.profile(specs);
        assertEquals(java.util.Set.of(ThermostatMode.HEAT), profile.supportedModes(), "unknown modes are ignored");
        assertEquals(0.0, profile.minimumDeltaCelsius());
        assertThrows(IllegalArgumentException.class, () -> ArborMapping.profile(JSON.readTree("{\"setpointRange\": {\"min\": 30, \"max\": 5}}")));
    }
}
