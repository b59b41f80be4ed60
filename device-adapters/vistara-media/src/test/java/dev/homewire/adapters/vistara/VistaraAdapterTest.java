package dev.homewire.adapters.vistara;

import static dev.homewire.simulator.vistara.VistaraCloudSimulator.BEDROOM_TV_ID;
import static dev.homewire.simulator.vistara.VistaraCloudSimulator.KITCHEN_TV_ID;
import static dev.homewire.simulator.vistara.VistaraCloudSimulator.LIVING_ROOM_TV_ID;
import static dev.homewire.simulator.vistara.VistaraCloudSimulator.SOUND_BAR_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.DeviceMode;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.EqualizerBand;
import dev.homewire.adapter.spi.EqualizerMode;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LaunchTarget;
import dev.homewire.adapter.spi.PlaybackOperation;
import dev.homewire.adapter.spi.PlaybackState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.http.HttpClientFactory;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.vistara.VistaraCloudSimulator;
import dev.homewire.testkit.WebhookCapture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The Vistara adapter against the real simulator over HTTP: the mapping and the error cases the contract test leaves out. */
class VistaraAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    private static final LaunchTarget PRIME_VIDEO = new LaunchTarget("amzn1.alexa-ask-target.app.72095", "Amazon Video");

    private static CloseableHttpClient httpClient;

    private VistaraCloudSimulator cloud;
    private DeviceAdapter adapter;
    private VendorAccount alice;
    private VendorAccount bob;

    @BeforeAll
    static void client() {
        // What core hands adapters: the production client.
        httpClient = HttpClientFactory.create(Duration.ofSeconds(5));
    }

    @AfterAll
    static void closeClient() throws IOException {
        httpClient.close();
    }

    @BeforeEach
    void start() {
        cloud = new VistaraCloudSimulator();
        cloud.start(0);
        adapter = adapterAt(cloud.adapterSettings().get("BASE_URL"));
        alice = account("alice");
        bob = account("bob");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private static DeviceAdapterFactory factory() {
        return ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.adapterId().equals("vistara")).findFirst().orElseThrow();
    }

    private static AdapterContext context(Map<String, String> environment) {
        return new AdapterContext("vistara", environment, httpClient, CALL_TIMEOUT);
    }

    private static DeviceAdapter adapterAt(String baseUrl) {
        return factory().create(context(Map.of("HOMEWIRE_ADAPTER_VISTARA_BASE_URL", baseUrl)));
    }

    private VendorAccount account(String demoUser) {
        return cloud.demoAccounts().stream().filter(a -> a.demoUser().equals(demoUser))
                .map(a -> new VendorAccount("vistara", a.accountId(), a.credentials())).findFirst().orElseThrow();
    }

    private DeviceState run(String deviceId, DeviceCommand command) {
        return assertInstanceOf(CommandResult.Completed.class, adapter.execute(alice, deviceId, command)).state();
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(cloud.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    /** The typed failure, whose message never carries an access token. */
    private AdapterException fails(Reason reason, Executable call) {
        AdapterException failure = assertThrows(AdapterException.class, call);
        assertEquals(reason, failure.reason(), failure.getMessage());
        for (VendorAccount account : List.of(alice, bob)) {
            assertFalse(failure.getMessage().contains(account.credential("accessToken")), failure.getMessage());
        }
        return failure;
    }

    // ------------------------------------------------------------------ factory

    @Test
    void theFactoryIsFoundAndReadsItsBaseUrl() {
        assertInstanceOf(VistaraAdapter.class, adapter);
        assertEquals("vistara", adapter.id());
        assertEquals(InteractionStyle.SYNC, adapter.interactionStyle());
        assertFalse(adapter.reportsChanges(), "Vistara never pushes");
        assertEquals(Duration.ofSeconds(10), adapter.stateFreshness());
        assertEquals(Duration.ofSeconds(2), adapter.typicalCommandLatency());

        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> factory().create(context(Map.of())));
        assertTrue(missing.getMessage().contains("HOMEWIRE_ADAPTER_VISTARA_BASE_URL"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> adapterAt("file:///etc/vistara"));
        assertEquals(3, adapterAt(cloud.baseUrl() + "/").discover(alice).size(), "a trailing slash is fine");
    }

    // ------------------------------------------------------------------ discovery

    @Test
    void discoveryTurnsFeaturesIntoTraits() {
        Map<String, Device> devices = adapter.discover(alice).stream().collect(Collectors.toMap(Device::deviceId, Function.identity()));
        assertEquals(3, devices.size());

        Device tv = devices.get(LIVING_ROOM_TV_ID);
        assertEquals("Living Room TV", tv.friendlyName());
        assertEquals(DeviceKind.TV, tv.kind());
        assertEquals("Vistara", tv.manufacturer());
        assertEquals("Vistara QX65 OLED", tv.model());
        assertEquals("Vistara QX65 OLED", tv.description());
        assertEquals(List.of(new Trait.Power(), new Trait.Speaker(), new Trait.Playback(EnumSet.allOf(PlaybackOperation.class)),
                new Trait.Seek(), new Trait.Channel(), new Trait.Input(List.of(
                        new Trait.Input.InputSource("HDMI1", List.of("Apple TV")),
                        new Trait.Input.InputSource("HDMI2", List.of("Game Console")),
                        new Trait.Input.InputSource("HDMI3", List.of("HDMI 3")),
                        new Trait.Input.InputSource("TV", List.of("Antenna")))),
                new Trait.Launcher(), new Trait.Recording(), new Trait.WakeOnLan(List.of("02:56:54:1E:7A:01"))), tv.traits());

        Device bar = devices.get(SOUND_BAR_ID);
        assertEquals(DeviceKind.SPEAKER, bar.kind());
        assertEquals(List.of(new Trait.Power(), new Trait.StepSpeaker(),
                new Trait.Playback(EnumSet.of(PlaybackOperation.PLAY, PlaybackOperation.PAUSE, PlaybackOperation.PREVIOUS,
                        PlaybackOperation.NEXT)),
                new Trait.Input(List.of(new Trait.Input.InputSource("HDMI ARC", List.of("TV")),
                        new Trait.Input.InputSource("OPTICAL", List.of()), new Trait.Input.InputSource("BLUETOOTH", List.of()))),
                new Trait.Equalizer(EnumSet.allOf(EqualizerBand.class), -6, 6, 0, EnumSet.allOf(EqualizerMode.class))), bar.traits());
        assertFalse(bar.has(Trait.Speaker.class), "the bar's level is not readable");

        Device kitchen = devices.get(KITCHEN_TV_ID);
        assertEquals(List.of(Trait.Power.class, Trait.Speaker.class, Trait.Playback.class, Trait.Input.class, Trait.Launcher.class,
                Trait.WakeOnLan.class), kitchen.traits().stream().map(Object::getClass).toList(), "an offline device is discovered too");
        assertEquals(EnumSet.of(PlaybackOperation.PLAY, PlaybackOperation.PAUSE, PlaybackOperation.STOP),
                kitchen.trait(Trait.Playback.class).orElseThrow().operations());

        List<Device> bobs = adapter.discover(bob);
        assertEquals(List.of(BEDROOM_TV_ID), bobs.stream().map(Device::deviceId).toList());
    }

    @Test
    void pairedDevicesAreDiscoveredAndRemovedOnesAreNotFound() throws Exception {
        cloud.addDevice("bob", JSON.readTree("{\"type\":\"soundbar\",\"name\":\"Patio Speaker\"}"));
        List<String> bobs = adapter.discover(bob).stream().map(Device::deviceId).toList();
        assertEquals(List.of(BEDROOM_TV_ID, "vt-bob-patio-speaker"), bobs);

        cloud.removeDevice(BEDROOM_TV_ID);
        fails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(bob, BEDROOM_TV_ID));
        fails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(bob, BEDROOM_TV_ID, new DeviceCommand.SetPower(PowerState.OFF)));
        assertEquals(1, adapter.discover(bob).size());
    }

    // ------------------------------------------------------------------ state

    @Test
    void theTvReportsEverythingItDoes() {
        DeviceState tv = adapter.queryState(alice, LIVING_ROOM_TV_ID);
        assertEquals(Connectivity.OK, tv.connectivity());
        assertEquals(PowerState.ON, tv.power());
        assertEquals(25, tv.get(StateKey.VOLUME));
        assertEquals(false, tv.get(StateKey.MUTED));
        assertEquals("HDMI1", tv.get(StateKey.INPUT));
        assertEquals(new ChannelInfo("7", "KABC", "ABC"), tv.get(StateKey.CHANNEL));
        assertEquals(PlaybackState.PLAYING, tv.get(StateKey.PLAYBACK_STATE));
        assertEquals(754_000L, tv.get(StateKey.PLAYBACK_POSITION_MS));
        assertEquals(new LaunchTarget("amzn1.alexa-ask-target.app.36377", "Netflix"), tv.get(StateKey.LAUNCHED_TARGET));
        assertEquals(false, tv.get(StateKey.RECORDING));
        assertTrue(Duration.between(tv.observedAt(), Instant.now()).abs().compareTo(Duration.ofSeconds(5)) < 0);

        DeviceState bedroom = adapter.queryState(bob, BEDROOM_TV_ID);
        assertEquals(new ChannelInfo("28.1", "KCET", "PBS"), bedroom.get(StateKey.CHANNEL));
        assertEquals(PlaybackState.PAUSED, bedroom.get(StateKey.PLAYBACK_STATE));
        assertFalse(bedroom.has(StateKey.LAUNCHED_TARGET), "no app launched yet");
    }

    @Test
    void theSoundBarReportsNoVolume() {
        DeviceState bar = adapter.queryState(alice, SOUND_BAR_ID);
        assertFalse(bar.has(StateKey.VOLUME));
        assertEquals(false, bar.get(StateKey.MUTED));
        assertEquals("HDMI ARC", bar.get(StateKey.INPUT));
        assertEquals(PlaybackState.PAUSED, bar.get(StateKey.PLAYBACK_STATE));
        assertFalse(bar.has(StateKey.PLAYBACK_POSITION_MS));
        for (EqualizerBand band : EqualizerBand.values()) {
            assertEquals(0, bar.get(StateKey.equalizerLevel(band)), band.name());
        }
        assertEquals(EqualizerMode.TV, bar.get(StateKey.EQUALIZER_MODE));
    }

    @Test
    void anOfflineDeviceIsUnreachableWithItsLastKnownValues() throws Exception {
        DeviceState kitchen = adapter.queryState(alice, KITCHEN_TV_ID);
        assertEquals(Connectivity.UNREACHABLE, kitchen.connectivity());
        assertEquals(PowerState.OFF, kitchen.power());
        assertEquals(12, kitchen.get(StateKey.VOLUME));
        assertEquals("TV", kitchen.get(StateKey.INPUT));
        assertTrue(kitchen.observedAt().isBefore(Instant.now().minus(Duration.ofHours(2))), "observed when last seen: " + kitchen.observedAt());
        fails(Reason.DEVICE_OFFLINE, () -> adapter.execute(alice, KITCHEN_TV_ID, new DeviceCommand.SetPower(PowerState.ON)));

        cloud.changeDeviceState(SOUND_BAR_ID, JSON.readTree("{\"online\":false,\"input\":\"OPTICAL\"}"));
        DeviceState bar = adapter.queryState(alice, SOUND_BAR_ID);
        assertEquals(Connectivity.UNREACHABLE, bar.connectivity());
        assertEquals("OPTICAL", bar.get(StateKey.INPUT));
    }

    // ------------------------------------------------------------------ commands

    @Test
    void channelsByCallSignOrAffiliateAlone() {
        // Alexa sends a channel name it only knows as the call sign; Vistara matches affiliates too.
        assertEquals("7", run(LIVING_ROOM_TV_ID, new DeviceCommand.ChangeChannel(new ChannelInfo(null, "ABC", null)))
                .get(StateKey.CHANNEL).number());
        DeviceState byAffiliate = run(LIVING_ROOM_TV_ID, new DeviceCommand.ChangeChannel(new ChannelInfo(null, null, "FOX")));
        assertEquals(new ChannelInfo("11", "KTTV", "FOX"), byAffiliate.get(StateKey.CHANNEL));
        assertEquals("TV", byAffiliate.get(StateKey.INPUT), "the TV shows its tuner");
        assertEquals("2", run(LIVING_ROOM_TV_ID, new DeviceCommand.SkipChannels(-3)).get(StateKey.CHANNEL).number());
        assertEquals("1234", run(LIVING_ROOM_TV_ID, new DeviceCommand.SkipChannels(-1)).get(StateKey.CHANNEL).number(), "wraps around");
    }

    @Test
    void seekAndTransportReportThePlayersPosition() {
        assertEquals(0L, run(LIVING_ROOM_TV_ID, new DeviceCommand.Seek(-3_600_000)).get(StateKey.PLAYBACK_POSITION_MS), "clamped at 0");
        assertEquals(30_000L, run(LIVING_ROOM_TV_ID, new DeviceCommand.Seek(30_000)).get(StateKey.PLAYBACK_POSITION_MS));
        DeviceState stopped = run(LIVING_ROOM_TV_ID, new DeviceCommand.Playback(PlaybackOperation.STOP));
        assertEquals(PlaybackState.STOPPED, stopped.get(StateKey.PLAYBACK_STATE));
        assertEquals(0L, stopped.get(StateKey.PLAYBACK_POSITION_MS));
        assertEquals(10_000L, run(LIVING_ROOM_TV_ID, new DeviceCommand.Playback(PlaybackOperation.FAST_FORWARD))
                .get(StateKey.PLAYBACK_POSITION_MS));
        DeviceState next = run(LIVING_ROOM_TV_ID, new DeviceCommand.Playback(PlaybackOperation.NEXT));
        assertEquals(0L, next.get(StateKey.PLAYBACK_POSITION_MS), "the next item starts at its beginning");
        assertEquals("Tidewater, Episode 2", control(LIVING_ROOM_TV_ID).path("title").asText());
        run(LIVING_ROOM_TV_ID, new DeviceCommand.Playback(PlaybackOperation.PREVIOUS));
        assertEquals("Tidewater, Episode 1", control(LIVING_ROOM_TV_ID).path("title").asText());
    }

    @Test
    void volumeStepsAndEqualizerOfTheSoundBar() {
        run(SOUND_BAR_ID, new DeviceCommand.SetMute(true, true));
        DeviceState louder = run(SOUND_BAR_ID, new DeviceCommand.AdjustVolumeSteps(4));
        assertFalse(louder.has(StateKey.VOLUME));
        assertEquals(false, louder.get(StateKey.MUTED), "stepping unmutes");
        assertEquals(22, control(SOUND_BAR_ID).path("level").asInt(), "18 + 4 on the bar's hidden level");

        DeviceState bands = run(SOUND_BAR_ID, new DeviceCommand.SetEqualizerBands(Map.of(EqualizerBand.BASS, -6, EqualizerBand.TREBLE, 3)));
        assertEquals(-6, bands.get(StateKey.equalizerLevel(EqualizerBand.BASS)));
        assertEquals(0, bands.get(StateKey.equalizerLevel(EqualizerBand.MIDRANGE)));
        assertEquals(3, bands.get(StateKey.equalizerLevel(EqualizerBand.TREBLE)));
        assertEquals(EqualizerMode.SPORT, run(SOUND_BAR_ID, new DeviceCommand.SetEqualizerMode(EqualizerMode.SPORT))
                .get(StateKey.EQUALIZER_MODE));
    }

    @Test
    void launchSendsAlexasIdentifierAndReportsVistarasName() {
        DeviceState launched = run(LIVING_ROOM_TV_ID, new DeviceCommand.Launch(PRIME_VIDEO));
        assertEquals(new LaunchTarget("amzn1.alexa-ask-target.app.72095", "Prime Video"), launched.get(StateKey.LAUNCHED_TARGET));
        assertEquals("amzn1.alexa-ask-target.app.72095", control(LIVING_ROOM_TV_ID).path("app").asText());
        assertEquals("HDMI3", run(LIVING_ROOM_TV_ID, new DeviceCommand.SelectInput("hdmi3")).get(StateKey.INPUT),
                "the cloud answers its own spelling of the input");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void aTvInStandbyIsAsleepUntilTurnedOn() {
        DeviceState off = run(LIVING_ROOM_TV_ID, new DeviceCommand.SetPower(PowerState.OFF));
        assertEquals(PowerState.OFF, off.power());
        assertEquals(PlaybackState.PAUSED, off.get(StateKey.PLAYBACK_STATE));

        for (DeviceCommand command : List.of(new DeviceCommand.SetVolume(10), new DeviceCommand.Playback(PlaybackOperation.PLAY),
                new DeviceCommand.ChangeChannel(ChannelInfo.number("4")), new DeviceCommand.Launch(PRIME_VIDEO))) {
            AdapterException asleep = fails(Reason.NOT_SUPPORTED_IN_CURRENT_MODE, () -> adapter.execute(alice, LIVING_ROOM_TV_ID, command));
            assertEquals(DeviceMode.ASLEEP, asleep.currentMode());
            assertFalse(asleep.transientFailure(), "retrying will not wake it");
            assertTrue(asleep.getMessage().contains("device_off"), asleep.getMessage());
        }
        assertEquals(25, control(LIVING_ROOM_TV_ID).path("volume").asInt());
        assertEquals(PowerState.ON, run(LIVING_ROOM_TV_ID, new DeviceCommand.SetPower(PowerState.ON)).power());
        assertEquals(10, run(LIVING_ROOM_TV_ID, new DeviceCommand.SetVolume(10)).get(StateKey.VOLUME));
    }

    @Test
    void valuesTheDeviceDoesNotKnowAreInvalid() {
        fails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.ChangeChannel(ChannelInfo.number("99"))));
        fails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.SelectInput("BLUETOOTH")));
        fails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_TV_ID,
                new DeviceCommand.Launch(new LaunchTarget("amzn1.alexa-ask-target.app.99999", "Nowhere TV"))));
        fails(Reason.INVALID_VALUE, () -> adapter.execute(alice, SOUND_BAR_ID, new DeviceCommand.Playback(PlaybackOperation.REWIND)));
        // commands the device lacks: Vistara's unsupported_command
        fails(Reason.INVALID_VALUE, () -> adapter.execute(alice, SOUND_BAR_ID, new DeviceCommand.SetVolume(30)));
        fails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.SetEqualizerMode(EqualizerMode.MOVIE)));
        int sent = cloud.commandCalls();
        // and commands no Vistara device takes are refused without a call
        fails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.SetBrightness(50)));
        assertEquals(sent, cloud.commandCalls());
        System.out.printf("invalid values: %d commands sent, 1 refused before sending%n", sent);
    }

    @Test
    void anEqualizerLevelOutOfRangeCarriesTheRange() {
        AdapterException tooLoud = fails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, SOUND_BAR_ID, new DeviceCommand.SetEqualizerBands(Map.of(EqualizerBand.BASS, 9))));
        assertEquals(-6.0, tooLoud.minimumValue());
        assertEquals(6.0, tooLoud.maximumValue());
        assertEquals(0, control(SOUND_BAR_ID).path("bands").path("bass").asInt());
    }

    @Test
    void unknownAndForeignDevicesAreNotFound() {
        fails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "vt-alice-attic-tv"));
        fails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(bob, LIVING_ROOM_TV_ID, new DeviceCommand.SetPower(PowerState.OFF)));
        fails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, ""));
        assertTrue(control(LIVING_ROOM_TV_ID).path("on").asBoolean());
    }

    // ------------------------------------------------------------------ the cloud failing

    @Test
    void httpFailuresTheContractDoesNotTry() {
        cloud.setFaults(new FaultSpec(1.0, 403, 0));
        fails(Reason.CREDENTIALS_EXPIRED, () -> adapter.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.SetMute(true, false)));
        cloud.setFaults(new FaultSpec(1.0, 400, 0));
        fails(Reason.VENDOR_ERROR, () -> adapter.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.SetMute(true, false)));
        cloud.setFaults(new FaultSpec(1.0, 502, 0));
        AdapterException gateway = fails(Reason.VENDOR_UNAVAILABLE,
                () -> adapter.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.SetMute(true, false)));
        assertTrue(gateway.getMessage().contains("HTTP 502 unavailable"), gateway.getMessage());
        cloud.clearFaults();
        assertEquals(false, adapter.queryState(alice, LIVING_ROOM_TV_ID).get(StateKey.MUTED), "no failed call muted the TV");

        VendorAccount unlinked = new VendorAccount("vistara", alice.accountId(), Map.of());
        fails(Reason.CREDENTIALS_EXPIRED, () -> adapter.queryState(unlinked, LIVING_ROOM_TV_ID));
    }

    @Test
    void aBaseUrlThatIsNotVistarasApi() throws Exception {
        // The simulator answers 404 outside /v2: a device list that does not exist is a configuration fault, not a missing device.
        DeviceAdapter misrouted = adapterAt(cloud.baseUrl() + "/api");
        AdapterException discovery = fails(Reason.VENDOR_ERROR, () -> misrouted.discover(alice));
        assertTrue(discovery.getMessage().contains("HTTP 404"), discovery.getMessage());

        // A server that answers 200 with an empty body to anything.
        try (WebhookCapture blank = new WebhookCapture()) {
            DeviceAdapter hollow = adapterAt(blank.url().resolve("/").toString());
            fails(Reason.VENDOR_UNAVAILABLE, () -> hollow.discover(alice));
            fails(Reason.VENDOR_UNAVAILABLE, () -> hollow.queryState(alice, LIVING_ROOM_TV_ID));
            AdapterException command = fails(Reason.VENDOR_UNAVAILABLE,
                    () -> hollow.execute(alice, LIVING_ROOM_TV_ID, new DeviceCommand.SetPower(PowerState.OFF)));
            assertTrue(command.getMessage().contains("unreadable answer from Vistara"), command.getMessage());
        }

        String gone = cloud.baseUrl().toString();
        cloud.close();
        fails(Reason.VENDOR_UNAVAILABLE, () -> adapterAt(gone).queryState(alice, LIVING_ROOM_TV_ID));
    }

    @Test
    void concurrentCommandsAndQueries() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<DeviceState>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(() -> run(SOUND_BAR_ID, new DeviceCommand.AdjustVolumeSteps(1)));
            calls.add(() -> adapter.queryState(bob, BEDROOM_TV_ID));
        }
        try {
            for (Future<DeviceState> state : pool.invokeAll(calls)) {
                assertEquals(Connectivity.OK, state.get().connectivity());
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("%d commands and %d queries in parallel; bar level 18 -> %d%n", cloud.commandCalls(), cloud.queryCalls(),
                control(SOUND_BAR_ID).path("level").asInt());
        assertEquals(30, control(SOUND_BAR_ID).path("level").asInt());
        assertNull(adapter.queryState(alice, SOUND_BAR_ID).get(StateKey.VOLUME));
    }
}
