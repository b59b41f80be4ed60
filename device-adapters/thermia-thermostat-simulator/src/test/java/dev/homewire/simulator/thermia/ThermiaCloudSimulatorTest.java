package dev.homewire.simulator.thermia;

import static dev.homewire.simulator.thermia.ThermiaCloudSimulator.BEDROOM_ID;
import static dev.homewire.simulator.thermia.ThermiaCloudSimulator.LIVING_ROOM_ID;
import static dev.homewire.simulator.thermia.ThermiaCloudSimulator.OFFICE_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThermiaCloudSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration APPLY_DELAY = Duration.ofMillis(200);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ThermiaCloudSimulator simulator;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        simulator = new ThermiaCloudSimulator(APPLY_DELAY);
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

    private Reply put(String path, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve(path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request);
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return new Reply(response.statusCode(), body, response);
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    private JsonNode details(String id) throws Exception {
        Reply reply = get("/v1/thermostats/" + id, alice);
        assertEquals(200, reply.status(), String.valueOf(reply.body()));
        return reply.body();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("timed out waiting for " + what);
    }

    private static void assertError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), String.valueOf(reply.body()));
        assertEquals(code, reply.body().path("error").asText(), reply.body().toString());
        assertFalse(reply.body().path("message").asText().isBlank());
    }

    // ------------------------------------------------------------------ SPI surface

    @Test
    void isFoundThroughServiceLoaderAndDescribesItself() {
        VendorCloudSimulatorFactory factory = ServiceLoader.load(VendorCloudSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.adapterId().equals("thermia")).findFirst().orElseThrow();
        try (VendorCloudSimulator created = factory.create()) {
            ThermiaCloudSimulator thermia = assertInstanceOf(ThermiaCloudSimulator.class, created);
            assertEquals(ThermiaCloudSimulator.DEFAULT_APPLY_DELAY, thermia.applyDelay());
            assertEquals(Duration.ofSeconds(2), thermia.applyDelay());
            assertThrows(IllegalStateException.class, created::baseUrl, "not started yet");
            // tokens are random per instance
            assertNotEquals(alice, created.demoAccounts().get(0).credentials().get("accessToken"));
        }
        assertEquals("thermia", simulator.adapterId());
        URI base = URI.create(simulator.adapterSettings().get("BASE_URL"));
        assertEquals("127.0.0.1", base.getHost());
        assertEquals(simulator.baseUrl(), base);
        assertThrows(IllegalStateException.class, () -> simulator.start(0));

        assertEquals(List.of("alice", "bob"), simulator.demoAccounts().stream().map(VendorCloudSimulator.DemoAccount::demoUser).toList());
        assertEquals(List.of("thermia-acct-alice", "thermia-acct-bob"),
                simulator.demoAccounts().stream().map(VendorCloudSimulator.DemoAccount::accountId).toList());
        assertTrue(alice.startsWith("thm_") && alice.length() > 30);
        assertNotEquals(alice, bob);

        assertThrows(IllegalArgumentException.class, () -> simulator.setApplyDelay(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new ThermiaCloudSimulator(null));
    }

    @Test
    void devicesListsEveryThermostatWithItsState() {
        JsonNode all = simulator.devices();
        assertEquals(3, all.size());
        JsonNode living = control(LIVING_ROOM_ID);
        assertEquals("thermia-acct-alice", living.path("accountId").asText());
        assertEquals("Living Room Thermostat", living.path("name").asText());
        assertTrue(living.path("online").asBoolean());
        assertEquals("heat", living.path("mode").asText());
        assertEquals(20.0, living.path("setpoint").asDouble());
        assertEquals(19.5, living.path("ambient").asDouble());
        assertEquals(7.0, living.path("setpointRange").path("min").asDouble());
        assertEquals(30.0, living.path("setpointRange").path("max").asDouble());
        assertEquals("[\"heat\",\"cool\",\"auto\",\"eco\",\"off\"]", living.path("supportedModes").toString());
        assertFalse(living.path("revision").asText().isBlank());
        assertFalse(living.has("pending"));

        JsonNode office = control(OFFICE_ID);
        assertEquals("thermia-acct-bob", office.path("accountId").asText());
        assertEquals("Office Thermostat", office.path("name").asText());
        assertEquals("[\"heat\",\"eco\",\"off\"]", control(BEDROOM_ID).path("supportedModes").toString());
    }

    // ------------------------------------------------------------------ authentication and paths

    @Test
    void everyCallNeedsTheAccountsBearerToken() throws Exception {
        Reply missing = get("/v1/summary", null);
        assertError(missing, 401, "unauthorized");
        assertEquals("Bearer realm=\"thermia\"", missing.raw().headers().firstValue("WWW-Authenticate").orElse(""));
        assertError(get("/v1/thermostats", "thm_forged"), 401, "unauthorized");
        assertError(put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", "nope", "{\"setpoint\":21}"), 401, "unauthorized");
        assertEquals(20.0, control(LIVING_ROOM_ID).path("setpoint").asDouble());

        assertError(get("/elsewhere", alice), 404, "not_found");
        assertError(get("/v1/nothing", alice), 404, "not_found");
        assertError(get("/v1/thermostats/" + LIVING_ROOM_ID + "/history", alice), 404, "not_found");
        Reply wrongMethod = put("/v1/summary", alice, "{}");
        assertError(wrongMethod, 405, "method_not_allowed");
        assertEquals("GET", wrongMethod.raw().headers().firstValue("Allow").orElse(""));
        assertError(get("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice), 405, "method_not_allowed");
    }

    // ------------------------------------------------------------------ reads

    @Test
    void summaryListsRevisionAndConnectivityOfTheAccountsThermostats() throws Exception {
        Reply reply = get("/v1/summary", alice);
        assertEquals(200, reply.status());
        JsonNode list = reply.body().path("thermostats");
        assertEquals(2, list.size());
        assertEquals(LIVING_ROOM_ID, list.get(0).path("id").asText());
        assertEquals(BEDROOM_ID, list.get(1).path("id").asText());
        assertTrue(list.get(0).path("online").asBoolean());
        assertEquals(control(LIVING_ROOM_ID).path("revision").asText(), list.get(0).path("revision").asText());
        // cheap: no details in the summary
        assertFalse(list.get(0).has("setpoint"));

        JsonNode bobs = get("/v1/summary", bob).body().path("thermostats");
        assertEquals(1, bobs.size());
        assertEquals(OFFICE_ID, bobs.get(0).path("id").asText());
        assertEquals(2, simulator.summaryCalls());
        assertEquals(0, simulator.detailCalls());
    }

    @Test
    void detailsDescribeTheThermostat() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode living = details(LIVING_ROOM_ID);
        assertEquals(LIVING_ROOM_ID, living.path("id").asText());
        assertEquals("Living Room Thermostat", living.path("name").asText());
        assertEquals("Thermia Sense 2", living.path("model").asText());
        assertTrue(living.path("online").asBoolean());
        assertEquals("heat", living.path("mode").asText());
        assertEquals(20.0, living.path("setpoint").asDouble());
        assertEquals(19.5, living.path("ambient").asDouble());
        assertEquals(7.0, living.path("setpoint_range").path("min").asDouble());
        assertEquals(30.0, living.path("setpoint_range").path("max").asDouble());
        assertEquals("[\"heat\",\"cool\",\"auto\",\"eco\",\"off\"]", living.path("supported_modes").toString());
        assertTrue(Instant.parse(living.path("updated_at").asText()).isAfter(before));
        assertEquals(control(LIVING_ROOM_ID).path("revision").asText(), living.path("revision").asText());

        JsonNode all = get("/v1/thermostats", alice).body().path("thermostats");
        assertEquals(2, all.size());
        assertEquals("Bedroom Thermostat", all.get(1).path("name").asText());
        assertEquals("eco", all.get(1).path("mode").asText());

        // ?ids= selects (unknown and foreign ids are skipped)
        JsonNode some = get("/v1/thermostats?ids=" + BEDROOM_ID + ",th-gone," + OFFICE_ID, alice).body().path("thermostats");
        assertEquals(1, some.size());
        assertEquals(BEDROOM_ID, some.get(0).path("id").asText());
        assertEquals(0, get("/v1/thermostats?ids=th-gone", alice).body().path("thermostats").size());
        assertError(get("/v1/thermostats?ids=", alice), 400, "bad_request");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ThermiaCloudSimulator.MAX_IDS_PER_REQUEST; i++) {
            many.add("th-" + i);
        }
        assertError(get("/v1/thermostats?ids=" + String.join(",", many), alice), 400, "bad_request");

        assertError(get("/v1/thermostats/" + OFFICE_ID, alice), 404, "not_found");
        assertError(get("/v1/thermostats/th-gone", alice), 404, "not_found");

        assertEquals(2, simulator.detailFetches(LIVING_ROOM_ID));
        assertEquals(2, simulator.detailFetches(BEDROOM_ID));
        assertEquals(0, simulator.detailFetches(OFFICE_ID));
        assertEquals(8, simulator.detailCalls());
    }

    // ------------------------------------------------------------------ commands

    @Test
    void aSetpointIsAcceptedAndAppliedAfterTheDelay() throws Exception {
        simulator.setApplyDelay(Duration.ofMillis(600)); // room for the "not yet" checks on a slow machine
        String revision = details(LIVING_ROOM_ID).path("revision").asText();
        long sent = System.nanoTime();
        Reply accepted = put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":21.46}");
        assertEquals(202, accepted.status(), accepted.body().toString());
        String requestId = accepted.body().path("request_id").asText();
        assertTrue(requestId.startsWith("req_"), requestId);
        assertEquals(LIVING_ROOM_ID, accepted.body().path("thermostat_id").asText());
        assertEquals("accepted", accepted.body().path("status").asText());

        // not yet applied: the API still reports the old setpoint and revision; the control view shows it pending
        JsonNode now = details(LIVING_ROOM_ID);
        assertEquals(20.0, now.path("setpoint").asDouble());
        assertEquals(revision, now.path("revision").asText());
        JsonNode pending = control(LIVING_ROOM_ID).path("pending");
        assertEquals(1, pending.size());
        assertEquals(requestId, pending.get(0).path("requestId").asText());
        assertEquals("setpoint", pending.get(0).path("field").asText());
        assertEquals(21.5, pending.get(0).path("value").asDouble(), "rounded to one decimal");

        await("the setpoint to apply", () -> control(LIVING_ROOM_ID).path("setpoint").asDouble() == 21.5);
        long tookMs = Duration.ofNanos(System.nanoTime() - sent).toMillis();
        assertTrue(tookMs >= 600, "applied after " + tookMs + " ms");
        simulator.setApplyDelay(APPLY_DELAY);
        JsonNode after = details(LIVING_ROOM_ID);
        assertEquals(21.5, after.path("setpoint").asDouble());
        assertNotEquals(revision, after.path("revision").asText(), "an applied change bumps the revision");
        assertFalse(control(LIVING_ROOM_ID).has("pending"));
        assertEquals(1, simulator.appliedChanges());
        assertEquals(1, simulator.commandCalls());

        // the range bounds themselves are valid
        assertEquals(202, put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":7}").status());
        assertEquals(202, put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":30.04}").status());
        await("both to apply", () -> simulator.appliedChanges() == 3);
        assertEquals(30.0, details(LIVING_ROOM_ID).path("setpoint").asDouble(), "applied in acceptance order");

        // a burst of changes: the last accepted wins
        for (int i = 0; i < 6; i++) {
            assertEquals(202, put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":" + (10 + i) + "}").status());
        }
        await("the burst to apply", () -> simulator.appliedChanges() == 9);
        assertEquals(15.0, details(LIVING_ROOM_ID).path("setpoint").asDouble());
    }

    @Test
    void aModeIsAcceptedAndAppliedAfterTheDelay() throws Exception {
        simulator.setApplyDelay(Duration.ofMillis(600));
        Reply accepted = put("/v1/thermostats/" + BEDROOM_ID + "/mode", alice, "{\"mode\":\"heat\"}");
        assertEquals(202, accepted.status());
        assertEquals("eco", details(BEDROOM_ID).path("mode").asText());
        await("the mode to apply", () -> control(BEDROOM_ID).path("mode").asText().equals("heat"));
        assertEquals("heat", details(BEDROOM_ID).path("mode").asText());
        assertEquals(17.0, details(BEDROOM_ID).path("setpoint").asDouble(), "the setpoint is untouched");
    }

    @Test
    void invalidCommandsAreRefusedAndChangeNothing() throws Exception {
        String setpoint = "/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint";
        Reply high = put(setpoint, alice, "{\"setpoint\":35}");
        assertError(high, 422, "setpoint_out_of_range");
        assertEquals(7.0, high.body().path("min").asDouble());
        assertEquals(30.0, high.body().path("max").asDouble());
        assertEquals(LIVING_ROOM_ID, high.body().path("thermostat_id").asText());
        Reply low = put("/v1/thermostats/" + BEDROOM_ID + "/setpoint", alice, "{\"setpoint\":4.94}");
        assertError(low, 422, "setpoint_out_of_range");
        assertEquals(5.0, low.body().path("min").asDouble());
        assertEquals(25.0, low.body().path("max").asDouble());

        Reply mode = put("/v1/thermostats/" + BEDROOM_ID + "/mode", alice, "{\"mode\":\"cool\"}");
        assertError(mode, 422, "unsupported_mode");
        assertEquals("[\"heat\",\"eco\",\"off\"]", mode.body().path("supported_modes").toString());
        assertError(put("/v1/thermostats/" + LIVING_ROOM_ID + "/mode", alice, "{\"mode\":\"turbo\"}"), 422, "unsupported_mode");

        for (String body : List.of("not json", "[]", "{}", "{\"setpoint\":null}", "{\"setpoint\":\"21\"}",
                "{\"setpoint\":21,\"mode\":\"heat\"}", "{\"temperature\":21}")) {
            assertError(put(setpoint, alice, body), 400, "bad_request");
        }
        assertError(put("/v1/thermostats/" + LIVING_ROOM_ID + "/mode", alice, "{\"mode\":1}"), 400, "bad_request");
        assertError(put("/v1/thermostats/th-gone/setpoint", alice, "{\"setpoint\":21}"), 404, "not_found");
        assertError(put("/v1/thermostats/" + OFFICE_ID + "/setpoint", alice, "{\"setpoint\":21}"), 404, "not_found");

        Thread.sleep(APPLY_DELAY.toMillis() + 100);
        assertEquals(0, simulator.acceptedCommands());
        assertEquals(20.0, control(LIVING_ROOM_ID).path("setpoint").asDouble());
        assertEquals("eco", control(BEDROOM_ID).path("mode").asText());
        assertEquals("heat", control(LIVING_ROOM_ID).path("mode").asText());
    }

    @Test
    void anOfflineThermostatRefusesCommandsWith409() throws Exception {
        simulator.changeDeviceState(LIVING_ROOM_ID, JSON.readTree("{\"online\":false}"));
        Reply offline = put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":22}");
        assertError(offline, 409, "thermostat_offline");
        Instant lastSeen = Instant.parse(offline.body().path("last_seen_at").asText());
        assertTrue(lastSeen.isBefore(Instant.now().plusSeconds(1)));
        assertError(put("/v1/thermostats/" + LIVING_ROOM_ID + "/mode", alice, "{\"mode\":\"cool\"}"), 409, "thermostat_offline");
        // validation comes first
        assertError(put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":99}"), 422, "setpoint_out_of_range");

        JsonNode summary = get("/v1/summary", alice).body().path("thermostats").get(0);
        assertFalse(summary.path("online").asBoolean());
        JsonNode details = details(LIVING_ROOM_ID);
        assertFalse(details.path("online").asBoolean());
        assertEquals(20.0, details.path("setpoint").asDouble(), "last known values");
        assertEquals(lastSeen, Instant.parse(details.path("updated_at").asText()), "updated_at is when it was last heard from");
    }

    @Test
    void aChangeThatFallsDueWhileOfflineIsDiscarded() throws Exception {
        simulator.setApplyDelay(Duration.ofMillis(600));
        assertEquals(202, put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":25}").status());
        simulator.changeDeviceState(LIVING_ROOM_ID, JSON.readTree("{\"online\":false}"));
        await("the change to be discarded", () -> simulator.discardedChanges() == 1);
        simulator.changeDeviceState(LIVING_ROOM_ID, JSON.readTree("{\"online\":true}"));
        assertEquals(20.0, details(LIVING_ROOM_ID).path("setpoint").asDouble());
        assertEquals(0, simulator.appliedChanges());
    }

    @Test
    void droppedCommandsAreAcceptedButNeverApplied() throws Exception {
        simulator.setFaults(new FaultSpec(0.0, 0, 0, true));
        Reply accepted = put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":23}");
        assertEquals(202, accepted.status());
        assertFalse(accepted.body().path("request_id").asText().isBlank());
        assertEquals(202, put("/v1/thermostats/" + LIVING_ROOM_ID + "/mode", alice, "{\"mode\":\"cool\"}").status());
        // validation still applies
        assertError(put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":31}"), 422, "setpoint_out_of_range");
        Thread.sleep(APPLY_DELAY.toMillis() * 3);
        JsonNode living = details(LIVING_ROOM_ID);
        assertEquals(20.0, living.path("setpoint").asDouble());
        assertEquals("heat", living.path("mode").asText());
        assertEquals(2, simulator.droppedCommands());
        assertEquals(0, simulator.appliedChanges());
        assertFalse(control(LIVING_ROOM_ID).has("pending"));

        simulator.clearFaults();
        assertEquals(202, put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":23}").status());
        await("the setpoint to apply", () -> control(LIVING_ROOM_ID).path("setpoint").asDouble() == 23.0);
    }

    @Test
    void theApplyDelayIsConfigurable() throws Exception {
        simulator.setApplyDelay(Duration.ofMillis(900));
        long sent = System.nanoTime();
        assertEquals(202, put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":24}").status());
        Thread.sleep(400);
        assertEquals(20.0, control(LIVING_ROOM_ID).path("setpoint").asDouble());
        await("the setpoint to apply", () -> control(LIVING_ROOM_ID).path("setpoint").asDouble() == 24.0);
        assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() >= 880);
    }

    // ------------------------------------------------------------------ the world

    @Test
    void changeDeviceStateSimulatesTheWorldAndBumpsTheRevision() throws Exception {
        String r0 = details(LIVING_ROOM_ID).path("revision").asText();
        simulator.changeDeviceState(LIVING_ROOM_ID, JSON.readTree("{\"ambient\":22.46}"));
        JsonNode warmer = details(LIVING_ROOM_ID);
        assertEquals(22.5, warmer.path("ambient").asDouble());
        String r1 = warmer.path("revision").asText();
        assertNotEquals(r0, r1);

        simulator.changeDeviceState(LIVING_ROOM_ID, JSON.readTree("{\"setpoint\":18,\"mode\":\"off\"}"));
        JsonNode wall = details(LIVING_ROOM_ID);
        assertEquals(18.0, wall.path("setpoint").asDouble());
        assertEquals("off", wall.path("mode").asText());
        String r2 = wall.path("revision").asText();
        assertNotEquals(r1, r2);

        simulator.changeDeviceState(LIVING_ROOM_ID, JSON.readTree("{\"online\":false}"));
        JsonNode summary = get("/v1/summary", alice).body().path("thermostats").get(0);
        assertFalse(summary.path("online").asBoolean());
        assertNotEquals(r2, summary.path("revision").asText());
        // the other thermostat is untouched
        assertEquals(control(BEDROOM_ID).path("revision").asText(),
                get("/v1/summary", alice).body().path("thermostats").get(1).path("revision").asText());

        String before = control(LIVING_ROOM_ID).toString();
        for (String bad : List.of("{}", "{\"ambient\":\"warm\"}", "{\"ambient\":99}", "{\"setpoint\":31}",
                "{\"setpoint\":21,\"mode\":\"cool\",\"volume\":3}", "{\"online\":\"no\"}")) {
            assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState(LIVING_ROOM_ID, JSON.readTree(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> simulator.changeDeviceState(BEDROOM_ID, JSON.readTree("{\"mode\":\"cool\"}")), "unsupported mode");
        assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState("th-gone", JSON.readTree("{\"online\":true}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState(LIVING_ROOM_ID, null));
        assertEquals(before.replaceAll("\"updatedAt\":\"[^\"]*\"", ""),
                control(LIVING_ROOM_ID).toString().replaceAll("\"updatedAt\":\"[^\"]*\"", ""), "all or nothing");
    }

    // ------------------------------------------------------------------ faults

    @Test
    void injectedFaultsAnswerWithTheDocumentedErrors() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        assertError(get("/v1/summary", alice), 503, "unavailable");
        assertError(put("/v1/thermostats/" + LIVING_ROOM_ID + "/setpoint", alice, "{\"setpoint\":22}"), 503, "unavailable");
        assertError(get("/v1/summary", null), 503, "unavailable"); // decided before authentication

        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        Reply limited = get("/v1/thermostats", alice);
        assertError(limited, 429, "rate_limited");
        assertEquals("1", limited.raw().headers().firstValue("Retry-After").orElse(""));

        simulator.setFaults(new FaultSpec(1.0, 500, 300));
        long started = System.nanoTime();
        assertError(get("/v1/summary", alice), 500, "internal_error");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 280);

        simulator.clearFaults();
        Thread.sleep(APPLY_DELAY.toMillis() + 100);
        assertEquals(20.0, details(LIVING_ROOM_ID).path("setpoint").asDouble(), "a faulted command changes nothing");
        assertEquals(3, simulator.summaryCalls());
        assertEquals(1, simulator.commandCalls());
    }

    @Test
    void aHangingFaultNeverAnswers() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/summary"))
                .timeout(Duration.ofMillis(400)).header("Authorization", "Bearer " + alice).GET().build();
        assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        simulator.clearFaults();
        assertEquals(200, get("/v1/summary", alice).status());
    }

    @Test
    void partialFailureRatesFailSomeCalls() throws Exception {
        simulator.setFaults(new FaultSpec(0.5, 502, 0));
        int failed = 0;
        for (int i = 0; i < 60; i++) {
            int status = get("/v1/summary", alice).status();
            assertTrue(status == 200 || status == 502, "status " + status);
            if (status == 502) {
                failed++;
            }
        }
        assertTrue(failed > 5 && failed < 55, failed + " of 60 failed");
    }
}
