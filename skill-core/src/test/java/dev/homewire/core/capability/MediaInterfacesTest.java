package dev.homewire.core.capability;

import static dev.homewire.core.capability.CapabilityTesting.assertRefused;
import static dev.homewire.core.capability.CapabilityTesting.sample;
import static dev.homewire.core.capability.CapabilityTesting.withPayload;
import static dev.homewire.core.capability.InstanceControllersTest.directive;
import static dev.homewire.core.capability.TestDevices.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.EqualizerBand;
import dev.homewire.adapter.spi.EqualizerMode;
import dev.homewire.adapter.spi.LaunchTarget;
import dev.homewire.adapter.spi.PlaybackOperation;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A TV and a sound bar: Speaker, StepSpeaker, Playback, Seek, Channel, Input, Launcher, Record, Equalizer. */
class MediaInterfacesTest {
    private final CapabilityRegistry registry = CapabilityRegistry.standard();

    @Test
    void theTvReportsWhatTheSamplesShow() {
        List<Property> properties = registry.properties(TestDevices.TV, TestDevices.fullState(), NOW);
        JsonNode channel = CapabilityTesting.value(properties, "channel");
        assertEquals("{\"number\":\"7\",\"callSign\":\"KABC\"}", channel.toString());
        assertEquals("HDMI1", CapabilityTesting.value(properties, "input").asText());
        assertEquals(30, CapabilityTesting.value(properties, "volume").asInt());
        assertEquals("{\"identifier\":\"amzn1.alexa-ask-target.app.72095\",\"name\":\"Prime Video\"}",
                CapabilityTesting.value(properties, "target").toString());
        assertEquals("NOT_RECORDING", CapabilityTesting.value(properties, "RecordingState").asText());
        JsonNode official = AlexaSamples.load("ChannelController/ChannelController.response.json");
        assertEquals(official.at("/context/properties/0/name").asText(), "channel");
        CapabilityTesting.assertResponseValid(properties);
    }

