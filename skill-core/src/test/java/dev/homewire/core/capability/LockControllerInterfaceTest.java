package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.ENDPOINT;
import static dev.homewire.core.capability.CapabilityTesting.assertDiscoveryValid;
import static dev.homewire.core.capability.CapabilityTesting.assertResponseValid;
import static dev.homewire.core.capability.CapabilityTesting.sample;
import static dev.homewire.core.capability.CapabilityTesting.sampleCapability;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSamples;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LockControllerInterfaceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Device LOCK = new Device("lock-1", "Front door", null, "Latchkey", "LK-1", DeviceKind.SMARTLOCK,
            List.of(new Trait.Lock()));

    private final CapabilityRegistry registry = CapabilityRegistry.standard();
    private final LockControllerInterface lock = new LockControllerInterface();

    @Test
    void discoveryIsTheOfficialCapability() {
        assertTrue(lock.appliesTo(LOCK));
        assertEquals(sampleCapability("Alexa.LockController", "lockState"), lock.discovery(LOCK, true).get(0));
        ObjectNode endpoint = registry.discoveryEndpoint(ENDPOINT, LOCK, true);
        assertEquals("SMARTLOCK", endpoint.at("/displayCategories/0").asText());
        List<String> interfaces = new java.util.ArrayList<>();
        endpoint.path("capabilities").forEach(c -> interfaces.add(c.path("interface").asText()));
        assertEquals(List.of("Alexa", "Alexa.LockController", "Alexa.EndpointHealth"), interfaces);
        assertDiscoveryValid(endpoint);
    }

    @Test
    void lockAndUnlockBecomeAbsoluteCommands() {
        assertTrue(registry.isControlDirective("Alexa.LockController", "Lock"));
        assertTrue(registry.isControlDirective("Alexa.LockController", "Unlock"));
        assertFalse(registry.needsCurrentState(sample("LockController/LockController.Lock.request.json")));
        assertEquals(new DeviceCommand.SetLockState(LockState.LOCKED),
                registry.toCommand(sample("LockController/LockController.Lock.request.json"), LOCK, null));
        assertEquals(new DeviceCommand.SetLockState(LockState.UNLOCKED),
                registry.toCommand(sample("LockController/LockController.Unlock.request.json"), LOCK, null));
    }

    @Test
    void aLightHasNoLockController() {
        Device light = new Device("l", "Lamp", null, null, null, DeviceKind.LIGHT, List.of(new Trait.Power()));
        assertFalse(lock.appliesTo(light));
        AlexaErrorException e = assertThrows(AlexaErrorException.class,
                () -> registry.toCommand(sample("LockController/LockController.Lock.request.json"), light, null));
        assertEquals("INVALID_DIRECTIVE", e.error().type());
    }

    @Test
    void everyLockStateIsReportedAndValidates() {
        for (LockState value : LockState.values()) {
            DeviceState state = DeviceState.builder().connectivity(Connectivity.OK).lockState(value).observedAt(NOW.minusMillis(200)).build();
            List<Property> properties = registry.properties(LOCK, state, NOW);
            assertEquals(2, properties.size());
            assertEquals(value.name(), CapabilityTesting.value(properties, "lockState").asText());
            assertEquals(200, properties.get(0).uncertaintyInMilliseconds());
            assertResponseValid(properties);
        }
    }

    @Test
    void responseMatchesTheOfficialSampleShape() {
        DeviceState state = DeviceState.builder().lockState(LockState.LOCKED).observedAt(NOW).build();
        ObjectNode ours = assertResponseValid(registry.properties(LOCK, state, NOW));
        JsonNode official = AlexaSamples.load("LockController/LockController.Lock.response.json");
        for (int i = 0; i < 2; i++) {
            JsonNode mine = ours.at("/context/properties/" + i);
            JsonNode theirs = official.at("/context/properties/" + i);
            assertEquals(theirs.get("namespace"), mine.get("namespace"));
            assertEquals(theirs.get("name"), mine.get("name"));
            assertEquals(theirs.get("value"), mine.get("value"));
        }
    }

    @Test
    void noLockStateNoProperty() {
        assertTrue(lock.properties(LOCK, DeviceState.builder().observedAt(NOW).build(), NOW).isEmpty());
    }
}
