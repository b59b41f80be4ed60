package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.ENDPOINT;
import static dev.homewire.core.capability.CapabilityTesting.assertRefused;
import static dev.homewire.core.capability.CapabilityTesting.sample;
import static dev.homewire.core.capability.CapabilityTesting.withPayload;
import static dev.homewire.core.capability.TestDevices.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Directive;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Security panels, scenes, cameras, doorbells and wake-on-LAN: the interfaces whose answers are not a plain Response. */
class SecurityAndEventsTest {
    private static final String ARM_PAYLOAD = "{\"armState\":\"ARMED_AWAY\",\"bypassType\":\"BYPASS_ALL\",\"armMode\":\"INSTANT\"}";
    private final CapabilityRegistry registry = CapabilityRegistry.standard();

    /** Any control sample re-used as an Arm / Disarm directive of the SecurityPanelController. */
    private static Directive panelDirective(String name, String payload) {
        ObjectNode root = AlexaSamples.load("LockController/LockController.Lock.request.json");
        ObjectNode header = (ObjectNode) root.at("/directive/header");
        header.put("namespace", "Alexa.SecurityPanelController").put("name", name);
        ((ObjectNode) root.get("directive")).set("payload", dev.homewire.alexa.Json.read(payload));
        return Directive.fromJson(root);
    }

    static CameraStreams.Answer cameraAnswer() {
        return new CameraStreams.Answer(List.of(new CameraStreams.Stream(URI.create("rtsp://cam.example/live/abc?token=secret"),
                Instant.parse("2026-03-01T13:00:00Z"), 30, CameraStreams.Protocol.RTSP, new CameraStreams.Resolution(1920, 1080),
                CameraStreams.Authorization.BASIC, CameraStreams.VideoCodec.H264, CameraStreams.AudioCodec.AAC)),
                URI.create("https://cam.example/snapshot/abc.jpg"));
    }

    @Test
    void thePanelAnnouncesItsArmStatesAlarmsAndThePin() {
        JsonNode capability = new SecurityPanelControllerInterface().discovery(TestDevices.PANEL, true).get(0);
        assertEquals("[{\"name\":\"armState\"},{\"name\":\"burglaryAlarm\"},{\"name\":\"fireAlarm\"},{\"name\":\"carbonMonoxideAlarm\"}]",
                capability.at("/properties/supported").toString());
        assertEquals("[{\"value\":\"ARMED_AWAY\"},{\"value\":\"ARMED_STAY\"},{\"value\":\"ARMED_NIGHT\"},{\"value\":\"DISARMED\"}]",
                capability.at("/configuration/supportedArmStates").toString());
        assertEquals("FOUR_DIGIT_PIN", capability.at("/configuration/supportedAuthorizationTypes/0/type").asText());
    }

    @Test
    void armAndDisarmBecomeCommandsAndTheArmAnswerCarriesTheExitDelay() {
        DeviceCommand arm = registry.toCommand(panelDirective("Arm", ARM_PAYLOAD), TestDevices.PANEL, null);
        assertEquals(new DeviceCommand.Arm(ArmState.ARMED_AWAY, true), arm);
        DeviceState armed = TestDevices.fullState().toBuilder().set(StateKey.ARM_STATE, ArmState.ARMED_AWAY).build();
        AlexaEvent answer = registry.answer("Alexa.SecurityPanelController", "Arm", "ct-1", ENDPOINT, TestDevices.PANEL, armed,
                new CommandOutput.ArmOutcome(30), NOW);
        ObjectNode json = AlexaEvent.withGatewayToken(answer.toJson(), "t");
        AlexaSchema.assertValid(json);
        assertEquals("Arm.Response", json.at("/event/header/name").asText());
        assertEquals(30, json.at("/event/payload/exitDelayInSeconds").asInt());
        assertEquals("ARMED_AWAY", json.at("/context/properties/0/value").asText());

        DeviceCommand disarm = registry.toCommand(panelDirective("Disarm",
                "{\"authorization\":{\"type\":\"FOUR_DIGIT_PIN\",\"value\":\"2468\"}}"), TestDevices.PANEL, null);
        assertEquals(new DeviceCommand.Disarm("2468"), disarm);
        assertFalse(disarm.toString().contains("2468"), "the PIN never shows in logs");
        AlexaEvent disarmed = registry.answer("Alexa.SecurityPanelController", "Disarm", "ct-2", ENDPOINT, TestDevices.PANEL,
                TestDevices.fullState(), null, NOW);
        assertEquals("Response", disarmed.header().name());
        AlexaSchema.assertValid(AlexaEvent.withGatewayToken(disarmed.toJson(), "t"));
    }