    @Test
    void speakersSetAndAdjustVolumeStepSpeakersStep() {
        DeviceState state = TestDevices.fullState();
        assertEquals(new DeviceCommand.SetVolume(100), registry.toCommand(withPayload("Speaker/Speaker.AdjustVolume.request.json",
                "{\"volume\":90,\"volumeDefault\":false}"), TestDevices.TV, state));
        assertEquals(new DeviceCommand.SetVolume(40), registry.toCommand(withPayload("Speaker/Speaker.AdjustVolume.request.json",
                "{\"volume\":1,\"volumeDefault\":true}"), TestDevices.TV, state), "a default step is 10");
        assertEquals("VALUE_OUT_OF_RANGE", assertRefused(() -> registry.toCommand(withPayload("Speaker/Speaker.SetVolume.request.json",
                "{\"volume\":101}"), TestDevices.TV, null)).type());
        assertEquals("VALUE_OUT_OF_RANGE", assertRefused(() -> registry.toCommand(withPayload(
                "StepSpeaker/StepSpeaker.AdjustVolume.request.json", "{\"volumeSteps\":0}"), TestDevices.SOUND_BAR, null)).type());
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(sample("Speaker/Speaker.SetVolume.request.json"),
                TestDevices.SOUND_BAR, null)).type(), "a step speaker has no absolute volume");
        assertTrue(registry.properties(TestDevices.SOUND_BAR, state, NOW).stream().noneMatch(p -> p.namespace().equals("Alexa.StepSpeaker")));
    }

    @Test
    void unsupportedPlaybackOperationsAreRefused() {
        assertEquals(new DeviceCommand.Playback(PlaybackOperation.PAUSE),
                registry.toCommand(sample("PlaybackController/PlaybackController.Pause.request.json"), TestDevices.SOUND_BAR, null));
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(
                sample("PlaybackController/PlaybackController.Rewind.request.json"), TestDevices.SOUND_BAR, null)).type());
        assertEquals("[\"Play\",\"Pause\"]", new PlaybackControllerInterface().discovery(TestDevices.SOUND_BAR, true).get(0)
                .get("supportedOperations").toString());
    }

    @Test
    void seekingAnswersTheNewPositionAsTheSeekControllersStateReport() {
        DeviceCommand seek = registry.toCommand(directive("Alexa.SeekController", "AdjustSeekPosition", null,
                "{\"deltaPositionMilliseconds\":-30000}"), TestDevices.TV, null);
        assertEquals(new DeviceCommand.Seek(-30_000), seek);
        DeviceState after = TestDevices.fullState().toBuilder().set(StateKey.PLAYBACK_POSITION_MS, 35_000L).build();
        JsonNode answer = AlexaEvent.withGatewayToken(registry.answer("Alexa.SeekController", "AdjustSeekPosition", "ct", "test#tv",
                TestDevices.TV, after, null, NOW).toJson(), "t");
        AlexaSchema.assertValid(answer);
        assertEquals("StateReport", answer.at("/event/header/name").asText());
        assertEquals("{\"properties\":[{\"name\":\"positionMilliseconds\",\"value\":35000}]}", answer.at("/event/payload").toString());
    }

    @Test
    void channelsByNumberCallSignOrNameAndInputsByTheDevicesNames() {
        assertEquals(new DeviceCommand.ChangeChannel(new ChannelInfo(null, "PBS", null)), registry.toCommand(withPayload(
                "ChannelController/ChannelController.ChangeChannel.request.json", "{\"channel\":{},\"channelMetadata\":{\"name\":\"PBS\"}}"),
                TestDevices.TV, null));
        assertEquals("INVALID_DIRECTIVE", assertRefused(() -> registry.toCommand(withPayload(
                "ChannelController/ChannelController.ChangeChannel.request.json", "{\"channel\":{}}"), TestDevices.TV, null)).type());
        assertEquals(new DeviceCommand.SelectInput("HDMI2"), registry.toCommand(withPayload(
                "InputController/InputController.SelectInput.request.json", "{\"input\":\"hdmi2\"}"), TestDevices.TV, null));
        assertEquals("INVALID_VALUE", assertRefused(() -> registry.toCommand(withPayload(
                "InputController/InputController.SelectInput.request.json", "{\"input\":\"VGA\"}"), TestDevices.TV, null)).type());
        assertEquals("[{\"name\":\"HDMI1\",\"friendlyNames\":[\"Game console\"]},{\"name\":\"HDMI2\"},{\"name\":\"TV\"}]",
                new InputControllerInterface().discovery(TestDevices.TV, true).get(0).get("inputs").toString());
        assertEquals(new DeviceCommand.Launch(new LaunchTarget("amzn1.alexa-ask-target.app.72095", "Prime Video")),
                registry.toCommand(directive("Alexa.Launcher", "LaunchTarget", null,
                        "{\"identifier\":\"amzn1.alexa-ask-target.app.72095\",\"name\":\"Prime Video\"}"), TestDevices.TV, null));
        assertEquals(new DeviceCommand.SetRecording(true), registry.toCommand(directive("Alexa.RecordController", "StartRecording",
                null, "{}"), TestDevices.TV, null));
    }

    @Test
    void equalizerBandsAreSetAdjustedAndResetWithinTheRange() {
        DeviceState state = TestDevices.fullState();
        assertEquals(new DeviceCommand.SetEqualizerBands(Map.of(EqualizerBand.BASS, -3)), registry.toCommand(directive(
                "Alexa.EqualizerController", "SetBands", null, "{\"bands\":[{\"name\":\"BASS\",\"value\":-3}]}"), TestDevices.SOUND_BAR, null));
        assertEquals(new DeviceCommand.SetEqualizerBands(Map.of(EqualizerBand.BASS, 6, EqualizerBand.TREBLE, -2)), registry.toCommand(
                directive("Alexa.EqualizerController", "AdjustBands", null, "{\"bands\":[{\"name\":\"BASS\",\"levelDelta\":5,"
                        + "\"levelDirection\":\"UP\"},{\"name\":\"TREBLE\",\"levelDirection\":\"DOWN\"}]}"), TestDevices.SOUND_BAR, state));
        assertEquals(new DeviceCommand.SetEqualizerBands(Map.of(EqualizerBand.MIDRANGE, 0)), registry.toCommand(directive(
                "Alexa.EqualizerController", "ResetBands", null, "{\"bands\":[{\"name\":\"MIDRANGE\"}]}"), TestDevices.SOUND_BAR, null));
        assertEquals(new DeviceCommand.SetEqualizerMode(EqualizerMode.NIGHT), registry.toCommand(directive(
                "Alexa.EqualizerController", "SetMode", null, "{\"mode\":\"NIGHT\"}"), TestDevices.SOUND_BAR, null));
        assertEquals("VALUE_OUT_OF_RANGE", assertRefused(() -> registry.toCommand(directive("Alexa.EqualizerController", "SetBands",
                null, "{\"bands\":[{\"name\":\"BASS\",\"value\":9}]}"), TestDevices.SOUND_BAR, null)).type());
        JsonNode capability = new EqualizerControllerInterface().discovery(TestDevices.SOUND_BAR, true).get(0);
        assertEquals("{\"minimum\":-6,\"maximum\":6}", capability.at("/configurations/bands/range").toString());
        assertEquals("[{\"name\":\"BASS\",\"value\":2},{\"name\":\"MIDRANGE\",\"value\":0},{\"name\":\"TREBLE\",\"value\":-1}]",
                CapabilityTesting.value(registry.properties(TestDevices.SOUND_BAR, state, NOW), "bands").toString());
    }
}
