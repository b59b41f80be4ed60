package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.ENDPOINT;
import static dev.homewire.core.capability.TestDevices.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PlaybackOperation;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every interface of the registry over one catalogue of devices ({@link TestDevices}): discovery,
 * properties, the official sample directives and the answers, all against the official schema.
 */
class AllInterfacesTest {
    private static final Fahrenheit F = new Fahrenheit();
    private final CapabilityRegistry registry = CapabilityRegistry.standard();

    @Test
    void theCatalogueAnnouncesEveryInterfaceAndEachEndpointValidates() {
        Set<String> announced = new TreeSet<>();
        List<ObjectNode> endpoints = new ArrayList<>();
        for (Device device : TestDevices.ALL) {
            ObjectNode endpoint = registry.discoveryEndpoint("test#" + device.deviceId(), device, true);
            CapabilityTesting.assertDiscoveryValid(endpoint);
            endpoint.path("capabilities").forEach(c -> announced.add(c.path("interface").asText()));
            endpoints.add(endpoint);
        }
        AlexaSchema.assertValid(AlexaMessages.discoverResponse(endpoints).toJson());
        Set<String> registered = new TreeSet<>();
        registry.interfaces().forEach(i -> registered.add(i.namespace()));
        assertEquals(registered, announced, "every registered interface is announced by some device");
        System.out.printf("interfaces: %d registered, %d announced by %d devices; control directives: %d%n",
                registered.size(), announced.size(), TestDevices.ALL.size(), registry.controlDirectives().size());
        assertTrue(registered.size() >= 33, "at least 33 interfaces, got " + registered.size());
        assertTrue(registry.controlDirectives().size() >= 52, "at least 52 control directives, got " + registry.controlDirectives());
    }

    @Test
    void everyAnnouncedPropertyIsReportedAndEveryResponseValidates() {
        DeviceState state = TestDevices.fullState();
        int properties = 0;
        for (Device device : TestDevices.ALL) {
            List<Property> reported = registry.properties(device, state, NOW);
            properties += reported.size();
            Set<String> expected = new TreeSet<>();
            Set<String> actual = new TreeSet<>();
            for (JsonNode capability : registry.discoveryEndpoint(ENDPOINT, device, true).path("capabilities")) {
                String instance = capability.path("instance").asText("");
                capability.at("/properties/supported").forEach(p -> expected.add(capability.path("interface").asText() + "/"
                        + instance + "/" + p.path("name").asText()));
            }
            reported.forEach(p -> actual.add(p.namespace() + "/" + (p.instance() == null ? "" : p.instance()) + "/" + p.name()));
            assertEquals(expected, actual, device.friendlyName() + ": every announced property is reported, nothing else");
            CapabilityTesting.assertResponseValid(reported);
            AlexaSchema.assertValid(AlexaMessages.stateReport("ct-1", ENDPOINT, null, reported).toJson());
        }
        System.out.printf("%d properties reported over %d devices, all schema-valid%n", properties, TestDevices.ALL.size());
    }

