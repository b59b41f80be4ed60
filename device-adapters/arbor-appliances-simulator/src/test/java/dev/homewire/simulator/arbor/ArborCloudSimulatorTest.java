package dev.homewire.simulator.arbor;

import static dev.homewire.simulator.arbor.ArborCloudSimulator.BEDROOM_FAN_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.GARAGE_DOOR_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.GOOD_MORNING_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.HALLWAY_THERMOSTAT_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.HUMIDIFIER_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.LIVING_ROOM_BLINDS_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.MOVIE_NIGHT_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.OFFICE_BLINDS_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.OFFICE_FAN_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.PET_FEEDER_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.SPACE_HEATER_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.WASHER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.VendorCloudSimulatorFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's API over real HTTP. The simulator runs on a clock the test moves by hand, so
 * "the operation falls due" and "the feeder dispenses" happen exactly when the test says.
 */
class ArborCloudSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration APPLY_DELAY = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-14T09:00:00Z"));
    private ArborCloudSimulator simulator;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        simulator = new ArborCloudSimulator(APPLY_DELAY, clock);
        simulator.start(0);
        alice = token("alice");
        bob = token("bob");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private String token(String user) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(user)).findFirst()
                .orElseThrow().credentials().get("accessToken");
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Reply get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(simulator.baseUrl().resolve(path)).timeout(Duration.ofSeconds(5)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private Reply post(String path, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve(path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request);
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return new Reply(response.statusCode(), JSON.readTree(response.body()), response);
    }

    /** {@code POST /v1/appliances/{id}/operations} as alice. */
    private Reply operate(String applianceId, String body) throws Exception {
        return post("/v1/appliances/" + applianceId + "/operations", alice, body);
    }

    /** An accepted operation's id. */
    private String accepted(String applianceId, String body) throws Exception {
        Reply reply = operate(applianceId, body);
        assertEquals(202, reply.status(), String.valueOf(reply.body()));
        assertEquals("pending", reply.body().path("status").asText());
        assertEquals(applianceId, reply.body().path("applianceId").asText());
        String operationId = reply.body().path("operationId").asText();
        assertTrue(operationId.startsWith("op_"), operationId);
        return operationId;
    }

    private JsonNode state(String applianceId) throws Exception {
        Reply reply = get("/v1/appliances/" + applianceId, tokenOf(applianceId));
        assertEquals(200, reply.status(), String.valueOf(reply.body()));
        return reply.body().path("state");
    }

    private String tokenOf(String applianceId) {
        return applianceId.startsWith("ar-bob-") ? bob : alice;
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    private void change(String deviceId, String json) throws IOException {
        simulator.changeDeviceState(deviceId, JSON.readTree(json));
    }

    private void due() {
        clock.advance(APPLY_DELAY);
    }

    private static void assertError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), String.valueOf(reply.body()));
        assertEquals(code, reply.body().path("error").asText(), reply.body().toString());
        assertFalse(reply.body().path("message").asText().isBlank());
    }

    private String revision(String applianceId) {
        return control(applianceId).path("revision").asText();
    }

    // ------------------------------------------------------------------ SPI surface

    @Test
    void isFoundThroughServiceLoaderAndDescribesItself() {
        VendorCloudSimulatorFactory factory = ServiceLoader.load(VendorCloudSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.adapterId().equals("arbor")).findFirst().orElseThrow();
        try (VendorCloudSimulator created = factory.create()) {
            ArborCloudSimulator arbor = assertInstanceOf(ArborCloudSimulator.class, created);
            assertEquals(Duration.ofMillis(500), arbor.applyDelay());
            assertThrows(IllegalStateException.class, created::baseUrl, "not started yet");
            assertNotEquals(alice, created.demoAccounts().get(0).credentials().get("accessToken"), "tokens are random per instance");
        }
        assertEquals("arbor", simulator.adapterId());
        URI base = URI.create(simulator.adapterSettings().get("BASE_URL"));
        assertEquals("127.0.0.1", base.getHost());
        assertEquals(simulator.baseUrl(), base);
        assertEquals(List.of("BASE_URL"), List.copyOf(simulator.adapterSettings().keySet()));
        assertEquals(List.of("alice", "bob"), simulator.demoAccounts().stream().map(VendorCloudSimulator.DemoAccount::demoUser).toList());
        assertEquals(List.of("arbor-acct-alice", "arbor-acct-bob"),
                simulator.demoAccounts().stream().map(VendorCloudSimulator.DemoAccount::accountId).toList());
        assertTrue(alice.startsWith("arb_") && alice.length() > 30);
        assertThrows(IllegalArgumentException.class, () -> simulator.setApplyDelay(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new ArborCloudSimulator(Duration.ZERO, null));
    }

    @Test
    void devicesListsEveryApplianceWithItsState() {
        JsonNode all = simulator.devices();
        List<String> ids = StreamSupport.stream(all.spliterator(), false).map(d -> d.path("deviceId").asText()).toList();
        System.out.println("Arbor demo appliances: " + ids.size() + " " + ids);
        assertEquals(12, ids.size());
        assertEquals(10, ids.stream().filter(id -> id.startsWith("ar-alice-")).count());
        JsonNode fan = control(BEDROOM_FAN_ID);
        assertEquals("arbor-acct-alice", fan.path("accountId").asText());
        assertEquals("alice", fan.path("demoUser").asText());
        assertEquals("fan", fan.path("type").asText());
        assertEquals("{\"speeds\":5,\"oscillates\":true,\"reversible\":true}", fan.path("specs").toString());
        assertEquals("{\"power\":\"off\",\"speed\":2,\"oscillate\":false,\"direction\":\"forward\"}", fan.path("state").toString());
        assertEquals("running", control(WASHER_ID).at("/state/program").asText());
        assertEquals("{\"speeds\":3,\"oscillates\":true,\"reversible\":false}", control(OFFICE_FAN_ID).path("specs").toString());
        assertEquals("bob", control(OFFICE_BLINDS_ID).path("demoUser").asText());
        assertFalse(fan.has("pending"));
    }

    // ------------------------------------------------------------------ authentication and paths

    @Test
    void everyCallNeedsTheAccountsBearerTokenAndAKnownPath() throws Exception {
        Reply missing = get("/v1/summary", null);
        assertError(missing, 401, "unauthorized");
        assertEquals("Bearer realm=\"arbor\"", missing.raw().headers().firstValue("WWW-Authenticate").orElse(""));
        assertError(get("/v1/appliances", "arb_forged"), 401, "unauthorized");
        assertError(post("/v1/appliances/" + LIVING_ROOM_BLINDS_ID + "/operations", "nope",
                "{\"type\":\"set\",\"values\":{\"position\":0}}"), 401, "unauthorized");

        assertError(get("/elsewhere", alice), 404, "not_found");
        assertError(get("/v1/nothing", alice), 404, "not_found");
        assertError(get("/v1/appliances/" + LIVING_ROOM_BLINDS_ID + "/history", alice), 404, "not_found");
        assertError(get("/v1/operations", alice), 404, "not_found");
        Reply wrongMethod = post("/v1/summary", alice, "{}");
        assertError(wrongMethod, 405, "method_not_allowed");
        assertEquals("GET", wrongMethod.raw().headers().firstValue("Allow").orElse(""));
        Reply getOperations = get("/v1/appliances/" + LIVING_ROOM_BLINDS_ID + "/operations", alice);
        assertError(getOperations, 405, "method_not_allowed");
        assertEquals("POST", getOperations.raw().headers().firstValue("Allow").orElse(""));
        assertEquals(0, simulator.acceptedOperations());
    }

    // ------------------------------------------------------------------ reads

    @Test
    void summaryListsRevisionsConnectivityAndTheInventoryRevision() throws Exception {
        Reply reply = get("/v1/summary", alice);
        assertEquals(200, reply.status());
        JsonNode list = reply.body().path("appliances");
        assertEquals(10, list.size());
        assertEquals(LIVING_ROOM_BLINDS_ID, list.get(0).path("id").asText());
        assertEquals(revision(LIVING_ROOM_BLINDS_ID), list.get(0).path("revision").asText());
        assertTrue(list.get(0).path("online").asBoolean());
        assertEquals(3, list.get(0).size(), "cheap: id, revision and online only");
        assertEquals(simulator.inventoryRevision("arbor-acct-alice"), reply.body().path("inventoryRevision").asText());

        JsonNode bobs = get("/v1/summary", bob).body();
        assertEquals(2, bobs.path("appliances").size());
        assertEquals(simulator.inventoryRevision("arbor-acct-bob"), bobs.path("inventoryRevision").asText());
        assertEquals(2, simulator.summaryCalls());
        assertEquals(0, simulator.detailCalls());
    }

    @Test
    void detailsDescribeTheAppliance() throws Exception {
        Reply reply = get("/v1/appliances/" + HALLWAY_THERMOSTAT_ID, alice);
        assertEquals(200, reply.status());
        JsonNode thermostat = reply.body();
        assertEquals("thermostat", thermostat.path("type").asText());
        assertEquals("Hallway Thermostat", thermostat.path("name").asText());
        assertEquals("Arbor Climate T3", thermostat.path("model").asText());
        assertEquals("{\"setpointRange\":{\"min\":10.0,\"max\":32.0},\"minDelta\":2.0,"
                + "\"supportedModes\":[\"heat\",\"cool\",\"auto\",\"eco\",\"off\"]}", thermostat.path("specs").toString());
        assertEquals("{\"mode\":\"heat\",\"target\":21.0,\"lower\":19.0,\"upper\":24.0,\"ambient\":20.5}",
                thermostat.path("state").toString());
        assertEquals(clock.instant(), Instant.parse(thermostat.path("updatedAt").asText()));
        assertEquals(revision(HALLWAY_THERMOSTAT_ID), thermostat.path("revision").asText());

        JsonNode all = get("/v1/appliances", alice).body().path("appliances");
        assertEquals(10, all.size());
        JsonNode some = get("/v1/appliances?ids=" + WASHER_ID + ",ar-gone," + OFFICE_FAN_ID, alice).body().path("appliances");
        assertEquals(1, some.size(), "unknown and foreign ids are skipped");
        assertEquals(WASHER_ID, some.get(0).path("id").asText());
        assertError(get("/v1/appliances?ids=", alice), 400, "bad_request");
        assertError(get("/v1/appliances?ids=a&ids=b", alice), 400, "bad_request");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ArborCloudSimulator.MAX_IDS_PER_REQUEST; i++) {
            many.add("ar-" + i);
        }
        assertError(get("/v1/appliances?ids=" + String.join(",", many), alice), 400, "bad_request");
        assertError(get("/v1/appliances/" + OFFICE_FAN_ID, alice), 404, "not_found");
        assertEquals(2, simulator.detailFetches(WASHER_ID));
        assertEquals(0, simulator.detailFetches(OFFICE_FAN_ID));
    }

    // ------------------------------------------------------------------ operations

    @Test
    void anOperationIsAcceptedThenAppliedWhenDueAndReportsItsOutcome() throws Exception {
        String before = revision(LIVING_ROOM_BLINDS_ID);
        String operationId = accepted(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":75}}");
        assertEquals(40, state(LIVING_ROOM_BLINDS_ID).path("position").intValue(), "accepted, not applied");
        assertEquals(before, revision(LIVING_ROOM_BLINDS_ID));
        JsonNode pendingOp = get("/v1/operations/" + operationId, alice).body();
        assertEquals("pending", pendingOp.path("status").asText());
        assertEquals("{\"position\":75}", pendingOp.path("values").toString());
        assertEquals(operationId, control(LIVING_ROOM_BLINDS_ID).at("/pending/0/operationId").asText());

        clock.advance(APPLY_DELAY.minusMillis(1));
        assertEquals(40, state(LIVING_ROOM_BLINDS_ID).path("position").intValue());
        clock.advance(Duration.ofMillis(1));
        assertEquals(75, state(LIVING_ROOM_BLINDS_ID).path("position").intValue());
        assertNotEquals(before, revision(LIVING_ROOM_BLINDS_ID));
        JsonNode done = get("/v1/operations/" + operationId, alice).body();
        assertEquals("succeeded", done.path("status").asText());
        assertEquals(clock.instant(), Instant.parse(done.path("completedAt").asText()));
        assertFalse(control(LIVING_ROOM_BLINDS_ID).has("pending"));

        assertError(get("/v1/operations/" + operationId, bob), 404, "not_found");
        assertError(get("/v1/operations/op_unknown", alice), 404, "not_found");
        assertEquals(1, simulator.succeededOperations());
        assertEquals(1, simulator.operationCalls());
        assertEquals(4, simulator.operationQueries());
    }

    @Test
    void operationsOfOneApplianceApplyInAcceptanceOrder() throws Exception {
        accepted(BEDROOM_FAN_ID, "{\"type\":\"set\",\"values\":{\"speed\":5}}");
        simulator.setApplyDelay(Duration.ZERO); // a later operation falling due earlier still waits its turn
        accepted(BEDROOM_FAN_ID, "{\"type\":\"set\",\"values\":{\"speed\":4,\"power\":\"on\"}}");
        assertEquals(2, state(BEDROOM_FAN_ID).path("speed").intValue());
        clock.advance(APPLY_DELAY);
        JsonNode fan = state(BEDROOM_FAN_ID);
        assertEquals(4, fan.path("speed").intValue());
        assertEquals("on", fan.path("power").asText());
        assertEquals(2, simulator.succeededOperations());
    }

    @Test
    void malformedOperationsAreRefusedWithBadRequest() throws Exception {
        for (String body : List.of("not json", "[1]", "{}", "{\"type\":7}", "{\"type\":\"explode\"}",
                "{\"type\":\"set\"}", "{\"type\":\"set\",\"values\":{}}", "{\"type\":\"set\",\"values\":[]}",
                "{\"type\":\"set\",\"values\":{\"position\":10},\"extra\":1}", "{\"type\":\"set\",\"values\":{\"position\":\"10\"}} trailing",
                "{\"type\":\"set\",\"values\":{\"position\":\"ten\"}}", "{\"type\":\"set\",\"values\":{\"position\":null}}")) {
            assertError(operate(LIVING_ROOM_BLINDS_ID, body), 400, "bad_request");
        }
        assertError(operate(WASHER_ID, "{\"type\":\"hold\",\"until\":\"tomorrow\"}"), 400, "bad_request");
        assertError(operate(WASHER_ID, "{\"type\":\"resume\",\"until\":\"2025-03-14T10:00:00Z\"}"), 400, "bad_request");
        assertError(operate(BEDROOM_FAN_ID, "{\"type\":\"set\",\"values\":{\"oscillate\":\"yes\"}}"), 400, "bad_request");
        assertError(operate(OFFICE_FAN_ID, "{\"type\":\"set\",\"values\":{\"speed\":1}}"), 404, "not_found");
        assertError(operate("ar-gone", "{\"type\":\"set\",\"values\":{\"speed\":1}}"), 404, "not_found");
        assertEquals(0, simulator.acceptedOperations());
    }

    @Test
    void valuesTheApplianceCannotTakeAreRefusedWith422() throws Exception {
        Reply tooFar = operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":140}}");
        assertError(tooFar, 422, "value_out_of_range");
        assertEquals("position", tooFar.body().path("field").asText());
        assertEquals(0.0, tooFar.body().path("min").asDouble());
        assertEquals(100.0, tooFar.body().path("max").asDouble());
        assertError(operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":50.5}}"), 422, "invalid_value");
        Reply speed = operate(BEDROOM_FAN_ID, "{\"type\":\"set\",\"values\":{\"speed\":6}}");
        assertError(speed, 422, "value_out_of_range");
        assertEquals(1.0, speed.body().path("min").asDouble());
        assertEquals(5.0, speed.body().path("max").asDouble());
        assertError(operate(BEDROOM_FAN_ID, "{\"type\":\"set\",\"values\":{\"direction\":\"sideways\"}}"), 422, "invalid_value");
        assertError(operate(WASHER_ID, "{\"type\":\"set\",\"values\":{\"cycle\":\"turbo\"}}"), 422, "invalid_value");
        assertError(post("/v1/appliances/" + OFFICE_FAN_ID + "/operations", bob,
                "{\"type\":\"set\",\"values\":{\"direction\":\"reverse\"}}"), 422, "unsupported_operation");
        assertError(operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"speed\":1}}"), 422, "unsupported_operation");
        assertError(operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"hold\"}"), 422, "unsupported_operation");
        assertError(operate(PET_FEEDER_ID, "{\"type\":\"activate\"}"), 422, "unsupported_operation");
        assertError(operate(GOOD_MORNING_ID, "{\"type\":\"deactivate\"}"), 422, "not_deactivatable");
        assertError(operate(WASHER_ID, "{\"type\":\"hold\",\"until\":\"2025-03-14T08:00:00Z\"}"), 422, "invalid_value");
        assertError(operate(WASHER_ID, "{\"type\":\"hold\",\"until\":\"2025-03-16T08:00:00Z\"}"), 422, "invalid_value");
        assertEquals(0, simulator.acceptedOperations());
    }

    @Test
    void anOfflineApplianceRefusesOperationsAndReportsWhatItLastKnew() throws Exception {
        change(LIVING_ROOM_BLINDS_ID, "{\"online\": false}");
        Instant lost = clock.instant();
        Reply refused = operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":10}}");
        assertError(refused, 409, "appliance_offline");
        assertEquals(LIVING_ROOM_BLINDS_ID, refused.body().path("applianceId").asText());
        assertEquals(lost.toString(), refused.body().path("lastSeenAt").asText());
        // a malformed body is still a 400, an impossible value still a 422: connectivity is checked after both
        assertError(operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":140}}"), 422, "value_out_of_range");

        clock.advance(Duration.ofMinutes(5));
        change(LIVING_ROOM_BLINDS_ID, "{\"position\": 90}"); // moved by hand while the cloud cannot see it
        JsonNode blinds = get("/v1/appliances/" + LIVING_ROOM_BLINDS_ID, alice).body();
        assertFalse(blinds.path("online").asBoolean());
        assertEquals(40, blinds.at("/state/position").intValue(), "the last known position");
        assertEquals(lost.toString(), blinds.path("updatedAt").asText());
        assertEquals(90, control(LIVING_ROOM_BLINDS_ID).at("/state/position").intValue());
        assertEquals(40, control(LIVING_ROOM_BLINDS_ID).at("/reportedState/position").intValue());
        String offlineRevision = revision(LIVING_ROOM_BLINDS_ID);

        change(LIVING_ROOM_BLINDS_ID, "{\"online\": true}");
        assertEquals(90, state(LIVING_ROOM_BLINDS_ID).path("position").intValue());
        assertNotEquals(offlineRevision, revision(LIVING_ROOM_BLINDS_ID));
    }

    @Test
    void anOperationThatFallsDueWhileTheApplianceIsOfflineFails() throws Exception {
        String operationId = accepted(SPACE_HEATER_ID, "{\"type\":\"set\",\"values\":{\"power\":\"on\"}}");
        change(SPACE_HEATER_ID, "{\"online\": false}");
        due();
        change(SPACE_HEATER_ID, "{\"online\": true}");
        JsonNode op = get("/v1/operations/" + operationId, alice).body();
        assertEquals("failed", op.path("status").asText());
        assertEquals("appliance_offline", op.at("/error/error").asText());
        assertEquals("off", state(SPACE_HEATER_ID).path("power").asText());
        assertEquals(1, simulator.failedOperations());
    }

    // ------------------------------------------------------------------ appliance types

    @Test
    void thermostatSetpointsFollowTheModeAndTheMinimumDelta() throws Exception {
        accepted(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"target\":22.46}}");
        due();
        assertEquals(22.5, state(HALLWAY_THERMOSTAT_ID).path("target").doubleValue(), "rounded half up to one decimal");

        Reply tooHigh = operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"target\":35}}");
        assertError(tooHigh, 422, "value_out_of_range");
        assertEquals("target", tooHigh.body().path("field").asText());
        assertEquals(10.0, tooHigh.body().path("min").asDouble());
        assertEquals(32.0, tooHigh.body().path("max").asDouble());
        Reply close = operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"lower\":20,\"upper\":21.5}}");
        assertError(close, 422, "setpoints_too_close");
        assertEquals(2.0, close.body().path("minDelta").asDouble());
        assertError(operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"lower\":20}}"), 422, "invalid_value");
        assertError(operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"mode\":\"dry\"}}"), 422, "invalid_value");
        assertError(operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"lower\":18,\"upper\":22,\"target\":23}}"), 422,
                "target_outside_bounds");

        // auto: a target must lie between the bounds; all three at once
        accepted(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"mode\":\"auto\"}}");
        due();
        assertError(operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"target\":26}}"), 422, "target_outside_bounds");
        accepted(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"lower\":18,\"upper\":26,\"target\":25}}");
        due();
        assertEquals("{\"mode\":\"auto\",\"target\":25.0,\"lower\":18.0,\"upper\":26.0,\"ambient\":20.5}",
                state(HALLWAY_THERMOSTAT_ID).toString());

        // off: no setpoint, whether it is off already or is switched off with it
        assertError(operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"mode\":\"off\",\"target\":20}}"), 409,
                "thermostat_off");
        accepted(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"mode\":\"off\"}}");
        due();
        Reply off = operate(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"target\":20}}");
        assertError(off, 409, "thermostat_off");
        assertEquals(HALLWAY_THERMOSTAT_ID, off.body().path("applianceId").asText());
        accepted(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"mode\":\"heat\",\"target\":20}}");
        due();
        assertEquals("heat", state(HALLWAY_THERMOSTAT_ID).path("mode").asText());
        assertEquals(20.0, state(HALLWAY_THERMOSTAT_ID).path("target").doubleValue());
    }

    @Test
    void anOperationCheckedAgainWhenDueFailsWhenTheStateNoLongerFits() throws Exception {
        accepted(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"mode\":\"off\"}}");
        String target = accepted(HALLWAY_THERMOSTAT_ID, "{\"type\":\"set\",\"values\":{\"target\":23}}");
        due();
        JsonNode op = get("/v1/operations/" + target, alice).body();
        assertEquals("failed", op.path("status").asText());
        assertEquals("thermostat_off", op.at("/error/error").asText());
        assertEquals(21.0, state(HALLWAY_THERMOSTAT_ID).path("target").doubleValue());
    }

    @Test
    void aWasherHoldsAndResumesItsProgram() throws Exception {
        Instant started = clock.instant();
        assertEquals(started.plus(Duration.ofMinutes(90)).toString(), state(WASHER_ID).path("programEndsAt").asText());
        assertError(operate(WASHER_ID, "{\"type\":\"resume\"}"), 409, "not_paused");

        clock.advance(Duration.ofMinutes(10));
        Instant until = clock.instant().plus(Duration.ofMinutes(30));
        accepted(WASHER_ID, "{\"type\":\"hold\",\"until\":\"" + until + "\"}");
        due();
        JsonNode held = state(WASHER_ID);
        assertEquals("paused", held.path("program").asText());
        assertEquals(clock.instant().toString(), held.path("pausedAt").asText());
        assertEquals(until.toString(), held.path("resumesAt").asText());
        long remaining = held.path("remainingSeconds").longValue();
        assertEquals(Duration.ofMinutes(80).minus(APPLY_DELAY).toSeconds(), remaining);

        accepted(WASHER_ID, "{\"type\":\"resume\"}");
        due();
        JsonNode resumed = state(WASHER_ID);
        assertEquals("running", resumed.path("program").asText());
        assertEquals(clock.instant().plus(Duration.ofMinutes(80).minus(APPLY_DELAY)).toString(), resumed.path("programEndsAt").asText(),
                "the program goes on where it stopped");

        // a hold with an end resumes by itself
        accepted(WASHER_ID, "{\"type\":\"hold\",\"until\":\"" + clock.instant().plus(Duration.ofMinutes(5)) + "\"}");
        due();
        assertEquals("paused", state(WASHER_ID).path("program").asText());
        clock.advance(Duration.ofMinutes(5));
        assertEquals("running", state(WASHER_ID).path("program").asText());

        // the program ends; the washer stays on and idle; holding it then is refused
        clock.advance(Duration.ofHours(2));
        JsonNode finished = state(WASHER_ID);
        assertEquals("idle", finished.path("program").asText());
        assertEquals("on", finished.path("power").asText());
        Reply notRunning = operate(WASHER_ID, "{\"type\":\"hold\"}");
        assertError(notRunning, 409, "not_running");

        // switching it on starts the selected cycle
        accepted(WASHER_ID, "{\"type\":\"set\",\"values\":{\"power\":\"off\"}}");
        due();
        accepted(WASHER_ID, "{\"type\":\"set\",\"values\":{\"cycle\":\"heavy\",\"power\":\"on\"}}");
        due();
        JsonNode heavy = state(WASHER_ID);
        assertEquals("running", heavy.path("program").asText());
        assertEquals(clock.instant().plus(Duration.ofMinutes(120)).toString(), heavy.path("programEndsAt").asText());
        change(WASHER_ID, "{\"running\": false}");
        assertEquals("idle", state(WASHER_ID).path("program").asText());
        change(WASHER_ID, "{\"on\": false}");
        change(WASHER_ID, "{\"on\": true}");
        assertEquals("idle", state(WASHER_ID).path("program").asText(), "the button on the machine starts nothing");
    }

    @Test
    void aGarageDoorTravelsAndRefusesToReverseWhileMoving() throws Exception {
        accepted(GARAGE_DOOR_ID, "{\"type\":\"set\",\"values\":{\"door\":\"open\"}}");
        due();
        JsonNode opening = state(GARAGE_DOOR_ID);
        assertEquals("opening", opening.path("door").asText());
        assertEquals(clock.instant().plus(ArborCloudSimulator.DOOR_TRAVEL_TIME).toString(), opening.path("arrivesAt").asText());
        Reply busy = operate(GARAGE_DOOR_ID, "{\"type\":\"set\",\"values\":{\"door\":\"closed\"}}");
        assertError(busy, 409, "appliance_busy");
        accepted(GARAGE_DOOR_ID, "{\"type\":\"set\",\"values\":{\"door\":\"open\"}}"); // where it goes anyway: fine
        assertError(operate(GARAGE_DOOR_ID, "{\"type\":\"set\",\"values\":{\"door\":\"ajar\"}}"), 422, "invalid_value");

        clock.advance(ArborCloudSimulator.DOOR_TRAVEL_TIME);
        assertEquals("{\"door\":\"open\"}", state(GARAGE_DOOR_ID).toString());
        change(GARAGE_DOOR_ID, "{\"door\": \"closed\"}"); // the wall button
        assertEquals("closing", state(GARAGE_DOOR_ID).path("door").asText());
        change(GARAGE_DOOR_ID, "{\"door\": \"open\"}"); // pressed again: it reverses
        assertEquals("opening", state(GARAGE_DOOR_ID).path("door").asText());
        clock.advance(ArborCloudSimulator.DOOR_TRAVEL_TIME);
        assertEquals("open", state(GARAGE_DOOR_ID).path("door").asText());
    }

    @Test
    void scenesRunTheirStepsAndMomentaryScenesEndByThemselves() throws Exception {
        accepted(MOVIE_NIGHT_ID, "{\"type\":\"activate\"}");
        due();
        assertTrue(state(MOVIE_NIGHT_ID).path("active").booleanValue());
        assertEquals(clock.instant().toString(), state(MOVIE_NIGHT_ID).path("lastRunAt").asText());
        assertEquals(0, state(LIVING_ROOM_BLINDS_ID).path("position").intValue(), "Movie Night closes the blinds");
        assertEquals(30, state(SPACE_HEATER_ID).path("powerLevel").intValue(), "and turns the heater down");
        clock.advance(Duration.ofHours(3));
        assertTrue(state(MOVIE_NIGHT_ID).path("active").booleanValue(), "a deactivatable scene stays active");
        accepted(MOVIE_NIGHT_ID, "{\"type\":\"deactivate\"}");
        due();
        assertFalse(state(MOVIE_NIGHT_ID).path("active").booleanValue());

        change(HUMIDIFIER_ID, "{\"on\": false, \"online\": false}");
        accepted(GOOD_MORNING_ID, "{\"type\":\"activate\"}");
        due();
        assertTrue(state(GOOD_MORNING_ID).path("active").booleanValue());
        assertEquals(100, state(LIVING_ROOM_BLINDS_ID).path("position").intValue(), "Good Morning opens the blinds");
        change(HUMIDIFIER_ID, "{\"online\": true}");
        assertEquals("off", state(HUMIDIFIER_ID).path("power").asText(), "an offline appliance's step is skipped");
        clock.advance(ArborCloudSimulator.SCENE_RUN_TIME);
        assertFalse(state(GOOD_MORNING_ID).path("active").booleanValue(), "a momentary scene ends by itself");
    }

    @Test
    void aPetFeederDispensesUntilEmptyAndCanBeRefilled() throws Exception {
        String before = revision(PET_FEEDER_ID);
        clock.advance(ArborCloudSimulator.DISPENSE_INTERVAL.multipliedBy(3));
        JsonNode fed = state(PET_FEEDER_ID);
        assertEquals(80 - 3 * ArborCloudSimulator.DISPENSE_PORTION, fed.path("foodLevel").intValue());
        assertEquals(clock.instant().toString(), fed.path("lastDispensedAt").asText());
        assertNotEquals(before, revision(PET_FEEDER_ID));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, state(PET_FEEDER_ID).path("foodLevel").intValue());
        String empty = revision(PET_FEEDER_ID);
        clock.advance(Duration.ofHours(1));
        assertEquals(empty, revision(PET_FEEDER_ID), "an empty feeder changes no more");

        change(PET_FEEDER_ID, "{\"refill\": true}");
        assertEquals(100, state(PET_FEEDER_ID).path("foodLevel").intValue());
        clock.advance(ArborCloudSimulator.DISPENSE_INTERVAL);
        assertEquals(96, state(PET_FEEDER_ID).path("foodLevel").intValue());
        change(PET_FEEDER_ID, "{\"foodLevel\": 12}");
        assertEquals(12, state(PET_FEEDER_ID).path("foodLevel").intValue());
    }

    // ------------------------------------------------------------------ faults

    @Test
    void faultsFailCallsWithTheDocumentedErrorsAndChangeNothing() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        assertError(get("/v1/summary", alice), 503, "unavailable");
        assertError(operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":0}}"), 503, "unavailable");
        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        Reply throttled = get("/v1/appliances", alice);
        assertError(throttled, 429, "rate_limited");
        assertEquals("1", throttled.raw().headers().firstValue("Retry-After").orElse(""));
        simulator.setFaults(new FaultSpec(1.0, 403, 0));
        assertError(get("/v1/appliances", alice), 403, "forbidden");
        simulator.clearFaults();
        assertEquals(0, simulator.acceptedOperations());
        assertEquals(40, state(LIVING_ROOM_BLINDS_ID).path("position").intValue());

        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        HttpRequest hanging = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/summary")).timeout(Duration.ofMillis(300))
                .header("Authorization", "Bearer " + alice).GET().build();
        assertThrows(HttpTimeoutException.class, () -> http.send(hanging, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void droppedOperationsAreAcceptedButNeverApplied() throws Exception {
        simulator.setFaults(new FaultSpec(0.0, 500, 0, true));
        String operationId = accepted(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":5}}");
        assertError(operate(LIVING_ROOM_BLINDS_ID, "{\"type\":\"set\",\"values\":{\"position\":500}}"), 422, "value_out_of_range");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(40, state(LIVING_ROOM_BLINDS_ID).path("position").intValue());
        assertEquals("pending", get("/v1/operations/" + operationId, alice).body().path("status").asText());
        assertFalse(control(LIVING_ROOM_BLINDS_ID).has("pending"));
        assertEquals(1, simulator.droppedOperations());
        assertEquals(1, simulator.acceptedOperations());
    }

    // ------------------------------------------------------------------ control: world, pairing

    @Test
    void changeDeviceStateIsCheckedAndAllOrNothing() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> change("ar-gone", "{\"online\": false}"));
        assertThrows(IllegalArgumentException.class, () -> change(LIVING_ROOM_BLINDS_ID, "{}"));
        assertThrows(IllegalArgumentException.class, () -> change(LIVING_ROOM_BLINDS_ID, "{\"speed\": 2}"));
        assertThrows(IllegalArgumentException.class, () -> change(LIVING_ROOM_BLINDS_ID, "{\"position\": 101}"));
        assertThrows(IllegalArgumentException.class, () -> change(LIVING_ROOM_BLINDS_ID, "{\"online\": \"no\"}"));
        assertThrows(IllegalArgumentException.class, () -> change(LIVING_ROOM_BLINDS_ID, "{\"name\": \" \"}"));
        assertThrows(IllegalArgumentException.class, () -> change(OFFICE_FAN_ID, "{\"direction\": \"reverse\"}"));
        assertThrows(IllegalArgumentException.class, () -> change(PET_FEEDER_ID, "{\"refill\": false}"));
        assertThrows(IllegalArgumentException.class, () -> change(HALLWAY_THERMOSTAT_ID, "{\"ambient\": 80}"));
        assertThrows(IllegalArgumentException.class, () -> change(MOVIE_NIGHT_ID, "{\"active\": true}"));
        assertThrows(IllegalArgumentException.class, () -> change(BEDROOM_FAN_ID, "{\"on\": true, \"speed\": 9}"));
        assertEquals("off", state(BEDROOM_FAN_ID).path("power").asText(), "nothing of a refused change is made");

        String inventory = simulator.inventoryRevision("arbor-acct-alice");
        change(BEDROOM_FAN_ID, "{\"on\": true, \"speed\": 4, \"oscillate\": true, \"direction\": \"reverse\", \"name\": \"Attic Fan\"}");
        assertEquals("{\"power\":\"on\",\"speed\":4,\"oscillate\":true,\"direction\":\"reverse\"}", state(BEDROOM_FAN_ID).toString());
        assertEquals("Attic Fan", get("/v1/appliances/" + BEDROOM_FAN_ID, alice).body().path("name").asText());
        assertNotEquals(inventory, simulator.inventoryRevision("arbor-acct-alice"), "a rename moves the inventory revision");
        change(HALLWAY_THERMOSTAT_ID, "{\"ambient\": 18.04, \"mode\": \"cool\", \"target\": 25}");
        assertEquals("{\"mode\":\"cool\",\"target\":25.0,\"lower\":19.0,\"upper\":24.0,\"ambient\":18.0}",
                state(HALLWAY_THERMOSTAT_ID).toString());
    }

    @Test
    void pairingAndRemovingAppliancesMovesTheInventoryRevision() throws Exception {
        String inventory = get("/v1/summary", alice).body().path("inventoryRevision").asText();
        JsonNode added = simulator.addDevice("alice", JSON.readTree("{\"type\": \"blinds\", \"name\": \"Kitchen Blinds\"}"));
        assertEquals("ar-alice-kitchen-blinds", added.path("deviceId").asText());
        assertEquals("Arbor Shade S2", added.path("model").asText());
        JsonNode summary = get("/v1/summary", alice).body();
        assertNotEquals(inventory, summary.path("inventoryRevision").asText());
        assertEquals(11, summary.path("appliances").size());
        assertEquals(0, state("ar-alice-kitchen-blinds").path("position").intValue());
        accepted("ar-alice-kitchen-blinds", "{\"type\":\"set\",\"values\":{\"position\":30}}");
        due();
        assertEquals(30, state("ar-alice-kitchen-blinds").path("position").intValue());

        JsonNode second = simulator.addDevice("alice", JSON.readTree("{\"type\": \"blinds\", \"name\": \"Kitchen Blinds\"}"));
        assertEquals("ar-alice-kitchen-blinds-2", second.path("deviceId").asText());
        JsonNode fan = simulator.addDevice("bob", JSON.readTree(
                "{\"type\": \"fan\", \"name\": \"Lab Fan\", \"id\": \"ar-bob-lab\", \"speeds\": 4, \"reversible\": true}"));
        assertEquals("{\"speeds\":4,\"oscillates\":true,\"reversible\":true}", fan.path("specs").toString());
        JsonNode feeder = simulator.addDevice("bob", JSON.readTree(
                "{\"type\": \"pet_feeder\", \"name\": \"Cat Feeder\", \"foodLevel\": 55, \"dashReplenishmentId\": \"amzn1.dash.v2.o.ro.x\"}"));
        assertEquals(55, feeder.at("/state/foodLevel").intValue());
        assertEquals("amzn1.dash.v2.o.ro.x", feeder.at("/specs/dashReplenishmentId").asText());
        assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("carol", JSON.readTree("{\"type\":\"fan\",\"name\":\"x\"}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("alice", JSON.readTree("{\"type\":\"robot\",\"name\":\"x\"}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("alice", JSON.readTree("{\"type\":\"fan\"}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("alice",
                JSON.readTree("{\"type\":\"blinds\",\"name\":\"x\",\"speeds\":3}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("alice",
                JSON.readTree("{\"type\":\"blinds\",\"name\":\"x\",\"id\":\"" + LIVING_ROOM_BLINDS_ID + "\"}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.addDevice("alice",
                JSON.readTree("{\"type\":\"fan\",\"name\":\"x\",\"speeds\":40}")));

        String waiting = accepted("ar-alice-kitchen-blinds", "{\"type\":\"set\",\"values\":{\"position\":60}}");
        inventory = simulator.inventoryRevision("arbor-acct-alice");
        simulator.removeDevice("ar-alice-kitchen-blinds");
        assertNotEquals(inventory, simulator.inventoryRevision("arbor-acct-alice"));
        assertError(get("/v1/appliances/ar-alice-kitchen-blinds", alice), 404, "not_found");
        assertEquals(11, get("/v1/summary", alice).body().path("appliances").size());
        JsonNode failed = get("/v1/operations/" + waiting, alice).body();
        assertEquals("failed", failed.path("status").asText());
        assertEquals("not_found", failed.at("/error/error").asText());
        assertThrows(IllegalArgumentException.class, () -> simulator.removeDevice("ar-alice-kitchen-blinds"));

        simulator.removeDevice(LIVING_ROOM_BLINDS_ID);
        accepted(MOVIE_NIGHT_ID, "{\"type\":\"activate\"}");
        due();
        assertTrue(state(MOVIE_NIGHT_ID).path("active").booleanValue(), "a scene skips a removed appliance");
    }

    @Test
    void concurrentOperationsAreAllAcceptedAndAppliedOnce() throws Exception {
        int threads = 4;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int level = t * 10;
                tasks.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        ok += operate(SPACE_HEATER_ID, "{\"type\":\"set\",\"values\":{\"powerLevel\":" + (level + i) + "}}").status() == 202
                                ? 1 : 0;
                    }
                    return ok;
                });
            }
            int accepted = 0;
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                accepted += result.get();
            }
            due();
            simulator.devices(); // the world moves when someone looks
            System.out.println("Arbor concurrent operations: " + accepted + " accepted, " + simulator.succeededOperations() + " applied");
            assertEquals(threads * perThread, accepted);
            assertEquals(threads * perThread, simulator.succeededOperations());
            assertEquals(threads * perThread, simulator.operationCalls());
        } finally {
            pool.shutdownNow();
        }
    }
}
