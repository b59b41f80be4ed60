package dev.homewire.simulator.aegis;

import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_ACCOUNT_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_PANEL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_PIN;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BACK_DOOR_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BOB_ACCOUNT_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BOB_PANEL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BOB_PIN;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.DRIVEWAY_CAMERA_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.FRONT_DOORBELL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.FRONT_DOOR_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.HALLWAY_MOTION_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.VendorCloudSimulatorFactory;
import dev.homewire.testkit.WebhookCapture;
import dev.homewire.testkit.WebhookSigning;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated Aegis cloud over real HTTP, its webhooks caught by the testkit's loopback receiver. */
class AegisCloudSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELAY = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private AegisCloudSimulator simulator;
    private WebhookCapture receiver;
    private String alice;
    private String bob;
    /** Every answer body and webhook body seen by a test, to prove no PIN leaks. */
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() {
        simulator = new AegisCloudSimulator(DELAY);
        simulator.start(0);
        receiver = new WebhookCapture();
        simulator.connectWebhook(receiver.url());
        alice = token("alice");
        bob = token("bob");
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.close();
        // a PIN as a value of its own; random hex ids (op_2468b6…) may hold the same digits
        java.util.regex.Pattern pins = java.util.regex.Pattern.compile("(?<![0-9A-Za-z_])(" + ALICE_PIN + "|" + BOB_PIN + ")(?![0-9A-Za-z_])");
        for (String body : seen) {
            assertFalse(pins.matcher(body).find(), "a PIN leaked into " + body);
        }
    }

    private String token(String user) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(user)).findFirst()
                .orElseThrow().credentials().get("accessToken");
    }

    // ------------------------------------------------------------------ plumbing

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String error() {
            return body.path("error").asText();
        }
    }

    private Reply get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(simulator.baseUrl().resolve(path)).timeout(WAIT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private Reply post(String path, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(simulator.baseUrl().resolve(path)).timeout(WAIT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Reply arm(String panelId, String token, String mode, boolean bypass) throws Exception {
        return post("/v1/panels/" + panelId + "/arm", token, "{\"mode\":\"" + mode + "\",\"bypass_open_sensors\":" + bypass + "}");
    }

    private Reply disarm(String panelId, String token, String pin) throws Exception {
        return post("/v1/panels/" + panelId + "/disarm", token, pin == null ? "{}" : "{\"pin\":\"" + pin + "\"}");
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        seen.add(response.body());
        return new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()), response);
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    private void change(String deviceId, String json) throws IOException {
        simulator.changeDeviceState(deviceId, JSON.readTree(json));
    }

    /** The next delivery's event, after checking its signature; fails when none arrives. */
    private JsonNode nextEvent() throws Exception {
        WebhookRequest delivery = receiver.next(WAIT);
        assertNotNull(delivery, "the cloud delivered a webhook");
        assertSigned(delivery);
        seen.add(new String(delivery.body(), StandardCharsets.UTF_8));
        return JSON.readTree(delivery.body());
    }

    private void assertQuiet(String why) {
        assertNull(receiver.next(QUIET), why);
    }

    private void assertSigned(WebhookRequest delivery) throws Exception {
        String timestamp = delivery.header("Aegis-Timestamp").orElseThrow();
        assertTrue(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()) <= 5, "fresh timestamp");
        String body = new String(delivery.body(), StandardCharsets.UTF_8);
        // our own HMAC (the testkit's), independent of the simulator's code
        assertEquals("v1=" + WebhookSigning.hmacHex(simulator.adapterSettings().get("WEBHOOK_SECRET"), timestamp, delivery.body()),
                delivery.header("Aegis-Signature").orElseThrow());
        assertEquals(JSON.readTree(body).path("event_id").asText(), delivery.header("Aegis-Event-Id").orElseThrow());
        assertTrue(delivery.header("Content-Type").orElseThrow().startsWith("application/json"));
    }

    private static void awaitEquals(int expected, IntSupplier actual, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, actual.getAsInt(), what);
    }

    private static void assertEvent(JsonNode event, String type, String accountId, String deviceId) {
        assertTrue(event.path("event_id").asText().startsWith("evt_"), event.toString());
        assertEquals(type, event.path("type").asText(), event.toString());
        assertEquals(accountId, event.path("account_id").asText());
        assertEquals(deviceId, event.path("device_id").asText());
        Instant.parse(event.path("occurred_at").asText());
    }

    // ------------------------------------------------------------------ declaration and reading

    @Test
    void isFoundThroughServiceLoaderAndDescribesItself() {
        VendorCloudSimulatorFactory factory = ServiceLoader.load(VendorCloudSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.adapterId().equals("aegis")).findFirst().orElseThrow();
        try (VendorCloudSimulator created = factory.create()) {
            assertInstanceOf(AegisCloudSimulator.class, created);
            assertEquals(AegisCloudSimulator.DEFAULT_OPERATION_DELAY, ((AegisCloudSimulator) created).operationDelay());
        }
        Map<String, String> settings = simulator.adapterSettings();
        assertEquals(Map.of("BASE_URL", simulator.baseUrl().toString(), "WEBHOOK_SECRET", simulator.webhookSecret()), settings);
        assertTrue(settings.get("WEBHOOK_SECRET").startsWith("agwh_"));
        assertEquals(List.of("alice", "bob"), simulator.demoAccounts().stream().map(VendorCloudSimulator.DemoAccount::demoUser).toList());
        assertEquals(List.of(ALICE_ACCOUNT_ID, BOB_ACCOUNT_ID),
                simulator.demoAccounts().stream().map(VendorCloudSimulator.DemoAccount::accountId).toList());
        assertTrue(alice.startsWith("ag_"));
        try (AegisCloudSimulator other = new AegisCloudSimulator()) {
            assertNotEquals(alice, other.demoAccounts().get(0).credentials().get("accessToken"), "tokens are random");
            assertNotEquals(simulator.webhookSecret(), other.webhookSecret(), "secrets are random");
        }
    }

    @Test
    void devicesListsEveryDeviceWithItsControlView() {
        JsonNode devices = simulator.devices();
        assertEquals(7, devices.size());
        JsonNode panel = control(ALICE_PANEL_ID);
        assertEquals(ALICE_ACCOUNT_ID, panel.path("accountId").asText());
        assertEquals("panel", panel.path("type").asText());
        assertEquals("disarmed", panel.at("/state/arm_state").asText());
        assertEquals(0, panel.path("pendingOperations").intValue());
        assertEquals("closed", control(FRONT_DOOR_ID).at("/state/contact").asText());
        assertEquals(BOB_ACCOUNT_ID, control(BACK_DOOR_ID).path("accountId").asText());
        assertEquals("Back Door", control(BACK_DOOR_ID).path("name").asText());
    }

    @Test
    void listsTheAccountsDevicesPanelFirst() throws Exception {
        Reply reply = get("/v1/devices", alice);
        assertEquals(200, reply.status());
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode devices = reply.body().path("devices");
        List<String> ids = StreamSupport.stream(devices.spliterator(), false).map(d -> d.path("id").asText()).toList();
        assertEquals(List.of(ALICE_PANEL_ID, FRONT_DOOR_ID, HALLWAY_MOTION_ID, FRONT_DOORBELL_ID, DRIVEWAY_CAMERA_ID), ids);
        List<String> types = StreamSupport.stream(devices.spliterator(), false).map(d -> d.path("type").asText()).toList();
        assertEquals(List.of("panel", "contact", "motion", "doorbell", "camera"), types);

        JsonNode panel = devices.get(0);
        assertEquals("Alarm Panel", panel.path("name").asText());
        assertEquals("Aegis Hub 3", panel.path("model").asText());
        assertTrue(panel.path("online").booleanValue());
        Instant.parse(panel.path("updated_at").asText());
        assertEquals("{\"arm_state\":\"disarmed\",\"alarm\":null,\"exit_delay_ends_at\":null,\"bypassed_sensors\":[]}",
                panel.path("state").toString());
        assertEquals("{\"arm_modes\":[\"away\",\"stay\",\"night\"],\"alarms\":[\"burglary\",\"fire\",\"carbon_monoxide\"],"
                + "\"pin_required_to_disarm\":true}", panel.path("features").toString());
        assertEquals("{\"contact\":\"closed\"}", devices.get(1).path("state").toString());
        assertTrue(devices.get(1).path("features").isMissingNode(), "sensors have no features");
        assertEquals("{\"motion\":false}", devices.get(2).path("state").toString());
        assertEquals("{\"last_pressed_at\":null}", devices.get(3).path("state").toString());
        JsonNode camera = devices.get(4);
        assertEquals("{\"motion\":false,\"person\":false}", camera.path("state").toString());
        assertEquals("[\"motion\",\"person\"]", camera.at("/features/detections").toString());
        assertEquals("{\"protocols\":[\"rtsp\"],\"resolutions\":[{\"width\":1920,\"height\":1080},{\"width\":1280,\"height\":720}],"
                + "\"authorizations\":[\"basic\",\"none\"],\"video_codecs\":[\"h264\"],\"audio_codecs\":[\"aac\",\"g711\"]}",
                camera.at("/features/streaming").toString());

        JsonNode bobs = get("/v1/devices/", bob).body().path("devices");
        assertEquals(List.of(BOB_PANEL_ID, BACK_DOOR_ID),
                StreamSupport.stream(bobs.spliterator(), false).map(d -> d.path("id").asText()).toList());
    }

    @Test
    void getsOneDeviceAndHidesOtherAccountsDevices() throws Exception {
        Reply door = get("/v1/devices/" + FRONT_DOOR_ID, alice);
        assertEquals(200, door.status());
        assertEquals(FRONT_DOOR_ID, door.body().path("id").asText());
        assertEquals(200, get("/v1/devices/" + FRONT_DOOR_ID + "/", alice).status());

        Reply foreign = get("/v1/devices/" + BACK_DOOR_ID, alice);
        assertEquals(404, foreign.status());
        assertEquals("not_found", foreign.error());
        assertEquals(404, get("/v1/devices/ag-nope", alice).status());
        assertEquals(404, get("/v1/devices/" + FRONT_DOOR_ID + "/state", alice).status());
        assertEquals(404, get("/v1/gadgets", alice).status());
        assertEquals(404, get("/v2/devices", alice).status());
        assertEquals(404, get("/v1/panels/" + ALICE_PANEL_ID, alice).status());
        assertEquals(404, arm(BOB_PANEL_ID, alice, "away", false).status(), "cannot arm another account's panel");
        assertEquals(404, disarm(BOB_PANEL_ID, alice, BOB_PIN).status());
        assertEquals(404, post("/v1/cameras/" + DRIVEWAY_CAMERA_ID + "/streams", bob, "{\"streams\":[{}]}").status());
    }

    @Test
    void refusesMissingAndUnknownTokensAndWrongMethods() throws Exception {
        Reply none = get("/v1/devices", null);
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.error());
        assertEquals("Bearer realm=\"aegis\"", none.raw().headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, get("/v1/devices", "ag_forged").status());
        assertEquals(401, arm(ALICE_PANEL_ID, "ag_forged", "away", false).status());

        Reply list = post("/v1/devices", alice, "{}");
        assertEquals(405, list.status());
        assertEquals("GET", list.raw().headers().firstValue("Allow").orElse(null));
        Reply getArm = get("/v1/panels/" + ALICE_PANEL_ID + "/arm", alice);
        assertEquals(405, getArm.status());
        assertEquals("POST", getArm.raw().headers().firstValue("Allow").orElse(null));
        assertEquals(405, get("/v1/cameras/" + DRIVEWAY_CAMERA_ID + "/streams", alice).status());
        assertEquals(1, simulator.operationCalls(), "the refused POST …/arm counts as an operation call, the GETs do not");
    }

    // ------------------------------------------------------------------ arming and disarming

    @Test
    void armingIsAcceptedThenReportedBySignedWebhookWithTheExitDelay() throws Exception {
        Reply accepted = arm(ALICE_PANEL_ID, alice, "away", false);
        assertEquals(202, accepted.status());
        String operationId = accepted.body().path("operation_id").asText();
        assertTrue(operationId.startsWith("op_"), operationId);
        assertEquals("pending", accepted.body().path("status").asText());
        assertEquals(ALICE_PANEL_ID, accepted.body().path("panel_id").asText());
        assertEquals("arm", accepted.body().path("action").asText());
        assertEquals("away", accepted.body().path("mode").asText());
        assertEquals(1, control(ALICE_PANEL_ID).path("pendingOperations").intValue());
        assertEquals("disarmed", get("/v1/devices/" + ALICE_PANEL_ID, alice).body().at("/state/arm_state").asText(),
                "nothing happens before the delay");

        JsonNode event = nextEvent();
        assertEvent(event, "operation.succeeded", ALICE_ACCOUNT_ID, ALICE_PANEL_ID);
        assertEquals("panel", event.path("device_type").asText());
        assertEquals(operationId, event.path("operation_id").asText());
        assertEquals("arm", event.path("action").asText());
        assertEquals("away", event.path("mode").asText());
        assertEquals(30, event.path("exit_delay_seconds").intValue());
        assertTrue(event.path("online").booleanValue());
        assertEquals("away", event.at("/state/arm_state").asText());
        Instant occurredAt = Instant.parse(event.path("occurred_at").asText());
        assertEquals(occurredAt.plusSeconds(30), Instant.parse(event.at("/state/exit_delay_ends_at").asText()));

        JsonNode operation = get("/v1/operations/" + operationId, alice).body();
        assertEquals("succeeded", operation.path("status").asText());
        assertEquals(30, operation.path("exit_delay_seconds").intValue());
        assertEquals(occurredAt, Instant.parse(operation.path("completed_at").asText()));
        assertEquals(404, get("/v1/operations/" + operationId, bob).status(), "another account's operation");
        assertEquals(404, get("/v1/operations/op_nope", alice).status());

        assertEquals(202, arm(ALICE_PANEL_ID, alice, "stay", false).status(), "switching modes while armed");
        JsonNode stay = nextEvent();
        assertEquals(0, stay.path("exit_delay_seconds").intValue(), "stay has no exit delay");
        assertEquals("stay", stay.at("/state/arm_state").asText());
        assertTrue(stay.at("/state/exit_delay_ends_at").isNull());
        assertEquals(2, simulator.operationCalls());
        awaitEquals(2, simulator::deliveredWebhooks, "acknowledged deliveries");
    }

    @Test
    void armingWithAnOpenContactFailsUnlessItIsBypassed() throws Exception {
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertEquals("device.state", nextEvent().path("type").asText());

        String refusedId = arm(ALICE_PANEL_ID, alice, "night", false).body().path("operation_id").asText();
        JsonNode failed = nextEvent();
        assertEvent(failed, "operation.failed", ALICE_ACCOUNT_ID, ALICE_PANEL_ID);
        assertEquals(refusedId, failed.path("operation_id").asText());
        assertEquals("sensors_open", failed.path("error").asText());
        assertEquals("[\"" + FRONT_DOOR_ID + "\"]", failed.path("open_sensors").toString());
        assertEquals("disarmed", failed.at("/state/arm_state").asText(), "the panel did not arm");
        assertEquals("failed", get("/v1/operations/" + refusedId, alice).body().path("status").asText());

        arm(ALICE_PANEL_ID, alice, "night", true);
        JsonNode bypassed = nextEvent();
        assertEquals("operation.succeeded", bypassed.path("type").asText());
        assertEquals("[\"" + FRONT_DOOR_ID + "\"]", bypassed.path("bypassed_sensors").toString());
        assertEquals("night", bypassed.at("/state/arm_state").asText());
        assertEquals("[\"" + FRONT_DOOR_ID + "\"]", bypassed.at("/state/bypassed_sensors").toString());

        change(BACK_DOOR_ID, "{\"contact\": \"OPEN\"}");
        nextEvent();
        arm(ALICE_PANEL_ID, alice, "away", false);
        JsonNode stillOpen = nextEvent();
        assertEquals("sensors_open", stillOpen.path("error").asText());
        assertEquals("[\"" + FRONT_DOOR_ID + "\"]", stillOpen.path("open_sensors").toString(), "only the account's own sensors count");
    }

    @Test
    void disarmingTakesTheAccountsPinWhichNeverShows() throws Exception {
        arm(ALICE_PANEL_ID, alice, "stay", false);
        nextEvent();

        Reply noPin = disarm(ALICE_PANEL_ID, alice, null);
        assertEquals(403, noPin.status());
        assertEquals("pin_required", noPin.error());
        Reply wrong = disarm(ALICE_PANEL_ID, alice, "0000");
        assertEquals(403, wrong.status());
        assertEquals("invalid_pin", wrong.error());
        assertEquals(403, disarm(ALICE_PANEL_ID, alice, BOB_PIN).status(), "bob's PIN is not alice's");
        for (String body : List.of("{\"pin\":\"24680\"}", "{\"pin\":2468}", "{\"pin\":\"24a8\"}", "{\"pin\":\"2468\",\"force\":true}",
                "[]", "", "{\"pin\":\"2468\"} trailing")) {
            Reply reply = post("/v1/panels/" + ALICE_PANEL_ID + "/disarm", alice, body);
            assertEquals(400, reply.status(), body);
            assertEquals("bad_request", reply.error(), body);
        }
        assertQuiet("refused disarms push nothing");
        assertEquals("stay", control(ALICE_PANEL_ID).at("/state/arm_state").asText());

        Reply accepted = disarm(ALICE_PANEL_ID, alice, ALICE_PIN);
        assertEquals(202, accepted.status());
        assertEquals("disarm", accepted.body().path("action").asText());
        assertTrue(accepted.body().path("mode").isMissingNode());
        JsonNode event = nextEvent();
        assertEquals("operation.succeeded", event.path("type").asText());
        assertEquals("disarm", event.path("action").asText());
        assertTrue(event.path("exit_delay_seconds").isMissingNode());
        assertEquals("disarmed", event.at("/state/arm_state").asText());

        assertEquals(202, disarm(BOB_PANEL_ID, bob, BOB_PIN).status(), "disarming a disarmed panel simply succeeds");
        assertEquals("disarmed", nextEvent().at("/state/arm_state").asText());
        // stop() checks that neither PIN appeared in any answer or webhook body of this test
    }

    @Test
    void anAlarmBlocksArmingAndDisarmingClearsIt() throws Exception {
        change(ALICE_PANEL_ID, "{\"alarm\": \"fire\"}");
        JsonNode fire = nextEvent();
        assertEquals("device.state", fire.path("type").asText());
        assertEquals("fire", fire.at("/state/alarm").asText());
        assertEquals("[\"alarm\"]", fire.path("changed").toString());

        Reply refused = arm(ALICE_PANEL_ID, alice, "away", true);
        assertEquals(409, refused.status());
        assertEquals("alarm_active", refused.error());
        assertEquals("fire", refused.body().path("alarm").asText());

        disarm(ALICE_PANEL_ID, alice, ALICE_PIN);
        JsonNode cleared = nextEvent();
        assertEquals("operation.succeeded", cleared.path("type").asText());
        assertTrue(cleared.at("/state/alarm").isNull(), "disarming clears the alarm");
        assertEquals(202, arm(ALICE_PANEL_ID, alice, "away", true).status());
    }

    @Test
    void refusesMalformedArmsAndWrongDeviceTypes() throws Exception {
        String path = "/v1/panels/" + ALICE_PANEL_ID + "/arm";
        for (String body : List.of("", "not json", "[]", "{}", "{\"mode\":\"vacation\"}", "{\"mode\":1}",
                "{\"mode\":\"away\",\"bypass_open_sensors\":\"yes\"}", "{\"mode\":\"away\",\"delay\":0}", "{\"mode\":\"away\"} x")) {
            Reply reply = post(path, alice, body);
            assertEquals(400, reply.status(), body);
            assertEquals("bad_request", reply.error(), body);
        }
        Reply notAPanel = arm(FRONT_DOOR_ID, alice, "away", false);
        assertEquals(409, notAPanel.status());
        assertEquals("wrong_device_type", notAPanel.error());
        assertEquals("contact", notAPanel.body().path("device_type").asText());
        assertEquals("wrong_device_type", post("/v1/cameras/" + ALICE_PANEL_ID + "/streams", alice, "{\"streams\":[{}]}").error());
        assertEquals("wrong_device_type", disarm(DRIVEWAY_CAMERA_ID, alice, ALICE_PIN).error());
        assertEquals(404, arm("ag-nope", alice, "away", false).status());
        assertQuiet("nothing was accepted");
    }

    @Test
    void anOfflinePanelRefusesAndOneThatDropsOffFailsTheOperation() throws Exception {
        simulator.setOperationDelay(Duration.ofMillis(500));
        String operationId = arm(ALICE_PANEL_ID, alice, "away", false).body().path("operation_id").asText();
        change(ALICE_PANEL_ID, "{\"online\": false}");
        JsonNode gone = nextEvent();
        assertEvent(gone, "device.connectivity", ALICE_ACCOUNT_ID, ALICE_PANEL_ID);
        assertFalse(gone.path("online").booleanValue());
        assertEquals("disarmed", gone.at("/state/arm_state").asText(), "with the last known state");

        JsonNode failed = nextEvent();
        assertEquals("operation.failed", failed.path("type").asText());
        assertEquals(operationId, failed.path("operation_id").asText());
        assertEquals("device_offline", failed.path("error").asText());
        assertFalse(failed.path("online").booleanValue());

        Reply refused = arm(ALICE_PANEL_ID, alice, "away", false);
        assertEquals(409, refused.status());
        assertEquals("device_offline", refused.error());
        assertEquals(ALICE_PANEL_ID, refused.body().path("device_id").asText());
        assertEquals("device_offline", disarm(ALICE_PANEL_ID, alice, ALICE_PIN).error());
        assertEquals("invalid_pin", disarm(ALICE_PANEL_ID, alice, "1111").error(), "the PIN is checked first");

        change(ALICE_PANEL_ID, "{\"online\": true}");
        assertTrue(nextEvent().path("online").booleanValue());
        assertEquals(202, arm(ALICE_PANEL_ID, alice, "away", false).status());
    }

    @Test
    void droppedCommandsAreAcceptedButNeverComplete() throws Exception {
        simulator.setFaults(new FaultSpec(0, 0, 0, true));
        String operationId = arm(ALICE_PANEL_ID, alice, "away", false).body().path("operation_id").asText();
        assertNull(receiver.next(DELAY.multipliedBy(5)), "no webhook for a dropped command");
        assertEquals("disarmed", control(ALICE_PANEL_ID).at("/state/arm_state").asText());
        assertEquals(1, control(ALICE_PANEL_ID).path("pendingOperations").intValue());
        assertEquals("pending", get("/v1/operations/" + operationId, alice).body().path("status").asText());
        assertEquals(201, post("/v1/cameras/" + DRIVEWAY_CAMERA_ID + "/streams", alice, "{\"streams\":[{}]}").status(),
                "streams are answered at once, not dropped");
        assertEquals(0, simulator.webhookAttempts());

        simulator.clearFaults();
        arm(ALICE_PANEL_ID, alice, "stay", false);
        assertEquals("stay", nextEvent().at("/state/arm_state").asText());
    }

    // ------------------------------------------------------------------ camera streams

    @Test
    void cameraStreamsAreOpenedAtOnceClosestToTheRequest() throws Exception {
        Reply reply = post("/v1/cameras/" + DRIVEWAY_CAMERA_ID + "/streams", alice, "{\"streams\":["
                + "{\"protocol\":\"rtsp\",\"resolution\":{\"width\":1280,\"height\":720},\"authorization\":\"none\","
                + "\"video_codec\":\"h264\",\"audio_codec\":\"g711\"},"
                + "{\"protocol\":\"webrtc\",\"resolution\":{\"width\":3840,\"height\":2160},\"authorization\":\"digest\"},"
                + "{\"resolution\":{\"width\":640,\"height\":480}}]}");
        assertEquals(201, reply.status());
        assertEquals(DRIVEWAY_CAMERA_ID, reply.body().path("camera_id").asText());
        JsonNode streams = reply.body().path("streams");
        assertEquals(3, streams.size());

        JsonNode exact = streams.get(0);
        assertEquals("rtsp", exact.path("protocol").asText());
        assertEquals("{\"width\":1280,\"height\":720}", exact.path("resolution").toString());
        assertEquals("none", exact.path("authorization").asText());
        assertEquals("h264", exact.path("video_codec").asText());
        assertEquals("g711", exact.path("audio_codec").asText());
        URI none = URI.create(exact.path("url").asText());
        assertEquals("rtsp", none.getScheme());
        assertNull(none.getUserInfo());
        assertTrue(none.getQuery().startsWith("token="), none.toString());
        assertEquals(30, exact.path("idle_timeout_seconds").intValue());
        Instant expires = Instant.parse(exact.path("expires_at").asText());
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(14))), "valid for 15 minutes");

        JsonNode substituted = streams.get(1);
        assertEquals("rtsp", substituted.path("protocol").asText(), "the camera only speaks RTSP");
        assertEquals("{\"width\":1920,\"height\":1080}", substituted.path("resolution").toString(), "closest to 4K");
        assertEquals("basic", substituted.path("authorization").asText(), "no digest: the camera's preferred");
        assertEquals("aac", substituted.path("audio_codec").asText());
        assertNotNull(URI.create(substituted.path("url").asText()).getUserInfo(), "basic credentials in the URL");
        assertEquals("{\"width\":1280,\"height\":720}", streams.get(2).path("resolution").toString(), "closest to VGA");

        assertTrue(reply.body().path("snapshot_url").asText().startsWith("https://snapshots.aegis.example/"));
        assertEquals(DRIVEWAY_CAMERA_ID, reply.body().at("/camera/id").asText());
        assertFalse(reply.body().at("/camera/state/person").booleanValue());
        assertNotEquals(streams.get(0).path("url").asText(), streams.get(2).path("url").asText(), "each stream its own URL");
        assertEquals(1, simulator.streamCalls());
        assertQuiet("opening streams pushes nothing");
    }

    @Test
    void refusesMalformedStreamRequestsAndOfflineCameras() throws Exception {
        String path = "/v1/cameras/" + DRIVEWAY_CAMERA_ID + "/streams";
        for (String body : List.of("{}", "{\"streams\":[]}", "{\"streams\":{}}", "{\"streams\":[1]}",
                "{\"streams\":[{},{},{},{}]}", "{\"streams\":[{\"protocol\":7}]}", "{\"streams\":[{\"fps\":30}]}",
                "{\"streams\":[{\"resolution\":\"1080p\"}]}", "{\"streams\":[{\"resolution\":{\"width\":0,\"height\":720}}]}",
                "{\"streams\":[{}],\"audio\":true}", "nope")) {
            Reply reply = post(path, alice, body);
            assertEquals(400, reply.status(), body);
            assertEquals("bad_request", reply.error(), body);
        }
        change(DRIVEWAY_CAMERA_ID, "{\"online\": false}");
        nextEvent();
        Reply offline = post(path, alice, "{\"streams\":[{}]}");
        assertEquals(409, offline.status());
        assertEquals("device_offline", offline.error());
    }

    // ------------------------------------------------------------------ changes outside Alexa

    @Test
    void sensorChangesArePushedAsTheDeviceReportsThem() throws Exception {
        change(FRONT_DOOR_ID, "{\"contact\": \"open\"}");
        JsonNode open = nextEvent();
        assertEvent(open, "device.state", ALICE_ACCOUNT_ID, FRONT_DOOR_ID);
        assertEquals("contact", open.path("device_type").asText());
        assertEquals("device", open.path("source").asText());
        assertEquals("[\"contact\"]", open.path("changed").toString());
        assertEquals("{\"contact\":\"open\"}", open.path("state").toString());
        assertEquals("open", get("/v1/devices/" + FRONT_DOOR_ID, alice).body().at("/state/contact").asText());
        assertEquals(Instant.parse(open.path("occurred_at").asText()),
                Instant.parse(get("/v1/devices/" + FRONT_DOOR_ID, alice).body().path("updated_at").asText()));

        change(HALLWAY_MOTION_ID, "{\"motion\": true}");
        assertEquals("{\"motion\":true}", nextEvent().path("state").toString());
        change(DRIVEWAY_CAMERA_ID, "{\"person\": true, \"motion\": true}");
        JsonNode camera = nextEvent();
        assertEquals("{\"motion\":true,\"person\":true}", camera.path("state").toString());
        assertEquals("[\"motion\",\"person\"]", camera.path("changed").toString(), "one event for one report");

        change(FRONT_DOORBELL_ID, "{\"press\": true}");
        JsonNode press = nextEvent();
        assertEvent(press, "doorbell.pressed", ALICE_ACCOUNT_ID, FRONT_DOORBELL_ID);
        assertEquals(press.path("occurred_at").asText(),
                get("/v1/devices/" + FRONT_DOORBELL_ID, alice).body().at("/state/last_pressed_at").asText());

        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertQuiet("no change, no event");
    }

    @Test
    void panelChangesCarryWhoMadeThem() throws Exception {
        change(ALICE_PANEL_ID, "{\"armState\": \"ARMED_STAY\"}");
        JsonNode keypad = nextEvent();
        assertEquals("device", keypad.path("source").asText());
        assertEquals("[\"arm_state\"]", keypad.path("changed").toString());
        assertEquals("stay", keypad.at("/state/arm_state").asText());
        change(ALICE_PANEL_ID, "{\"armState\": \"disarmed\", \"source\": \"app\"}");
        assertEquals("app", nextEvent().path("source").asText());
        change(ALICE_PANEL_ID, "{\"armState\": \"ARMED_NIGHT\", \"source\": \"automation\"}");
        JsonNode automation = nextEvent();
        assertEquals("automation", automation.path("source").asText());
        assertEquals("night", automation.at("/state/arm_state").asText());
        change(ALICE_PANEL_ID, "{\"alarm\": \"CARBON_MONOXIDE\"}");
        assertEquals("carbon_monoxide", nextEvent().at("/state/alarm").asText());
        change(ALICE_PANEL_ID, "{\"alarm\": null, \"source\": \"app\"}");
        assertTrue(nextEvent().at("/state/alarm").isNull());

        change(ALICE_PANEL_ID, "{\"alarm\": \"BURGLARY\"}");
        nextEvent();
        change(ALICE_PANEL_ID, "{\"armState\": \"DISARMED\"}");
        JsonNode disarmed = nextEvent();
        assertEquals("[\"arm_state\",\"alarm\"]", disarmed.path("changed").toString(), "disarming at the keypad clears the alarm");
        assertTrue(disarmed.at("/state/alarm").isNull());
    }

    @Test
    void anIntruderSetsOffTheArmedPanelUnlessBypassedOrLeaving() throws Exception {
        change(ALICE_PANEL_ID, "{\"armState\": \"ARMED_AWAY\"}");
        JsonNode armed = nextEvent();
        assertFalse(armed.at("/state/exit_delay_ends_at").isNull(), "arming away at the keypad starts the exit delay");
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertEquals(FRONT_DOOR_ID, nextEvent().path("device_id").asText());
        assertQuiet("leaving during the exit delay is no intrusion");
        change(FRONT_DOOR_ID, "{\"contact\": \"CLOSED\"}");
        nextEvent();

        change(ALICE_PANEL_ID, "{\"armState\": \"ARMED_STAY\"}");
        nextEvent();
        change(HALLWAY_MOTION_ID, "{\"motion\": true}");
        nextEvent();
        assertQuiet("armed stay ignores motion inside");
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertEquals(FRONT_DOOR_ID, nextEvent().path("device_id").asText());
        JsonNode alarm = nextEvent();
        assertEvent(alarm, "device.state", ALICE_ACCOUNT_ID, ALICE_PANEL_ID);
        assertEquals("burglary", alarm.at("/state/alarm").asText());
        assertEquals("device", alarm.path("source").asText());

        disarm(ALICE_PANEL_ID, alice, ALICE_PIN);
        nextEvent();
        arm(ALICE_PANEL_ID, alice, "stay", true);
        assertEquals("[\"" + FRONT_DOOR_ID + "\"]", nextEvent().path("bypassed_sensors").toString());
        change(FRONT_DOOR_ID, "{\"contact\": \"CLOSED\"}");
        nextEvent();
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        nextEvent();
        assertQuiet("a bypassed door stays bypassed until the panel is disarmed");
    }

    @Test
    void changesWhileOfflineTravelWithTheReconnection() throws Exception {
        change(BACK_DOOR_ID, "{\"online\": false}");
        assertEquals(BOB_ACCOUNT_ID, nextEvent().path("account_id").asText());
        change(BACK_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertQuiet("the cloud cannot hear an offline sensor");
        JsonNode offline = get("/v1/devices/" + BACK_DOOR_ID, bob).body();
        assertFalse(offline.path("online").booleanValue());
        assertEquals("open", offline.at("/state/contact").asText(), "the last known state");
        change(BACK_DOOR_ID, "{\"online\": true}");
        JsonNode back = nextEvent();
        assertEvent(back, "device.connectivity", BOB_ACCOUNT_ID, BACK_DOOR_ID);
        assertTrue(back.path("online").booleanValue());
        assertEquals("open", back.at("/state/contact").asText());

        change(FRONT_DOORBELL_ID, "{\"online\": false}");
        nextEvent();
        change(FRONT_DOORBELL_ID, "{\"press\": true}");
        assertQuiet("a press on an offline doorbell is lost");
    }

    @Test
    void changeDeviceStateValidatesAllOrNothing() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> change("ag-nope", "{\"online\": false}"));
        assertThrows(IllegalArgumentException.class, () -> change(FRONT_DOOR_ID, "{}"));
        assertThrows(IllegalArgumentException.class, () -> change(FRONT_DOOR_ID, "[]"));
        for (String bad : List.of("{\"contact\":\"ajar\"}", "{\"contact\":true}", "{\"online\":\"no\"}", "{\"motion\":true}",
                "{\"armState\":\"ARMED_AWAY\"}", "{\"contact\":\"OPEN\",\"source\":\"app\"}", "{\"source\":\"device\"}",
                "{\"contact\":\"OPEN\",\"source\":\"ghost\"}", "{\"contact\":\"OPEN\",\"name\":\"\"}", "{\"colour\":\"red\"}",
                "{\"contact\":\"OPEN\",\"name\":\"" + "x".repeat(65) + "\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change(FRONT_DOOR_ID, bad), bad);
            assertNotNull(e.getMessage());
        }
        for (String bad : List.of("{\"press\":false}", "{\"press\":\"yes\"}", "{\"contact\":\"OPEN\"}")) {
            assertThrows(IllegalArgumentException.class, () -> change(FRONT_DOORBELL_ID, bad), bad);
        }
        for (String bad : List.of("{\"armState\":\"ARMED_VACATION\"}", "{\"alarm\":\"WATER\"}", "{\"alarm\":\"FIRE\",\"armState\":\"ARMED_AWAY\"}",
                "{\"person\":true}")) {
            assertThrows(IllegalArgumentException.class, () -> change(ALICE_PANEL_ID, bad), bad);
        }
        assertEquals("closed", control(FRONT_DOOR_ID).at("/state/contact").asText(), "nothing changed");
        assertEquals("Front Door", control(FRONT_DOOR_ID).path("name").asText());
        assertQuiet("refused changes push nothing");
    }

    // ------------------------------------------------------------------ the device list

    @Test
    void pairingRenamingAndRemovingPushDevicesChangedFromTheHub() throws Exception {
        JsonNode added = simulator.addDevice("alice", JSON.readTree("{\"type\": \"contact\", \"name\": \"Garage Side Door\"}"));
        String id = added.path("deviceId").asText();
        assertEquals("ag-alice-garage-side-door", id);
        assertEquals(ALICE_ACCOUNT_ID, added.path("accountId").asText());
        assertEquals("contact", added.path("type").asText());
        assertEquals("Aegis Contact C2", added.path("model").asText());
        assertEquals("closed", added.at("/state/contact").asText());
        JsonNode event = nextEvent();
        assertEvent(event, "devices.changed", ALICE_ACCOUNT_ID, ALICE_PANEL_ID);
        assertEquals("added", event.path("change").asText());
        assertEquals(id, event.path("changed_device_id").asText());
        assertEquals("contact", event.path("changed_device_type").asText());
        assertEquals("Garage Side Door", event.path("name").asText());
        assertEquals(6, get("/v1/devices", alice).body().path("devices").size());
        assertEquals(id, get("/v1/devices/" + id, alice).body().path("id").asText());

        JsonNode again = simulator.addDevice("alice", JSON.readTree("{\"type\": \"camera\", \"name\": \"Garage  Side door!\","
                + " \"model\": \"Aegis Cam Indoor\"}"));
        assertEquals("ag-alice-garage-side-door-2", again.path("deviceId").asText());
        assertEquals("Aegis Cam Indoor", again.path("model").asText());
        nextEvent();

        change(id, "{\"name\": \"Side Door\"}");
        JsonNode renamed = nextEvent();
        assertEquals("renamed", renamed.path("change").asText());
        assertEquals("Side Door", renamed.path("name").asText());
        assertEquals(ALICE_PANEL_ID, renamed.path("device_id").asText());

        simulator.removeDevice(id);
        JsonNode removed = nextEvent();
        assertEquals("removed", removed.path("change").asText());
        assertEquals(id, removed.path("changed_device_id").asText());
        assertEquals(404, get("/v1/devices/" + id, alice).status());

        simulator.addDevice("bob", JSON.readTree("{\"type\": \"motion\", \"name\": \"Attic\"}"));
        assertEquals(BOB_PANEL_ID, nextEvent().path("device_id").asText());
    }

    @Test
    void pairingAndRemovalValidateTheirInput() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("carol", JSON.readTree("{\"type\":\"contact\",\"name\":\"X\"}")));
        for (String bad : List.of("[]", "{}", "{\"type\":\"contact\"}", "{\"name\":\"X\"}", "{\"type\":\"panel\",\"name\":\"X\"}",
                "{\"type\":\"siren\",\"name\":\"X\"}", "{\"type\":\"contact\",\"name\":\" \"}", "{\"type\":\"contact\",\"name\":\"X\",\"colour\":1}",
                "{\"type\":\"contact\",\"name\":\"X\",\"model\":\"\"}")) {
            assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("alice", JSON.readTree(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> simulator.removeDevice("ag-nope"));
        assertThrows(IllegalArgumentException.class, () -> simulator.removeDevice(ALICE_PANEL_ID), "the hub stays");
        assertEquals(7, simulator.devices().size());
        assertQuiet("nothing changed");
    }

    // ------------------------------------------------------------------ delivery

    private static URI deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/webhooks/aegis");
        }
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameEventAndAFreshSignature() throws Exception {
        simulator.connectWebhook(deadUrl());
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        awaitEquals(1, simulator::webhookAttempts, "the first attempt");
        simulator.connectWebhook(receiver.url());
        JsonNode retried = nextEvent();
        assertEquals(FRONT_DOOR_ID, retried.path("device_id").asText());
        assertEquals(2, simulator.webhookAttempts());
        awaitEquals(1, simulator::deliveredWebhooks, "acknowledged deliveries");
        assertEquals(0, simulator.abandonedWebhooks());
    }

    @Test
    void aReceiverThatKeepsFailingIsGivenUpOnAfterThreeAttempts() throws Exception {
        simulator.connectWebhook(deadUrl());
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        awaitEquals(1, simulator::abandonedWebhooks, "abandoned deliveries");
        assertEquals(3, simulator.webhookAttempts());
        simulator.connectWebhook(receiver.url());
        change(FRONT_DOOR_ID, "{\"contact\": \"CLOSED\"}");
        assertEquals("closed", nextEvent().at("/state/contact").asText(), "later events still go out");
        awaitEquals(1, simulator::deliveredWebhooks, "the later event is acknowledged");
        System.out.println("webhook attempts " + simulator.webhookAttempts() + ", delivered " + simulator.deliveredWebhooks()
                + ", abandoned " + simulator.abandonedWebhooks());
    }

    @Test
    void withoutAWebhookEventsAreDropped() throws Exception {
        simulator.connectWebhook(null);
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertQuiet("no webhook connected");
        assertEquals(0, simulator.webhookAttempts());
        assertThrows(IllegalArgumentException.class, () -> simulator.connectWebhook(URI.create("ftp://example.com/x")));
        assertThrows(IllegalArgumentException.class, () -> simulator.connectWebhook(URI.create("/relative")));
    }

    // ------------------------------------------------------------------ faults and lifecycle

    @Test
    void injectedFaultsAnswerTheDocumentedErrors() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        assertEquals("unavailable", get("/v1/devices", alice).error());
        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        Reply throttled = arm(ALICE_PANEL_ID, alice, "away", false);
        assertEquals(429, throttled.status());
        assertEquals("rate_limited", throttled.error());
        assertEquals("1", throttled.raw().headers().firstValue("Retry-After").orElse(null));
        simulator.setFaults(new FaultSpec(1.0, 403, 0));
        assertEquals("forbidden", get("/v1/devices", alice).error());
        simulator.setFaults(new FaultSpec(1.0, 409, 0));
        assertEquals("device_offline", disarm(ALICE_PANEL_ID, alice, ALICE_PIN).error());
        simulator.setFaults(new FaultSpec(1.0, 500, 300));
        long started = System.nanoTime();
        assertEquals(500, get("/v1/devices", alice).status());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 280, "latency applies");

        simulator.clearFaults();
        assertEquals(200, get("/v1/devices", alice).status());
        assertQuiet("faulted operations changed nothing");
        assertEquals("disarmed", control(ALICE_PANEL_ID).at("/state/arm_state").asText());
        assertEquals(2, simulator.operationCalls(), "faulted calls are counted");
    }

    @Test
    void aTimeOutFaultNeverAnswers() {
        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/devices"))
                .header("Authorization", "Bearer " + alice).timeout(Duration.ofMillis(500)).GET().build();
        assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void closeStopsServingAndIsIdempotent() throws Exception {
        URI base = simulator.baseUrl();
        simulator.close();
        simulator.close();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/devices")).timeout(Duration.ofSeconds(2)).GET().build();
        assertThrows(IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        assertThrows(IllegalStateException.class, () -> simulator.start(0));
        change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertQuiet("a closed cloud pushes nothing");
    }
}