    @Test
    void everyOfficialSampleDirectiveBecomesTheCommandItAsksFor() {
        DeviceState state = TestDevices.fullState();
        Map<String, DeviceCommand> expected = expectedCommands();
        Map<String, String> mapped = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectNode> sample : AlexaSamples.directives().entrySet()) {
            Directive directive = Directive.fromJson(sample.getValue());
            if (!registry.isControlDirective(directive.namespace(), directive.name())) {
                continue; // Discover, AcceptGrant, ReportState: answered by the entrypoint
            }
            Device device = deviceFor(directive.namespace());
            registry.validate(directive, device);
            DeviceCommand command = registry.toCommand(directive, device, state);
            assertEquals(expected.get(sample.getKey()), command, sample.getKey());
            mapped.put(sample.getKey(), command.getClass().getSimpleName());
        }
        assertEquals(expected.keySet(), mapped.keySet(), "every official control directive sample is mapped");
        System.out.printf("%d official control directive samples mapped to commands%n", mapped.size());
    }

    @Test
    void everyAnswerValidates() {
        DeviceState state = TestDevices.fullState();
        int answers = 0;
        for (Map.Entry<String, ObjectNode> sample : AlexaSamples.directives().entrySet()) {
            Directive directive = Directive.fromJson(sample.getValue());
            if (!registry.isControlDirective(directive.namespace(), directive.name())) {
                continue;
            }
            Device device = deviceFor(directive.namespace());
            DeviceCommand command = registry.toCommand(directive, device, state);
            AlexaEvent answer = registry.answer(directive.namespace(), directive.name(), directive.correlationToken(), ENDPOINT,
                    device, state, outputFor(command), NOW);
            assertFalse("ErrorResponse".equals(answer.header().name()), sample.getKey() + " answered " + answer.payload());
            AlexaSchema.assertValid(AlexaEvent.withGatewayToken(answer.toJson(), "t"));
            answers++;
        }
        System.out.printf("%d answers built for the official samples, all schema-valid%n", answers);
    }

    private static dev.homewire.adapter.spi.CommandOutput outputFor(DeviceCommand command) {
        if (command instanceof DeviceCommand.InitializeCameraStreams) {
            return SecurityAndEventsTest.cameraAnswer();
        }
        return null;
    }

    /** The catalogue device that shows an interface best (the triple-setpoint thermostat, the TV for playback …). */
    static Device deviceFor(String namespace) {
        Map<String, Device> preferred = new HashMap<>();
        preferred.put("Alexa.ThermostatController", TestDevices.TRIPLE_THERMOSTAT);
        preferred.put("Alexa.PlaybackController", TestDevices.TV);
        preferred.put("Alexa.PowerController", TestDevices.LIGHT);
        if (preferred.containsKey(namespace)) {
            return preferred.get(namespace);
        }
        CapabilityRegistry registry = CapabilityRegistry.standard();
        for (Device device : TestDevices.ALL) {
            if (registry.namespaces(device).contains(namespace)) {
                return device;
            }
        }
        throw new AssertionError("no catalogue device with " + namespace);
    }

    private static Map<String, DeviceCommand> expectedCommands() {
        Map<String, DeviceCommand> m = new HashMap<>();
        m.put("BrightnessController/BrightnessController.AdjustBrightness.request.json", new DeviceCommand.SetBrightness(55));
        m.put("BrightnessController/BrightnessController.SetBrightness.request.json", new DeviceCommand.SetBrightness(75));
        m.put("CameraStreamController/CameraStreamController.request.json", new DeviceCommand.InitializeCameraStreams(List.of(
                new CameraStreams.Request(CameraStreams.Protocol.RTSP, new CameraStreams.Resolution(1920, 1080), null,
                        CameraStreams.VideoCodec.H264, CameraStreams.AudioCodec.AAC),
                new CameraStreams.Request(CameraStreams.Protocol.RTSP, new CameraStreams.Resolution(1280, 720), null,
                        CameraStreams.VideoCodec.MPEG2, CameraStreams.AudioCodec.G711))));
        m.put("ChannelController/ChannelController.ChangeChannel.request.json",
                new DeviceCommand.ChangeChannel(new ChannelInfo("1234", "KSTATION1", "KSTATION2")));
        m.put("ChannelController/ChannelController.SkipChannels.request.json", new DeviceCommand.SkipChannels(5));
        m.put("ColorController/ColorController.SetColor.request.json", new DeviceCommand.SetColor(new Hsb(350.5, 0.7138, 0.6524)));
        m.put("ColorTemperatureController/ColorTemperatureController.DecreaseColorTemperature.request.json",
                new DeviceCommand.SetColorTemperature(3500));
        m.put("ColorTemperatureController/ColorTemperatureController.IncreaseColorTemperature.request.json",
                new DeviceCommand.SetColorTemperature(4500));
        m.put("ColorTemperatureController/ColorTemperatureController.SetColorTemperature.request.json",
                new DeviceCommand.SetColorTemperature(5000));
        m.put("InputController/InputController.SelectInput.request.json", new DeviceCommand.SelectInput("HDMI1"));
        m.put("LockController/LockController.Lock.request.json", new DeviceCommand.SetLockState(LockState.LOCKED));
        m.put("LockController/LockController.Unlock.request.json", new DeviceCommand.SetLockState(LockState.UNLOCKED));
        m.put("PercentageController/PercentageController.AdjustPercentage.request.json", new DeviceCommand.SetPercentage(54));
        m.put("PercentageController/PercentageController.SetPercentage.request.json", new DeviceCommand.SetPercentage(74));
        for (PlaybackOperation op : PlaybackOperation.values()) {
            String name = switch (op) {
                case PLAY -> "Play";
                case PAUSE -> "Pause";
                case STOP -> "Stop";
                case START_OVER -> "StartOver";
                case PREVIOUS -> "Previous";
                case NEXT -> "Next";
                case REWIND -> "Rewind";
                case FAST_FORWARD -> "FastForward";
            };
            m.put("PlaybackController/PlaybackController." + name + ".request.json", new DeviceCommand.Playback(op));
        }
        m.put("PowerController/PowerController.TurnOff.request.json", new DeviceCommand.SetPower(PowerState.OFF));
        m.put("PowerController/PowerController.TurnOn.request.json", new DeviceCommand.SetPower(PowerState.ON));
        m.put("PowerLevelController/PowerLevelController.AdjustPowerLevel.request.json", new DeviceCommand.SetPowerLevel(45));
        m.put("PowerLevelController/PowerLevelController.SetPowerLevel.request.json", new DeviceCommand.SetPowerLevel(42));
        m.put("SceneController/SceneController.Activate.request.json", new DeviceCommand.SetSceneActive(true));
        m.put("SceneController/SceneController.Deactivate.request.json", new DeviceCommand.SetSceneActive(false));
        m.put("Speaker/Speaker.AdjustVolume.request.json", new DeviceCommand.SetVolume(10));
        m.put("Speaker/Speaker.SetMute.request.json", new DeviceCommand.SetMute(true, false));
        m.put("Speaker/Speaker.SetVolume.request.json", new DeviceCommand.SetVolume(50));
        m.put("StepSpeaker/StepSpeaker.AdjustVolume.request.json", new DeviceCommand.AdjustVolumeSteps(-20));
        m.put("StepSpeaker/StepSpeaker.SetMute.request.json", new DeviceCommand.SetMute(true, true));
        // full state: AUTO with 19..24 °C around 21 °C; -2 °F moves all three by 1.1 °C
        m.put("ThermostatController/ThermostatController.AdjustTargetTemperature.request.json", new DeviceCommand.SetSetpointRange(
                Temperature.celsius(17.9), Temperature.celsius(22.9), Temperature.celsius(19.9)));
        m.put("ThermostatController/ThermostatController.SetTargetTemperature.DualMode.request.json",
                new DeviceCommand.SetSetpointRange(F.of(68), F.of(78), null));
        m.put("ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json",
                new DeviceCommand.SetTargetSetpoint(Temperature.celsius(25)));
        m.put("ThermostatController/ThermostatController.SetTargetTemperature.TripleMode.request.json",
                new DeviceCommand.SetSetpointRange(F.of(68), F.of(78), F.of(73)));
        m.put("ThermostatController/ThermostatController.SetThermostatMode.request.json",
                new DeviceCommand.SetThermostatMode(ThermostatMode.COOL));
        assertNotNull(m.get("SceneController/SceneController.Activate.request.json"));
        return m;
    }

    private static final class Fahrenheit {
        Temperature of(double value) {
            return new Temperature(value, Temperature.Scale.FAHRENHEIT);
        }
    }
}
