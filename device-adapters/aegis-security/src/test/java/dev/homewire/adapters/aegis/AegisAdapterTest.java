package dev.homewire.adapters.aegis;

import static dev.homewire.adapters.aegis.AegisTestbed.CALL_TIMEOUT;
import static dev.homewire.adapters.aegis.AegisTestbed.assertFails;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_ACCOUNT_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_PANEL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_PIN;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BACK_DOOR_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BOB_PANEL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BOB_PIN;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.DRIVEWAY_CAMERA_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.FRONT_DOORBELL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.FRONT_DOOR_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.HALLWAY_MOTION_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.ContactState;
import dev.homewire.adapter.spi.DetectionMethod;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against the real simulator over HTTP: discovery, state, every command and its errors. */
class AegisAdapterTest {
    private static final Duration OPERATION_DELAY = Duration.ofMillis(150);

    private AegisTestbed bed;
    private DeviceAdapter adapter;
    private VendorAccount alice;
    private VendorAccount bob;

    @BeforeEach
    void start() {
        bed = new AegisTestbed(OPERATION_DELAY);
        adapter = bed.adapter;
        alice = bed.alice;
        bob = bed.bob;
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private String accept(String deviceId, DeviceCommand command) {
        return assertInstanceOf(CommandResult.Accepted.class, adapter.execute(alice, deviceId, command)).operationRef();
    }

    private static DeviceCommand.InitializeCameraStreams streams(CameraStreams.Request... requests) {
        return new DeviceCommand.InitializeCameraStreams(List.of(requests));
    }

    // ------------------------------------------------------------------ factory and declaration

    @Test
    void theFactoryIsFoundAndNeedsBaseUrlAndWebhookSecret() {
        assertEquals("aegis", AegisTestbed.factory().adapterId());
        assertInstanceOf(AegisAdapter.class, adapter);
        String baseUrl = bed.simulator.adapterSettings().get("BASE_URL");
        IllegalStateException noSecret = assertThrows(IllegalStateException.class,
                () -> bed.adapterWith(Map.of("BASE_URL", baseUrl), CALL_TIMEOUT));
        assertTrue(noSecret.getMessage().contains("HOMEWIRE_ADAPTER_AEGIS_WEBHOOK_SECRET"), noSecret.getMessage());
        IllegalStateException noUrl = assertThrows(IllegalStateException.class,
                () -> bed.adapterWith(Map.of("WEBHOOK_SECRET", bed.secret), CALL_TIMEOUT));
        assertTrue(noUrl.getMessage().contains("HOMEWIRE_ADAPTER_AEGIS_BASE_URL"), noUrl.getMessage());
        IllegalStateException badUrl = assertThrows(IllegalStateException.class,
                () -> bed.adapterWith(Map.of("BASE_URL", "ftp://example.com", "WEBHOOK_SECRET", bed.secret), CALL_TIMEOUT));
        assertTrue(badUrl.getMessage().contains("HOMEWIRE_ADAPTER_AEGIS_BASE_URL"), badUrl.getMessage());
        assertFalse(badUrl.getMessage().contains(bed.secret), "secrets never appear in messages");
        assertThrows(IllegalStateException.class,
                () -> bed.adapterWith(Map.of("BASE_URL", baseUrl, "WEBHOOK_SECRET", " , "), CALL_TIMEOUT));
    }

    @Test
    void declaresAnAsyncPushCloud() {
        assertEquals("aegis", adapter.id());
        assertEquals(InteractionStyle.ASYNC_PUSH, adapter.interactionStyle());
        assertEquals(Duration.ofMinutes(10), adapter.stateFreshness());
        assertEquals(Duration.ofSeconds(2), adapter.typicalCommandLatency());
        assertTrue(adapter.push().isPresent());
        assertTrue(adapter.reportsChanges());
    }

    // ------------------------------------------------------------------ discovery and state

    @Test
    void discoversEveryKindOfDeviceWithItsTraits() {
        List<Device> devices = adapter.discover(alice);
        assertEquals(List.of(ALICE_PANEL_ID, FRONT_DOOR_ID, HALLWAY_MOTION_ID, FRONT_DOORBELL_ID, DRIVEWAY_CAMERA_ID),
                devices.stream().map(Device::deviceId).toList(), "the panel first");
        assertEquals(List.of(DeviceKind.SECURITY_PANEL, DeviceKind.CONTACT_SENSOR, DeviceKind.MOTION_SENSOR, DeviceKind.DOORBELL,
                DeviceKind.CAMERA), devices.stream().map(Device::kind).toList());

        Device panel = devices.get(0);
        assertEquals("Alarm Panel", panel.friendlyName());
        assertEquals("Aegis", panel.manufacturer());
        assertEquals("Aegis Hub 3", panel.model());
        assertEquals("Aegis Hub 3", panel.description());
        assertEquals(List.of(new Trait.SecurityPanel(EnumSet.allOf(ArmState.class),
                Set.of(Trait.SecurityPanel.Alarm.BURGLARY, Trait.SecurityPanel.Alarm.FIRE, Trait.SecurityPanel.Alarm.CARBON_MONOXIDE),
                true)), panel.traits());
        assertEquals(List.of(new Trait.ContactSensor()), devices.get(1).traits());
        assertEquals("Front Door", devices.get(1).friendlyName());
        assertEquals(List.of(new Trait.MotionSensor()), devices.get(2).traits());
        assertEquals(List.of(new Trait.Doorbell()), devices.get(3).traits());

        Device camera = devices.get(4);
        assertEquals("Driveway Camera", camera.friendlyName());
        assertEquals(3, camera.traits().size());
        CameraStreams.Configuration configuration = camera.trait(Trait.CameraStream.class).orElseThrow().configurations().get(0);
        assertEquals(Set.of(CameraStreams.Protocol.RTSP), configuration.protocols());
        assertEquals(List.of(new CameraStreams.Resolution(1920, 1080), new CameraStreams.Resolution(1280, 720)),
                configuration.resolutions());
        assertEquals(Set.of(CameraStreams.Authorization.BASIC, CameraStreams.Authorization.NONE), configuration.authorizations());
        assertEquals(Set.of(CameraStreams.VideoCodec.H264), configuration.videoCodecs());
        assertEquals(Set.of(CameraStreams.AudioCodec.AAC, CameraStreams.AudioCodec.G711), configuration.audioCodecs());
        assertEquals(Set.of(DetectionMethod.VIDEO), camera.trait(Trait.PersonDetection.class).orElseThrow().methods());
        assertTrue(camera.has(Trait.MotionSensor.class));

        List<Device> bobs = adapter.discover(bob);
        assertEquals(List.of(BOB_PANEL_ID, BACK_DOOR_ID), bobs.stream().map(Device::deviceId).toList());
        assertEquals("Back Door", bobs.get(1).friendlyName());
    }

    @Test
    void queryStateReportsEachKindsProperties() throws Exception {
        Instant before = Instant.now();
        DeviceState panel = adapter.queryState(alice, ALICE_PANEL_ID);
        assertEquals(Connectivity.OK, panel.connectivity());
        assertEquals(ArmState.DISARMED, panel.get(StateKey.ARM_STATE));
        assertEquals(Boolean.FALSE, panel.get(StateKey.BURGLARY_ALARM));
        assertEquals(Boolean.FALSE, panel.get(StateKey.FIRE_ALARM));
        assertEquals(Boolean.FALSE, panel.get(StateKey.CARBON_MONOXIDE_ALARM));
        assertFalse(panel.observedAt().isBefore(before.minusMillis(1)), "an online device's state is current");
        assertEquals(ContactState.CLOSED, adapter.queryState(alice, FRONT_DOOR_ID).get(StateKey.CONTACT));
        assertEquals(Boolean.FALSE, adapter.queryState(alice, HALLWAY_MOTION_ID).get(StateKey.MOTION_DETECTED));
        DeviceState doorbell = adapter.queryState(alice, FRONT_DOORBELL_ID);
        assertEquals(Map.of(), doorbell.values(), "a doorbell has no properties, only connectivity");

        bed.change(DRIVEWAY_CAMERA_ID, "{\"person\": true}");
        bed.change(ALICE_PANEL_ID, "{\"alarm\": \"FIRE\"}");
        bed.change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        DeviceState camera = adapter.queryState(alice, DRIVEWAY_CAMERA_ID);
        assertEquals(Boolean.TRUE, camera.get(StateKey.PERSON_DETECTED));
        assertEquals(Boolean.FALSE, camera.get(StateKey.MOTION_DETECTED));
        DeviceState fire = adapter.queryState(alice, ALICE_PANEL_ID);
        assertEquals(Boolean.TRUE, fire.get(StateKey.FIRE_ALARM));
        assertEquals(Boolean.FALSE, fire.get(StateKey.BURGLARY_ALARM));
        assertEquals(ContactState.OPEN, adapter.queryState(alice, FRONT_DOOR_ID).get(StateKey.CONTACT));

        bed.change(FRONT_DOOR_ID, "{\"online\": false}");
        DeviceState offline = adapter.queryState(alice, FRONT_DOOR_ID);
        assertEquals(Connectivity.UNREACHABLE, offline.connectivity());
        assertEquals(ContactState.OPEN, offline.get(StateKey.CONTACT), "the last known state");
        assertEquals(Instant.parse(bed.control(FRONT_DOOR_ID).path("updatedAt").asText()), offline.observedAt(),
                "observed when the cloud last heard from the sensor");
    }

    @Test
    void queryStatesAsksOnceForSeveralDevices() {
        int calls = bed.simulator.totalCalls();
        Map<String, DeviceState> states = adapter.queryStates(alice,
                List.of(DRIVEWAY_CAMERA_ID, ALICE_PANEL_ID, "ag-gone", BACK_DOOR_ID, FRONT_DOOR_ID));
        assertEquals(1, bed.simulator.totalCalls() - calls, "one GET /v1/devices");
        assertEquals(List.of(DRIVEWAY_CAMERA_ID, ALICE_PANEL_ID, FRONT_DOOR_ID), List.copyOf(states.keySet()),
                "unknown and foreign devices left out, order kept");
        assertEquals(ArmState.DISARMED, states.get(ALICE_PANEL_ID).get(StateKey.ARM_STATE));
        assertEquals(Map.of(), adapter.queryStates(alice, List.of()));
        assertEquals(1, bed.simulator.totalCalls() - calls, "nothing asked for, nothing called");
    }

    // ------------------------------------------------------------------ arming and disarming

    @Test
    void armingIsAcceptedAndItsOutcomeArrivesWithTheExitDelay() throws Exception {
        String ref = accept(ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, false));
        assertTrue(ref.startsWith("op_"), ref);
        DeviceUpdate away = bed.nextUpdate();
        assertEquals(ALICE_ACCOUNT_ID, away.accountId());
        assertEquals(ALICE_PANEL_ID, away.deviceId());
        assertEquals(UpdateCause.COMMAND_RESULT, away.cause());
        assertEquals(ref, away.operationRef());
        assertNull(away.failure());
        assertEquals(new CommandOutput.ArmOutcome(30), away.output(), "away leaves 30 s to get out");
        assertEquals(ArmState.ARMED_AWAY, away.state().get(StateKey.ARM_STATE));
        assertEquals(Connectivity.OK, away.state().connectivity());
        assertTrue(new DeviceCommand.Arm(ArmState.ARMED_AWAY, false).satisfiedBy(away.state()));
        assertEquals(ArmState.ARMED_AWAY, adapter.queryState(alice, ALICE_PANEL_ID).get(StateKey.ARM_STATE));

        accept(ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_NIGHT, false));
        DeviceUpdate night = bed.nextUpdate();
        assertEquals(new CommandOutput.ArmOutcome(0), night.output());
        assertEquals(ArmState.ARMED_NIGHT, night.state().get(StateKey.ARM_STATE));
        assertEquals(2, bed.simulator.operationCalls());
    }

    @Test
    void anOpenDoorFailsTheArmingAsNotReadyUnlessBypassed() throws Exception {
        bed.change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        bed.nextUpdate();
        String ref = accept(ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_STAY, false));
        DeviceUpdate refused = bed.nextUpdate();
        assertEquals(UpdateCause.COMMAND_RESULT, refused.cause());
        assertEquals(ref, refused.operationRef());
        assertEquals(Reason.NOT_READY_TO_ARM, refused.failure().reason());
        assertTrue(refused.failure().getMessage().contains("1 contact sensor(s) open"), refused.failure().getMessage());
        assertEquals(ArmState.DISARMED, refused.state().get(StateKey.ARM_STATE), "the panel stayed disarmed");

        String bypassRef = accept(ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_STAY, true));
        DeviceUpdate bypassed = bed.nextUpdate();
        assertEquals(bypassRef, bypassed.operationRef());
        assertNull(bypassed.failure());
        assertEquals(ArmState.ARMED_STAY, bypassed.state().get(StateKey.ARM_STATE));
    }

    @Test
    void aSoundingAlarmRefusesArmingAndDisarmingClearsIt() throws Exception {
        bed.change(ALICE_PANEL_ID, "{\"alarm\": \"CARBON_MONOXIDE\"}");
        DeviceUpdate alarm = bed.nextUpdate();
        assertEquals(Boolean.TRUE, alarm.state().get(StateKey.CARBON_MONOXIDE_ALARM));
        AdapterException e = assertFails(Reason.UNCLEARED_ALARM,
                () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, true)));
        assertTrue(e.getMessage().contains("alarm_active"), e.getMessage());

        String ref = accept(ALICE_PANEL_ID, new DeviceCommand.Disarm(ALICE_PIN));
        DeviceUpdate disarmed = bed.nextUpdate();
        assertEquals(ref, disarmed.operationRef());
        assertNull(disarmed.output(), "a disarm produces nothing besides state");
        assertEquals(ArmState.DISARMED, disarmed.state().get(StateKey.ARM_STATE));
        assertEquals(Boolean.FALSE, disarmed.state().get(StateKey.CARBON_MONOXIDE_ALARM), "disarming cleared the alarm");
    }

    @Test
    void disarmingChecksThePinWhichNeverShowsInMessagesOrLogs() throws Exception {
        accept(ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_STAY, false));
        bed.nextUpdate();

        AdapterException wrong = assertFails(Reason.PIN_REJECTED,
                () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Disarm("9753")));
        assertTrue(wrong.getMessage().contains("invalid_pin"), wrong.getMessage());
        AdapterException other = assertFails(Reason.PIN_REJECTED,
                () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Disarm(BOB_PIN)));
        AdapterException none = assertFails(Reason.PIN_REQUIRED,
                () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Disarm(null)));
        bed.change(ALICE_PANEL_ID, "{\"online\": false}");
        AdapterException offline = assertFails(Reason.DEVICE_OFFLINE,
                () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Disarm(ALICE_PIN)));
        bed.change(ALICE_PANEL_ID, "{\"online\": true}");
        assertEquals(ArmState.ARMED_STAY, adapter.queryState(alice, ALICE_PANEL_ID).get(StateKey.ARM_STATE), "still armed");

        String ref = accept(ALICE_PANEL_ID, new DeviceCommand.Disarm(ALICE_PIN));
        DeviceUpdate update;
        do {
            update = bed.nextUpdate(); // the connectivity events first
        } while (update.operationRef() == null);
        assertEquals(ref, update.operationRef());
        assertEquals(ArmState.DISARMED, update.state().get(StateKey.ARM_STATE));

        for (AdapterException e : List.of(wrong, other, none, offline)) {
            for (String pin : List.of("9753", BOB_PIN, ALICE_PIN)) {
                assertFalse(e.getMessage().contains(pin), "no PIN in " + e.getMessage());
            }
        }
        String log = AegisTestbed.logWithoutIds();
        assertTrue(log.contains("Aegis POST /v1/panels/" + ALICE_PANEL_ID + "/disarm"), "debug logging is on");
        for (String secret : List.of("9753", ALICE_PIN, alice.credential("accessToken"), bed.secret)) {
            assertFalse(log.contains(secret), "a PIN, token or secret reached the log");
        }
    }

    @Test
    void aPanelThatDropsOffBeforeActingFailsItsOperationAsOffline() throws Exception {
        bed.simulator.setOperationDelay(Duration.ofMillis(400));
        String ref = accept(ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, false));
        bed.change(ALICE_PANEL_ID, "{\"online\": false}");
        DeviceUpdate gone = bed.nextUpdate();
        assertEquals(Connectivity.UNREACHABLE, gone.state().connectivity());
        assertEquals(UpdateCause.PERIODIC_POLL, gone.cause());
        DeviceUpdate failed = bed.nextUpdate();
        assertEquals(ref, failed.operationRef());
        assertEquals(Reason.DEVICE_OFFLINE, failed.failure().reason());
        assertEquals(Connectivity.UNREACHABLE, failed.state().connectivity());
        assertEquals(ArmState.DISARMED, failed.state().get(StateKey.ARM_STATE), "the last known state");
        assertFails(Reason.DEVICE_OFFLINE, () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, false)));
    }

    @Test
    void droppedCommandsAreAcceptedButNeverReported() {
        bed.simulator.setFaults(new FaultSpec(0, 0, 0, true));
        accept(ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, true));
        assertNull(bed.receiver.next(OPERATION_DELAY.multipliedBy(6)), "no webhook for a dropped command");
        assertEquals(ArmState.DISARMED, adapter.queryState(alice, ALICE_PANEL_ID).get(StateKey.ARM_STATE));
    }

    // ------------------------------------------------------------------ camera streams

    @Test
    void cameraStreamsAreAnsweredAtOnceWithTheCamerasState() throws Exception {
        bed.change(DRIVEWAY_CAMERA_ID, "{\"motion\": true}");
        CommandResult result = adapter.execute(alice, DRIVEWAY_CAMERA_ID, streams(
                new CameraStreams.Request(CameraStreams.Protocol.RTSP, new CameraStreams.Resolution(1920, 1080),
                        CameraStreams.Authorization.BASIC, CameraStreams.VideoCodec.H264, CameraStreams.AudioCodec.AAC),
                new CameraStreams.Request(CameraStreams.Protocol.RTSP, new CameraStreams.Resolution(1280, 720),
                        CameraStreams.Authorization.NONE, CameraStreams.VideoCodec.H264, CameraStreams.AudioCodec.G711)));
        CommandResult.Completed completed = assertInstanceOf(CommandResult.Completed.class, result, "answered at once");
        CameraStreams.Answer answer = assertInstanceOf(CameraStreams.Answer.class, completed.output());
        assertEquals(2, answer.streams().size());
        CameraStreams.Stream basic = answer.streams().get(0);
        assertEquals("rtsp", basic.uri().getScheme());
        assertTrue(basic.uri().getUserInfo() != null, "basic credentials travel in the URL");
        assertEquals(new CameraStreams.Resolution(1920, 1080), basic.resolution());
        assertEquals(CameraStreams.Authorization.BASIC, basic.authorization());
        assertEquals(CameraStreams.AudioCodec.AAC, basic.audioCodec());
        assertEquals(30, basic.idleTimeoutSeconds());
        assertTrue(basic.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(14))));
        assertFalse(basic.toString().contains(basic.uri().getUserInfo()), "a stream's string form hides its credentials");
        CameraStreams.Stream open = answer.streams().get(1);
        assertEquals(CameraStreams.Authorization.NONE, open.authorization());
        assertEquals(new CameraStreams.Resolution(1280, 720), open.resolution());
        assertEquals(CameraStreams.AudioCodec.G711, open.audioCodec());
        assertFalse(open.toString().contains(open.uri().getQuery()), "nor its token");
        assertEquals("https", answer.imageUri().getScheme());
        assertEquals(Boolean.TRUE, completed.state().get(StateKey.MOTION_DETECTED));
        assertEquals(Connectivity.OK, completed.state().connectivity());
        assertEquals(1, bed.simulator.streamCalls());
        bed.nextUpdate(); // the motion event
        assertNull(bed.receiver.next(Duration.ofMillis(300)), "opening streams pushes nothing");
    }

    @Test
    void theCameraPicksWhatAlexaLeavesOpenOrItCannotDo() {
        CameraStreams.Answer picked = (CameraStreams.Answer) ((CommandResult.Completed) adapter.execute(alice, DRIVEWAY_CAMERA_ID,
                streams(new CameraStreams.Request(CameraStreams.Protocol.WEBRTC, new CameraStreams.Resolution(640, 480),
                        CameraStreams.Authorization.DIGEST, null, null)))).output();
        CameraStreams.Stream stream = picked.streams().get(0);
        assertEquals(CameraStreams.Protocol.RTSP, stream.protocol());
        assertEquals(new CameraStreams.Resolution(1280, 720), stream.resolution());
        assertEquals(CameraStreams.Authorization.BASIC, stream.authorization());
        assertEquals(CameraStreams.VideoCodec.H264, stream.videoCodec());
        CameraStreams.Answer none = (CameraStreams.Answer) ((CommandResult.Completed) adapter.execute(alice, DRIVEWAY_CAMERA_ID,
                streams())).output();
        assertEquals(1, none.streams().size(), "no request: one stream of the camera's choice");
        assertEquals(new CameraStreams.Resolution(1920, 1080), none.streams().get(0).resolution());
    }

    @Test
    void anOfflineCameraOpensNoStream() throws Exception {
        bed.change(DRIVEWAY_CAMERA_ID, "{\"online\": false}");
        assertFails(Reason.DEVICE_OFFLINE, () -> adapter.execute(alice, DRIVEWAY_CAMERA_ID, streams()));
    }

    // ------------------------------------------------------------------ command and call errors

    @Test
    void commandsForTheWrongKindOfDeviceAreInvalid() {
        int calls = bed.simulator.totalCalls();
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.SetLockState(LockState.LOCKED)));
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetBrightness(50)));
        assertEquals(calls, bed.simulator.totalCalls(), "refused before calling Aegis");
        AdapterException contact = assertFails(Reason.INVALID_VALUE,
                () -> adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, false)));
        assertTrue(contact.getMessage().contains("wrong_device_type"), contact.getMessage());
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, ALICE_PANEL_ID, streams()));
    }

    @Test
    void unknownDevicesAreNotFound() {
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "ag-nope"));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(alice, "ag-nope", new DeviceCommand.Arm(ArmState.ARMED_AWAY, false)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, BOB_PANEL_ID));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(alice, BOB_PANEL_ID, new DeviceCommand.Disarm(BOB_PIN)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "a/../b c"));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, " "));
    }

    @Test
    void badCredentialsAreExpiredAndNeverShown() {
        String token = alice.credential("accessToken");
        VendorAccount forged = new VendorAccount("aegis", ALICE_ACCOUNT_ID, Map.of("accessToken", "not-" + token));
        AdapterException e = assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(forged));
        assertFalse(e.getMessage().contains(token));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(new VendorAccount("aegis", ALICE_ACCOUNT_ID, Map.of())));
        bed.simulator.setFaults(new FaultSpec(1.0, 403, 0));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, false)));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Disarm(ALICE_PIN)));
    }

    @Test
    void cloudFailuresMapToTheirReasons() {
        bed.simulator.setFaults(new FaultSpec(1.0, 429, 0));
        AdapterException throttled = assertFails(Reason.RATE_LIMITED, () -> adapter.discover(alice));
        assertTrue(throttled.transientFailure());
        assertTrue(throttled.getMessage().contains("retry after 1 s"), throttled.getMessage());
        assertFails(Reason.RATE_LIMITED, () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Disarm(ALICE_PIN)));
        bed.simulator.setFaults(new FaultSpec(1.0, 500, 0));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.queryState(alice, FRONT_DOOR_ID));
        bed.simulator.setFaults(new FaultSpec(1.0, 503, 0));
        assertTrue(assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.execute(alice, DRIVEWAY_CAMERA_ID, streams())).transientFailure());
        bed.simulator.setFaults(new FaultSpec(1.0, 409, 0));
        assertFails(Reason.DEVICE_OFFLINE, () -> adapter.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Arm(ArmState.ARMED_AWAY, false)));
        bed.simulator.setFaults(new FaultSpec(1.0, 400, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.queryState(alice, FRONT_DOOR_ID));
        bed.simulator.setFaults(new FaultSpec(1.0, 404, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.discover(alice));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.queryStates(alice, List.of(FRONT_DOOR_ID)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, FRONT_DOOR_ID));
    }

    @Test
    void aCloudThatNeverAnswersIsCutOffByTheCallTimeout() {
        Duration shortTimeout = Duration.ofMillis(400);
        DeviceAdapter impatient = bed.adapterWith(bed.simulator.adapterSettings(), shortTimeout);
        bed.simulator.setFaults(new FaultSpec(1.0, 0, 0));
        long started = System.nanoTime();
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> impatient.execute(alice, ALICE_PANEL_ID, new DeviceCommand.Disarm(ALICE_PIN)));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> impatient.execute(alice, DRIVEWAY_CAMERA_ID, streams()));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < 2 * shortTimeout.toMillis() + 1500, "two calls took " + tookMs + " ms");
    }

    @Test
    void anUnreachableCloudIsUnavailable() {
        Map<String, String> settings = bed.simulator.adapterSettings();
        bed.simulator.close();
        DeviceAdapter orphan = bed.adapterWith(settings, CALL_TIMEOUT);
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> orphan.discover(alice));
    }

    @Test
    void unreadableAnswersAreUnavailable() throws Exception {
        String camera = "\"online\":true,\"type\":\"camera\",\"state\":{\"motion\":false,\"person\":false}";
        Map<String, String> routes = Map.of(
                "GET /v1/devices", "<html>maintenance</html>",
                "GET /v1/devices/ag-1", "{\"id\":\"ag-1\",\"type\":\"contact\",\"online\":true,\"state\":{\"contact\":\"ajar\"}}",
                "GET /v1/devices/ag-2", "{\"id\":\"ag-other\",\"type\":\"contact\",\"online\":true,\"state\":{\"contact\":\"open\"}}",
                "GET /v1/devices/ag-3", "{\"id\":\"ag-3\",\"type\":\"panel\",\"online\":true,\"state\":{\"arm_state\":\"away\",\"alarm\":\"flood\"}}",
                "GET /v1/devices/ag-4", "{\"id\":\"ag-4\",\"type\":\"motion\",\"state\":{\"motion\":true}}",
                "POST /v1/panels/ag-3/arm", "{\"status\":\"pending\"}",
                "POST /v1/cameras/ag-5/streams", "{\"streams\":[{\"url\":\"not a url\",\"protocol\":\"rtsp\"}],\"camera\":{" + camera + "}}",
                "POST /v1/cameras/ag-6/streams", "{\"streams\":[],\"snapshot_url\":\"https://s.example/x.jpg\",\"camera\":{" + camera + "}}",
                "POST /v1/cameras/ag-7/streams", "{\"streams\":[{\"url\":\"rtsp://h/x\",\"protocol\":\"hls\",\"resolution\":{\"width\":1,"
                        + "\"height\":1},\"authorization\":\"none\",\"video_codec\":\"h264\",\"audio_codec\":\"aac\"}],"
                        + "\"snapshot_url\":\"https://s.example/x.jpg\",\"camera\":{" + camera + "}}");
        HttpServer fake = AegisTestbed.fakeCloud(routes::get);
        try {
            DeviceAdapter confused = bed.adapterAt(fake);
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.discover(alice));
            for (String id : List.of("ag-1", "ag-2", "ag-3", "ag-4")) {
                assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.queryState(alice, id));
            }
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.execute(alice, "ag-3", new DeviceCommand.Arm(ArmState.ARMED_AWAY, false)));
            for (String id : List.of("ag-5", "ag-6", "ag-7")) {
                AdapterException e = assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.execute(alice, id, streams()));
                assertFalse(e.getMessage().contains("not a url"), "stream URLs are never quoted");
            }
        } finally {
            fake.stop(0);
        }
    }

    @Test
    void malformedAndUnknownDevicesAreLeftOutOfDiscovery() throws Exception {
        String list = "{\"devices\":["
                + "{\"id\":\"ag-siren\",\"type\":\"siren\",\"name\":\"Siren\",\"online\":true,\"state\":{}},"
                + "{\"type\":\"contact\",\"name\":\"No id\"},"
                + "{\"id\":\"ag-p\",\"type\":\"panel\",\"features\":{\"arm_modes\":[],\"alarms\":[]}},"
                + "{\"id\":\"ag-c\",\"type\":\"camera\",\"features\":{}},"
                + "{\"id\":\"ag-ok\",\"type\":\"contact\",\"online\":true,\"state\":{\"contact\":\"closed\"}}]}";
        HttpServer fake = AegisTestbed.fakeCloud(call -> list);
        try {
            DeviceAdapter adapter = bed.adapterAt(fake);
            List<Device> devices = adapter.discover(alice);
            assertEquals(List.of("ag-ok"), devices.stream().map(Device::deviceId).toList(),
                    "a siren has no Alexa interface; no id, a panel that cannot arm, a camera that does nothing are malformed");
            assertEquals("ag-ok", devices.get(0).friendlyName(), "no name: the id");
            assertEquals("Aegis contact", devices.get(0).description());
        } finally {
            fake.stop(0);
        }
    }
}
