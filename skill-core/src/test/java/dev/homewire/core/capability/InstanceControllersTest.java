package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.assertRefused;
import static dev.homewire.core.capability.TestDevices.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.FriendlyNames;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Range, Mode and Toggle controllers done properly: instances, friendly names, configuration and
 * semantics, several instances on one endpoint (a fan), values checked before any vendor is called.
 */
class InstanceControllersTest {
    private final CapabilityRegistry registry = CapabilityRegistry.standard();

    /** A directive of an instance interface, built on an official sample's envelope. */
    static Directive directive(String namespace, String name, String instance, String payload) {
        ObjectNode root = AlexaSamples.load("PowerController/PowerController.TurnOn.request.json");
        ObjectNode header = (ObjectNode) root.at("/directive/header");
        header.put("namespace", namespace).put("name", name);
        if (instance != null) {
            header.put("instance", instance);
        }
        ((ObjectNode) root.get("directive")).set("payload", Json.read(payload));
        return Directive.fromJson(root);
    }

    @Test
    void theBlindsRangeAnnouncesItsRangeUnitAndOpenCloseSemantics() {
        JsonNode capability = new RangeControllerInterface().discovery(TestDevices.BLINDS, true).get(0);
        assertEquals("Blind.Lift", capability.path("instance").asText());
        assertEquals("{\"minimumValue\":0.0,\"maximumValue\":100.0,\"precision\":1.0}",
                capability.at("/configuration/supportedRange").toString());
        assertEquals("Alexa.Unit.Percent", capability.at("/configuration/unitOfMeasure").asText());
        assertEquals("[{\"@type\":\"asset\",\"value\":{\"assetId\":\"Alexa.Setting.Opening\"}},"
                + "{\"@type\":\"text\",\"value\":{\"text\":\"Position\",\"locale\":\"en-US\"}}]",
                capability.at("/capabilityResources/friendlyNames").toString());
        JsonNode actions = capability.at("/semantics/actionMappings");
        assertEquals(4, actions.size());
        assertEquals("{\"@type\":\"ActionsToDirective\",\"actions\":[\"Alexa.Actions.Open\"],"
                + "\"directive\":{\"name\":\"SetRangeValue\",\"payload\":{\"rangeValue\":100.0}}}", actions.get(0).toString());
        assertEquals("AdjustRangeValue", actions.get(2).at("/directive/name").asText());
        assertEquals(10.0, actions.get(2).at("/directive/payload/rangeValueDelta").asDouble());
        JsonNode states = capability.at("/semantics/stateMappings");
        assertEquals("{\"@type\":\"StatesToValue\",\"states\":[\"Alexa.States.Closed\"],\"value\":0.0}", states.get(0).toString());
        assertEquals("{\"@type\":\"StatesToRange\",\"states\":[\"Alexa.States.Open\"],\"range\":{\"minimumValue\":1.0,"
                + "\"maximumValue\":100.0}}", states.get(1).toString());
        CapabilityTesting.assertDiscoveryValid(registry.discoveryEndpoint("test#blinds", TestDevices.BLINDS, true));
    }

    @Test
    void openTheBlindsHalfwayAndAdjustFromTheCurrentPosition() {
        assertEquals(new DeviceCommand.SetRangeValue("Blind.Lift", 50), registry.toCommand(directive("Alexa.RangeController",
                "SetRangeValue", "Blind.Lift", "{\"rangeValue\":50}"), TestDevices.BLINDS, null));
        Directive lower = directive("Alexa.RangeController", "AdjustRangeValue", "Blind.Lift",
                "{\"rangeValueDelta\":-20,\"rangeValueDeltaDefault\":false}");
        assertTrue(registry.needsCurrentState(lower));
        registry.validate(lower, TestDevices.BLINDS);
        assertEquals(new DeviceCommand.SetRangeValue("Blind.Lift", 30), registry.toCommand(lower, TestDevices.BLINDS,
                TestDevices.fullState()));
        // past the bottom saturates; a default delta is one step
        assertEquals(new DeviceCommand.SetRangeValue("Blind.Lift", 0), registry.toCommand(directive("Alexa.RangeController",
                "AdjustRangeValue", "Blind.Lift", "{\"rangeValueDelta\":-80}"), TestDevices.BLINDS, TestDevices.fullState()));
        assertEquals(new DeviceCommand.SetRangeValue("Blind.Lift", 51), registry.toCommand(directive("Alexa.RangeController",
                "AdjustRangeValue", "Blind.Lift", "{\"rangeValueDelta\":5,\"rangeValueDeltaDefault\":true}"), TestDevices.BLINDS,
                TestDevices.fullState()));
    }