    @Test
    void pinsAndArmStatesAreCheckedBeforeAnyVendorIsCalled() {
        AlexaError missing = assertRefused(() -> {
            registry.validate(panelDirective("Disarm", "{}"), TestDevices.PANEL);
            return null;
        });
        assertEquals("Alexa.SecurityPanelController", missing.namespace());
        assertEquals("AUTHORIZATION_REQUIRED", missing.type());
        AlexaError shortPin = assertRefused(() -> {
            registry.validate(panelDirective("Disarm", "{\"authorization\":{\"type\":\"FOUR_DIGIT_PIN\",\"value\":\"12\"}}"),
                    TestDevices.PANEL);
            return null;
        });
        assertEquals("UNAUTHORIZED", shortPin.type());
        assertFalse(shortPin.message().contains("12\""), "the PIN is not echoed");
        assertEquals("INVALID_VALUE", assertRefused(() -> registry.toCommand(panelDirective("Arm", "{\"armState\":\"DISARMED\"}"),
                TestDevices.PANEL, null)).type());
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(panelDirective("Disarm",
                "{\"authorization\":{\"type\":\"FINGERPRINT\",\"value\":\"x\"}}"), TestDevices.PANEL, null)).type());
    }

    @Test
    void scenesAnswerActivationAndDeactivationStartedLikeTheSamples() {
        for (String[] pair : new String[][] {{"Activate", "ActivationStarted"}, {"Deactivate", "DeactivationStarted"}}) {
            Directive directive = sample("SceneController/SceneController." + pair[0] + ".request.json");
            assertEquals(new DeviceCommand.SetSceneActive(pair[0].equals("Activate")), registry.toCommand(directive, TestDevices.SCENE, null));
            DeviceState state = TestDevices.fullState().toBuilder().set(StateKey.SCENE_ACTIVE, pair[0].equals("Activate")).build();
            ObjectNode answer = AlexaEvent.withGatewayToken(registry.answer("Alexa.SceneController", pair[0],
                    directive.correlationToken(), ENDPOINT, TestDevices.SCENE, state, null, NOW).toJson(), "t");
            AlexaSchema.assertValid(answer);
            JsonNode official = AlexaSamples.load("SceneController/SceneController." + pair[1] + ".message.json");
            assertEquals(official.at("/event/header/name"), answer.at("/event/header/name"));
            assertEquals(fieldNames(official.at("/event/payload")), fieldNames(answer.at("/event/payload")));
            assertEquals("VOICE_INTERACTION", answer.at("/event/payload/cause/type").asText(), "the user asked Alexa");
            assertEquals(directive.correlationToken(), answer.at("/event/header/correlationToken").asText());
            assertEquals("Alexa.EndpointHealth", answer.at("/context/properties/0/namespace").asText());
        }
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(
                sample("SceneController/SceneController.Deactivate.request.json"), TestDevices.ROUTINE, null)).type());
        assertEquals("false", new SceneControllerInterface().discovery(TestDevices.ROUTINE, true).get(0)
                .path("supportsDeactivation").asText());
    }

    @Test
    void cameraStreamsAnswerWithTheStreamsAndTheImage() {
        JsonNode capability = new CameraStreamControllerInterface().discovery(TestDevices.CAMERA, true).get(0);
        assertEquals("[\"RTSP\"]", capability.at("/cameraStreamConfigurations/0/protocols").toString());
        assertEquals(2, capability.at("/cameraStreamConfigurations/0/resolutions").size());
        Directive directive = sample("CameraStreamController/CameraStreamController.request.json");
        registry.toCommand(directive, TestDevices.CAMERA, null); // the sample's request is one the camera takes
        ObjectNode answer = AlexaEvent.withGatewayToken(registry.answer("Alexa.CameraStreamController", "InitializeCameraStreams",
                directive.correlationToken(), ENDPOINT, TestDevices.CAMERA, TestDevices.fullState(), cameraAnswer(), NOW)
                .toJson(), "t");
        AlexaSchema.assertValid(answer);
        JsonNode official = AlexaSamples.load("CameraStreamController/CameraStreamController.response.json");
        assertEquals(official.at("/event/header/namespace"), answer.at("/event/header/namespace"));
        assertEquals(fieldNames(official.at("/event/payload/cameraStreams/0")), fieldNames(answer.at("/event/payload/cameraStreams/0")));
        assertEquals("https://cam.example/snapshot/abc.jpg", answer.at("/event/payload/imageUri").asText());
        assertFalse(cameraAnswer().toString().contains("secret"), "signed stream URIs stay out of logs");
        // a camera that opened nothing is an error, not an empty answer
        assertEquals("ErrorResponse", registry.answer("Alexa.CameraStreamController", "InitializeCameraStreams", "ct", ENDPOINT,
                TestDevices.CAMERA, TestDevices.fullState(), null, NOW).header().name());
    }

    @Test
    void aDoorbellPressBecomesDoorbellPressAndPersonsAreReported() {
        List<AlexaEvent> events = registry.eventsFor(new DeviceEvent.DoorbellPressed(Instant.parse("2026-03-01T12:00:01.250Z")),
                TestDevices.DOORBELL, ENDPOINT);
        assertEquals(1, events.size());
        ObjectNode press = AlexaEvent.withGatewayToken(events.get(0).toJson(), "t");
        AlexaSchema.assertValid(press);
        assertEquals("Alexa.DoorbellEventSource", press.at("/event/header/namespace").asText());
        assertEquals("DoorbellPress", press.at("/event/header/name").asText());
        assertEquals("PHYSICAL_INTERACTION", press.at("/event/payload/cause/type").asText());
        assertEquals("2026-03-01T12:00:01Z", press.at("/event/payload/timestamp").asText());
        assertTrue(registry.eventsFor(new DeviceEvent.DoorbellPressed(NOW), TestDevices.CONTACT, ENDPOINT).isEmpty());

        JsonNode person = registry.properties(TestDevices.CAMERA, TestDevices.fullState(), NOW).stream()
                .filter(p -> p.namespace().equals("Alexa.EventDetectionSensor")).findFirst().orElseThrow().toJson();
        assertEquals("{\"value\":\"DETECTED\",\"detectionMethods\":[\"VIDEO\"]}", person.get("value").toString());
    }

    @Test
    void turningOnAWakeOnLanDeviceSendsWakeUpFirst() {
        Directive turnOn = sample("PowerController/PowerController.TurnOn.request.json");
        List<AlexaEvent> before = registry.eventsBefore(turnOn, TestDevices.TV, ENDPOINT);
        assertEquals(1, before.size());
        ObjectNode wakeUp = AlexaEvent.withGatewayToken(before.get(0).toJson(), "t");
        AlexaSchema.assertValid(wakeUp);
        assertEquals("WakeUp", wakeUp.at("/event/header/name").asText());
        assertEquals(turnOn.correlationToken(), wakeUp.at("/event/header/correlationToken").asText());
        assertTrue(registry.eventsBefore(sample("PowerController/PowerController.TurnOff.request.json"), TestDevices.TV, ENDPOINT).isEmpty());
        assertTrue(registry.eventsBefore(turnOn, TestDevices.LIGHT, ENDPOINT).isEmpty(), "only devices with wake-on-LAN");
        assertEquals("[\"00:11:22:AA:BB:CC\"]", new WakeOnLANControllerInterface().discovery(TestDevices.TV, true).get(0)
                .at("/configuration/MACAddresses").toString());
    }

    @Test
    void contactAndMotionReportDetectionStates() {
        DeviceState open = TestDevices.fullState().toBuilder().set(StateKey.CONTACT, dev.homewire.adapter.spi.ContactState.OPEN)
                .set(StateKey.MOTION_DETECTED, true).build();
        assertEquals("DETECTED", CapabilityTesting.value(registry.properties(TestDevices.CONTACT, open, NOW), "detectionState").asText());
        assertEquals("DETECTED", CapabilityTesting.value(registry.properties(TestDevices.MOTION, open, NOW), "detectionState").asText());
        assertEquals("NOT_DETECTED", CapabilityTesting.value(registry.properties(TestDevices.CONTACT, TestDevices.fullState(), NOW),
                "detectionState").asText());
        assertTrue(withPayload("LockController/LockController.Lock.request.json", "{}").payload().isEmpty());
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
