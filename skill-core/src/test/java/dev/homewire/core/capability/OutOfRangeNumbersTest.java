package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSamples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Numbers a client sends that no device can take — beyond the double range ({@code 1e400} reads as
 * infinity), finite but absurd ({@code 1e308}), negative infinity — are the client's mistake with
 * the type the interface demands (VALUE_OUT_OF_RANGE with validRange, TEMPERATURE_VALUE_OUT_OF_RANGE),
 * both when checked before queueing and when turned into a command; never an exception of ours.
 */
class OutOfRangeNumbersTest {
    private static final String[] HUGE = {"1e400", "-1e400", "1e308", "-1e308", "123456789012345678901234567890"};
    private final CapabilityRegistry registry = CapabilityRegistry.standard();

    private record Case(String namespace, String name, String instance, String payloadTemplate, Device device, String type) {
    }

    private static final List<Case> CASES = List.of(
            new Case("Alexa.BrightnessController", "SetBrightness", null, "{\"brightness\":%s}", TestDevices.LIGHT, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.BrightnessController", "AdjustBrightness", null, "{\"brightnessDelta\":%s}", TestDevices.LIGHT,
                    "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ColorTemperatureController", "SetColorTemperature", null, "{\"colorTemperatureInKelvin\":%s}",
                    TestDevices.LIGHT, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ColorController", "SetColor", null, "{\"color\":{\"hue\":%s,\"saturation\":0.5,\"brightness\":0.5}}",
                    TestDevices.LIGHT, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ColorController", "SetColor", null, "{\"color\":{\"hue\":10,\"saturation\":%s,\"brightness\":0.5}}",
                    TestDevices.LIGHT, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ColorController", "SetColor", null, "{\"color\":{\"hue\":10,\"saturation\":0.5,\"brightness\":%s}}",
                    TestDevices.LIGHT, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.PowerLevelController", "SetPowerLevel", null, "{\"powerLevel\":%s}", TestDevices.HEATER, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.PowerLevelController", "AdjustPowerLevel", null, "{\"powerLevelDelta\":%s}", TestDevices.HEATER,
                    "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.Speaker", "SetVolume", null, "{\"volume\":%s}", TestDevices.TV, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.Speaker", "AdjustVolume", null, "{\"volume\":%s,\"volumeDefault\":false}", TestDevices.TV,
                    "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.StepSpeaker", "AdjustVolume", null, "{\"volumeSteps\":%s}", TestDevices.SOUND_BAR, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ChannelController", "SkipChannels", null, "{\"channelCount\":%s}", TestDevices.TV, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.SeekController", "AdjustSeekPosition", null, "{\"deltaPositionMilliseconds\":%s}", TestDevices.TV,
                    "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.RangeController", "SetRangeValue", "Blind.Lift", "{\"rangeValue\":%s}", TestDevices.BLINDS,
                    "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.RangeController", "AdjustRangeValue", "Blind.Lift", "{\"rangeValueDelta\":%s,\"rangeValueDeltaDefault\":false}",
                    TestDevices.BLINDS, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ModeController", "AdjustMode", "Wash.Cycle", "{\"modeDelta\":%s}", TestDevices.WASHER, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.EqualizerController", "SetBands", null, "{\"bands\":[{\"name\":\"BASS\",\"value\":%s}]}",
                    TestDevices.SOUND_BAR, "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.EqualizerController", "AdjustBands", null,
                    "{\"bands\":[{\"name\":\"BASS\",\"levelDelta\":%s,\"levelDirection\":\"UP\"}]}", TestDevices.SOUND_BAR,
                    "VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ThermostatController", "SetTargetTemperature", null,
                    "{\"targetSetpoint\":{\"value\":%s,\"scale\":\"CELSIUS\"}}", TestDevices.DUAL_THERMOSTAT,
                    "TEMPERATURE_VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ThermostatController", "SetTargetTemperature", null,
                    "{\"lowerSetpoint\":{\"value\":%s,\"scale\":\"FAHRENHEIT\"},\"upperSetpoint\":{\"value\":70,\"scale\":\"FAHRENHEIT\"}}",
                    TestDevices.DUAL_THERMOSTAT, "TEMPERATURE_VALUE_OUT_OF_RANGE"),
            new Case("Alexa.ThermostatController", "AdjustTargetTemperature", null,
                    "{\"targetSetpointDelta\":{\"value\":%s,\"scale\":\"FAHRENHEIT\"}}", TestDevices.DUAL_THERMOSTAT,
                    "TEMPERATURE_VALUE_OUT_OF_RANGE"));

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
    void hugeAndInfiniteNumbersAreTheClientsOutOfRangeBeforeQueueingAndInTheProcessor() {
        DeviceState state = TestDevices.fullState();
        List<String> checked = new ArrayList<>();
        for (Case c : CASES) {
            for (String number : HUGE) {
                Directive directive = directive(c.namespace(), c.name(), c.instance(), String.format(c.payloadTemplate(), number));
                String what = c.namespace() + "." + c.name() + " " + String.format(c.payloadTemplate(), number);
                AlexaError early = assertRefused(() -> {
                    registry.validate(directive, c.device());
                    return null;
                });
                assertEquals(c.type(), early.type(), "validate " + what);
                AlexaError late = assertRefused(() -> registry.toCommand(directive, c.device(), state));
                assertEquals(c.type(), late.type(), "toCommand " + what);
                assertTrue(early.payload().has("validRange") && late.payload().has("validRange"), "validRange: " + what);
                checked.add(what);
            }
        }
        System.out.printf("out-of-range numbers refused with the interface's type and a validRange: %d cases (%d fields x %d numbers),"
                + " before queueing and in the processor%n", checked.size(), CASES.size(), HUGE.length);
    }

    @Test
    void colourComponentsOutOfRangeAreValueOutOfRangeWithTheirRange() {
        String[][] cases = {{"hue", "361", "360"}, {"hue", "-1", "360"}, {"saturation", "1.5", "1"}, {"brightness", "-0.1", "1"}};
        for (String[] c : cases) {
            ObjectNode color = Json.object().put("hue", 10).put("saturation", 0.5).put("brightness", 0.5);
            color.set(c[0], Json.read(c[1]));
            Directive directive = directive("Alexa.ColorController", "SetColor", null, "{\"color\":" + color + "}");
            AlexaError error = assertRefused(() -> registry.toCommand(directive, TestDevices.LIGHT, null));
            assertEquals("VALUE_OUT_OF_RANGE", error.type(), c[0] + "=" + c[1]);
            JsonNode range = error.payload().path("validRange");
            assertEquals(0, range.path("minimumValue").asDouble(), c[0]);
            assertEquals(Double.parseDouble(c[2]), range.path("maximumValue").asDouble(), c[0]);
        }
        System.out.printf("colour components out of range: %d cases answered VALUE_OUT_OF_RANGE with the component's validRange%n",
                cases.length);
    }
}