    @Test
    void valuesAndInstancesAreCheckedBeforeAnyVendorIsCalled() {
        AlexaError beyond = assertRefused(() -> {
            registry.validate(directive("Alexa.RangeController", "SetRangeValue", "Blind.Lift", "{\"rangeValue\":150}"),
                    TestDevices.BLINDS);
            return null;
        });
        assertEquals("VALUE_OUT_OF_RANGE", beyond.type());
        assertEquals("{\"minimumValue\":0,\"maximumValue\":100}", beyond.payload().get("validRange").toString());
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(directive("Alexa.RangeController", "SetRangeValue",
                "Blind.Tilt", "{\"rangeValue\":10}"), TestDevices.BLINDS, null)).type(), "unknown instance");
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(directive("Alexa.RangeController", "SetRangeValue",
                null, "{\"rangeValue\":10}"), TestDevices.BLINDS, null)).type(), "no instance");
        assertEquals("INVALID_VALUE", assertRefused(() -> registry.toCommand(directive("Alexa.ModeController", "SetMode",
                "Fan.Direction", "{\"mode\":\"Direction.Sideways\"}"), TestDevices.FAN, null)).type(), "unknown mode");
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> {
            registry.validate(directive("Alexa.ModeController", "AdjustMode", "Fan.Direction", "{\"modeDelta\":1}"), TestDevices.FAN);
            return null;
        }).type(), "an unordered mode has no next");
        Device sensorOnly = new Device("t", "Tank", null, null, null, DeviceKind.OTHER, List.of(new Trait.Range("Tank.Level",
                FriendlyNames.text("Level"), 0, 100, 1, null, List.of(), null, true)));
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(directive("Alexa.RangeController", "SetRangeValue",
                "Tank.Level", "{\"rangeValue\":10}"), sensorOnly, null)).type(), "read-only");
        assertTrue(registry.discoveryEndpoint("test#t", sensorOnly, true).at("/capabilities/1/properties/nonControllable").asBoolean());
    }

    @Test
    void aFanHasSeveralInstancesEachAnnouncedAndReportedOnItsOwn() {
        ObjectNode endpoint = registry.discoveryEndpoint("test#fan", TestDevices.FAN, true);
        List<String> capabilities = new java.util.ArrayList<>();
        endpoint.path("capabilities").forEach(c -> capabilities.add(c.path("interface").asText()
                + (c.has("instance") ? "/" + c.path("instance").asText() : "")));
        assertEquals(List.of("Alexa", "Alexa.PowerController", "Alexa.RangeController/Fan.Speed", "Alexa.ModeController/Fan.Direction",
                "Alexa.ToggleController/Fan.Oscillate", "Alexa.EndpointHealth"), capabilities);
        JsonNode presets = endpoint.at("/capabilities/2/configuration/presets");
        assertEquals("[{\"rangeValue\":1.0,\"presetResources\":{\"friendlyNames\":[{\"@type\":\"asset\",\"value\":{\"assetId\":"
                + "\"Alexa.Value.Low\"}}]}},{\"rangeValue\":5.0,\"presetResources\":{\"friendlyNames\":[{\"@type\":\"asset\",\"value\":"
                + "{\"assetId\":\"Alexa.Value.High\"}},{\"@type\":\"asset\",\"value\":{\"assetId\":\"Alexa.Value.Maximum\"}}]}}]",
                presets.toString());
        assertFalse(endpoint.at("/capabilities/3/configuration/ordered").asBoolean());
        assertEquals(2, endpoint.at("/capabilities/3/configuration/supportedModes").size());

        List<Property> properties = registry.properties(TestDevices.FAN, TestDevices.fullState(), NOW);
        assertEquals(List.of("Alexa.PowerController/null/powerState", "Alexa.RangeController/Fan.Speed/rangeValue",
                "Alexa.ModeController/Fan.Direction/mode", "Alexa.ToggleController/Fan.Oscillate/toggleState",
                "Alexa.EndpointHealth/null/connectivity"),
                properties.stream().map(p -> p.namespace() + "/" + p.instance() + "/" + p.name()).toList());
        assertEquals("ON", properties.get(3).value().asText());
        CapabilityTesting.assertResponseValid(properties);

        assertEquals(new DeviceCommand.SetToggle("Fan.Oscillate", false), registry.toCommand(directive("Alexa.ToggleController",
                "TurnOff", "Fan.Oscillate", "{}"), TestDevices.FAN, null));
        assertEquals(new DeviceCommand.SetMode("Fan.Direction", "Direction.Reverse"), registry.toCommand(directive(
                "Alexa.ModeController", "SetMode", "Fan.Direction", "{\"mode\":\"Direction.Reverse\"}"), TestDevices.FAN, null));
        // the ToggleController's TurnOn is not the PowerController's
        assertEquals(new DeviceCommand.SetPower(dev.homewire.adapter.spi.PowerState.ON), registry.toCommand(
                CapabilityTesting.sample("PowerController/PowerController.TurnOn.request.json"), TestDevices.FAN, null));
    }

    @Test
    void theGarageDoorModeAnswersOpenAndClose() {
        JsonNode capability = new ModeControllerInterface().discovery(TestDevices.GARAGE_DOOR, true).get(0);
        assertEquals("{\"actionMappings\":[{\"@type\":\"ActionsToDirective\",\"actions\":[\"Alexa.Actions.Open\",\"Alexa.Actions.Raise\"],"
                + "\"directive\":{\"name\":\"SetMode\",\"payload\":{\"mode\":\"Position.Up\"}}},{\"@type\":\"ActionsToDirective\","
                + "\"actions\":[\"Alexa.Actions.Close\",\"Alexa.Actions.Lower\"],\"directive\":{\"name\":\"SetMode\",\"payload\":"
                + "{\"mode\":\"Position.Down\"}}}],\"stateMappings\":[{\"@type\":\"StatesToValue\",\"states\":[\"Alexa.States.Open\"],"
                + "\"value\":\"Position.Up\"},{\"@type\":\"StatesToValue\",\"states\":[\"Alexa.States.Closed\"],\"value\":\"Position.Down\"}]}",
                capability.get("semantics").toString());
        assertEquals("[{\"@type\":\"asset\",\"value\":{\"assetId\":\"Alexa.Value.Open\"}},{\"@type\":\"text\",\"value\":{\"text\":\"Open\","
                + "\"locale\":\"en-US\"}}]", capability.at("/configuration/supportedModes/0/modeResources/friendlyNames").toString());
        // semantics that name a mode the instance lacks are the adapter's bug, refused where it is made
        IllegalArgumentException broken = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trait.Mode("Door.Position", FriendlyNames.text("Door"), false, List.of(
                        new Trait.Mode.ModeValue("Open", FriendlyNames.text("Open"))), Semantics.openCloseModes("Open", "Shut"), false));
        assertTrue(broken.getMessage().contains("Shut"), broken.getMessage());
    }

    @Test
    void anOrderedModeStepsAndSaturates() {
        DeviceState normal = TestDevices.fullState();
        assertEquals(new DeviceCommand.SetMode("Wash.Cycle", "Cycle.Heavy"), registry.toCommand(directive("Alexa.ModeController",
                "AdjustMode", "Wash.Cycle", "{\"modeDelta\":1}"), TestDevices.WASHER, normal));
        assertEquals(new DeviceCommand.SetMode("Wash.Cycle", "Cycle.Delicates"), registry.toCommand(directive("Alexa.ModeController",
                "AdjustMode", "Wash.Cycle", "{\"modeDelta\":-2}"), TestDevices.WASHER, normal));
        assertEquals("true", new ModeControllerInterface().discovery(TestDevices.WASHER, true).get(0)
                .at("/configuration/ordered").asText());
        assertEquals("VALUE_OUT_OF_RANGE", assertRefused(() -> registry.toCommand(directive("Alexa.ModeController", "AdjustMode",
                "Wash.Cycle", "{\"modeDelta\":7}"), TestDevices.WASHER, normal)).type());
    }

    @Test
    void theFeederReportsItsFoodLevelAsAPercentage() {
        JsonNode capability = new InventoryLevelSensorInterface().discovery(TestDevices.FEEDER, true).get(0);
        assertEquals("PetFood.Level", capability.path("instance").asText());
        assertEquals("{\"@type\":\"Percentage\"}", capability.at("/configuration/measurement").toString());
        List<Property> properties = registry.properties(TestDevices.FEEDER, TestDevices.fullState(), NOW);
        assertEquals("{\"@type\":\"Percentage\",\"value\":35.0}", properties.get(0).value().toString());
        assertEquals("PetFood.Level", properties.get(0).instance());
        CapabilityTesting.assertResponseValid(properties);
        DeviceState grams = DeviceState.builder().set(StateKey.inventoryLevel("Bowl"), 412.5).observedAt(NOW).build();
        Device scale = new Device("s", "Bowl", null, null, null, DeviceKind.OTHER, List.of(new Trait.InventoryLevel("Bowl",
                FriendlyNames.text("Bowl"), new Trait.InventoryLevel.Measurement(Trait.InventoryLevel.Measurement.Kind.WEIGHT, "GRAM"),
                "dash-123")));
        assertEquals("{\"@type\":\"Weight\",\"value\":412.5,\"unit\":\"GRAM\"}",
                registry.properties(scale, grams, NOW).get(0).value().toString());
        CapabilityTesting.assertDiscoveryValid(registry.discoveryEndpoint("test#s", scale, true));
    }
}
