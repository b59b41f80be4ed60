package dev.homewire.simulator.lumio;

import static dev.homewire.simulator.lumio.LumioCloudSimulator.DESK_PLUG_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.GARAGE_LIGHT_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.HALLWAY_LIGHT_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.KITCHEN_LIGHT_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.LIVING_ROOM_LAMP_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LumioCloudSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LumioCloudSimulator simulator;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        simulator = new LumioCloudSimulator();
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
        return new Reply(response.statusCode(), body, response);
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ SPI surface

    @Test
    void isFoundThroughServiceLoaderAndPointsTheAdapterAtItself() {
        VendorCloudSimulatorFactory factory = ServiceLoader.load(VendorCloudSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.adapterId().equals("lumio")).findFirst().orElseThrow();
        try (VendorCloudSimulator other = factory.create()) {
            assertInstanceOf(LumioCloudSimulator.class, other);
            assertThrows(IllegalStateException.class, other::baseUrl);
            other.start(0);
            assertEquals("127.0.0.1", other.baseUrl().getHost());
            assertEquals(other.baseUrl().toString(), other.adapterSettings().get("BASE_URL"));
            assertThrows(IllegalStateException.class, () -> other.start(0));
        }
        assertEquals("lumio", simulator.adapterId());
    }

    @Test
    void seedsTwoDemoAccountsWithDistinctRandomTokens() {
        List<VendorCloudSimulator.DemoAccount> accounts = simulator.demoAccounts();
        assertEquals(List.of("alice", "bob"), accounts.stream().map(VendorCloudSimulator.DemoAccount::demoUser).toList());
        assertEquals(List.of("lumio-acct-alice", "lumio-acct-bob"),
                accounts.stream().map(VendorCloudSimulator.DemoAccount::accountId).toList());
        assertFalse(alice.equals(bob));
        try (LumioCloudSimulator another = new LumioCloudSimulator()) {
            assertFalse(another.demoAccounts().get(0).credentials().get("accessToken").equals(alice));
        }
    }

    @Test
    void devicesListsEveryDeviceOfEveryAccount() {
        JsonNode devices = simulator.devices();
        assertEquals(5, devices.size());
        for (JsonNode device : devices) {
            for (String field : List.of("deviceId", "accountId", "name", "online", "on", "seenAt")) {
                assertTrue(device.has(field), field + " in " + device);
            }
        }
        JsonNode kitchen = control(KITCHEN_LIGHT_ID);
        assertEquals("Kitchen Light", kitchen.path("name").asText());
        assertEquals("lumio-acct-alice", kitchen.path("accountId").asText());
        assertEquals(2200, kitchen.path("kelvinRange").path("min").asInt());
        assertFalse(control(GARAGE_LIGHT_ID).path("online").asBoolean());
        assertEquals("lumio-acct-bob", control(LIVING_ROOM_LAMP_ID).path("accountId").asText());
        assertFalse(control(DESK_PLUG_ID).has("brightness"));
    }

    // ------------------------------------------------------------------ auth and reading

    @Test
    void rejectsMissingAndUnknownTokens() throws Exception {
        Reply missing = get("/v1/devices", null);
        assertEquals(401, missing.status());
        assertEquals("unauthorized", missing.body().path("error").asText());
        assertTrue(missing.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        Reply unknown = get("/v1/devices", "lmo_not-a-token");
        assertEquals(401, unknown.status());

        Reply wrongScheme = send(HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/devices"))
                .header("Authorization", "Basic " + alice).build());
        assertEquals(401, wrongScheme.status());
    }

    @Test
    void listsOnlyTheAccountsOwnDevices() throws Exception {
        Reply aliceDevices = get("/v1/devices", alice);
        assertEquals(200, aliceDevices.status());
        assertEquals(List.of(KITCHEN_LIGHT_ID, HALLWAY_LIGHT_ID, DESK_PLUG_ID, GARAGE_LIGHT_ID),
                StreamSupport.stream(aliceDevices.body().spliterator(), false).map(d -> d.path("id").asText()).toList());

        JsonNode kitchen = aliceDevices.body().get(0);
        assertEquals("light", kitchen.path("type").asText());
        assertEquals("Lumio Color A19", kitchen.path("model").asText());
        assertTrue(kitchen.path("connected").asBoolean());
        assertEquals(List.of("power", "brightness", "color", "color_temperature"),
                StreamSupport.stream(kitchen.path("capabilities").spliterator(), false).map(JsonNode::asText).toList());
        assertEquals(6500, kitchen.path("kelvin_range").path("max").asInt());
        assertEquals("on", kitchen.path("state").path("power").asText());
        assertEquals(80, kitchen.path("state").path("brightness").asInt());
        assertEquals("white", kitchen.path("state").path("color_mode").asText());
        assertEquals(2700, kitchen.path("state").path("kelvin").asInt());

        JsonNode plug = aliceDevices.body().get(2);
        assertEquals("plug", plug.path("type").asText());
        assertEquals(1, plug.path("state").size());
        assertFalse(plug.has("kelvin_range"));

        Reply bobDevices = get("/v1/devices", bob);
        assertEquals(1, bobDevices.body().size());
        assertEquals(LIVING_ROOM_LAMP_ID, bobDevices.body().get(0).path("id").asText());

        assertEquals(404, get("/v1/devices/id:" + KITCHEN_LIGHT_ID, bob).status());
    }

    @Test
    void getsDevicesBySelectorIncludingOfflineOnes() throws Exception {
        Reply hallway = get("/v1/devices/id:" + HALLWAY_LIGHT_ID, alice);
        assertEquals(200, hallway.status());
        assertEquals(1, hallway.body().size());
        assertEquals("off", hallway.body().get(0).path("state").path("power").asText());

        Reply garage = get("/v1/devices/id:" + GARAGE_LIGHT_ID, alice);
        assertEquals(200, garage.status());
        JsonNode offline = garage.body().get(0);
        assertFalse(offline.path("connected").asBoolean());
        assertEquals(100, offline.path("state").path("brightness").asInt());
        assertTrue(Instant.parse(offline.path("seen_at").asText()).isBefore(Instant.now().minus(Duration.ofMinutes(90))));

        assertEquals(2, get("/v1/devices/id:" + KITCHEN_LIGHT_ID + "," + DESK_PLUG_ID, alice).body().size());
        assertEquals(KITCHEN_LIGHT_ID, get("/v1/devices/label:kitchen%20light", alice).body().get(0).path("id").asText());
        assertEquals(4, get("/v1/devices/all", alice).body().size());

        Reply unknown = get("/v1/devices/id:lm-nope", alice);
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.body().path("error").asText());
        assertEquals(400, get("/v1/devices/bogus", alice).status());
        assertEquals(404, get("/v2/things", alice).status());
        Reply wrongMethod = put("/v1/devices/id:" + KITCHEN_LIGHT_ID, alice, "{}");
        assertEquals(405, wrongMethod.status());
        assertEquals("GET", wrongMethod.raw().headers().firstValue("Allow").orElse(""));
    }

    // ------------------------------------------------------------------ commands

    @Test
    void putAnswersTheResultingStatePerDevice() throws Exception {
        Reply reply = put("/v1/devices/id:" + KITCHEN_LIGHT_ID + "/state", alice, "{\"power\":\"off\",\"brightness\":30}");
        assertEquals(207, reply.status());
        JsonNode results = reply.body().path("results");
        assertEquals(1, results.size());
        JsonNode result = results.get(0);
        assertEquals(KITCHEN_LIGHT_ID, result.path("id").asText());
        assertEquals("Kitchen Light", result.path("label").asText());
        assertEquals("ok", result.path("status").asText());
        Instant.parse(result.path("seen_at").asText());
        assertEquals("off", result.path("state").path("power").asText());
        assertEquals(30, result.path("state").path("brightness").asInt());
        assertEquals(2700, result.path("state").path("kelvin").asInt());

        assertFalse(control(KITCHEN_LIGHT_ID).path("on").asBoolean());
        assertEquals(30, control(KITCHEN_LIGHT_ID).path("brightness").asInt());
        assertEquals(1, simulator.commandCalls());
    }

    @Test
    void colourAndKelvinSwitchTheColourMode() throws Exception {
        JsonNode colour = put("/v1/devices/id:" + KITCHEN_LIGHT_ID + "/state", alice,
                "{\"color\":{\"hue\":120.456,\"saturation\":71.38}}").body().path("results").get(0).path("state");
        assertEquals("color", colour.path("color_mode").asText());
        assertEquals(120.46, colour.path("color").path("hue").asDouble());
        assertEquals(71.38, colour.path("color").path("saturation").asDouble());

        JsonNode white = put("/v1/devices/id:" + KITCHEN_LIGHT_ID + "/state", alice, "{\"kelvin\":5000}")
                .body().path("results").get(0).path("state");
        assertEquals("white", white.path("color_mode").asText());
        assertEquals(5000, white.path("kelvin").asInt());
        assertEquals(120.46, white.path("color").path("hue").asDouble());
    }

    @Test
    void offlineDevicesAreReportedAndLeftUnchanged() throws Exception {
        Reply reply = put("/v1/devices/id:" + KITCHEN_LIGHT_ID + "," + GARAGE_LIGHT_ID + "/state", alice, "{\"power\":\"on\"}");
        assertEquals(207, reply.status());
        JsonNode results = reply.body().path("results");
        assertEquals(2, results.size());
        assertEquals("ok", results.get(0).path("status").asText());
        JsonNode garage = results.get(1);
        assertEquals(GARAGE_LIGHT_ID, garage.path("id").asText());
        assertEquals("offline", garage.path("status").asText());
        assertFalse(garage.has("state"));
        assertFalse(control(GARAGE_LIGHT_ID).path("on").asBoolean());
    }

    @Test
    void multiDeviceSelectorsApplyWhatEachDeviceSupports() throws Exception {
        JsonNode results = put("/v1/devices/all/state", alice, "{\"brightness\":55}").body().path("results");
        assertEquals(4, results.size());
        assertEquals(55, control(KITCHEN_LIGHT_ID).path("brightness").asInt());
        assertEquals(55, control(HALLWAY_LIGHT_ID).path("brightness").asInt());
        assertEquals("ok", results.get(2).path("status").asText());
        assertFalse(results.get(2).path("state").has("brightness"));
        assertEquals(100, control(GARAGE_LIGHT_ID).path("brightness").asInt());
    }

    @Test
    void validatesValuesWithTheValidRange() throws Exception {
        String kitchen = "/v1/devices/id:" + KITCHEN_LIGHT_ID + "/state";

        JsonNode kelvin = put(kitchen, alice, "{\"kelvin\":9000}").body();
        assertEquals("value_out_of_range", kelvin.path("error").asText());
        assertEquals("kelvin", kelvin.path("field").asText());
        assertEquals(2200, kelvin.path("min").asInt());
        assertEquals(6500, kelvin.path("max").asInt());
        assertEquals(KITCHEN_LIGHT_ID, kelvin.path("device_id").asText());

        Reply brightness = put(kitchen, alice, "{\"brightness\":150}");
        assertEquals(422, brightness.status());
        assertEquals(0, brightness.body().path("min").asInt());
        assertEquals(100, brightness.body().path("max").asInt());

        Reply hue = put(kitchen, alice, "{\"color\":{\"hue\":400}}");
        assertEquals(422, hue.status());
        assertEquals(360.0, hue.body().path("max").asDouble());

        Reply saturation = put(kitchen, alice, "{\"color\":{\"saturation\":-1}}");
        assertEquals(422, saturation.status());

        Reply hallwayKelvin = put("/v1/devices/id:" + HALLWAY_LIGHT_ID + "/state", alice, "{\"kelvin\":2200}");
        assertEquals(422, hallwayKelvin.status());
        assertEquals(2700, hallwayKelvin.body().path("min").asInt());

        Reply unsupported = put("/v1/devices/id:" + DESK_PLUG_ID + "/state", alice, "{\"brightness\":50}");
        assertEquals(422, unsupported.status());
        assertEquals("unsupported_property", unsupported.body().path("error").asText());
        assertEquals("brightness", unsupported.body().path("field").asText());

        // Nothing changed by any refused request.
        assertEquals(80, control(KITCHEN_LIGHT_ID).path("brightness").asInt());
        assertEquals(2700, control(KITCHEN_LIGHT_ID).path("kelvin").asInt());
    }

    @Test
    void refusesMalformedRequests() throws Exception {
        String kitchen = "/v1/devices/id:" + KITCHEN_LIGHT_ID + "/state";
        for (String body : List.of("not json", "[]", "{}", "{\"power\":true}", "{\"power\":\"dim\"}",
                "{\"brightness\":\"50\"}", "{\"brightness\":50.5}", "{\"volume\":3}", "{\"color\":{\"hue\":1,\"x\":2}}",
                "{\"color\":{\"hue\":10},\"kelvin\":3000}")) {
            Reply reply = put(kitchen, alice, body);
            assertEquals(400, reply.status(), body);
            assertEquals("bad_request", reply.body().path("error").asText(), body);
        }
        assertEquals(404, put("/v1/devices/id:lm-nope/state", alice, "{\"power\":\"on\"}").status());
        assertEquals(401, put(kitchen, "wrong", "{\"power\":\"on\"}").status());
    }

    // ------------------------------------------------------------------ physical changes

    @Test
    void changeDeviceStateActsLikeSomeoneAtTheDevice() throws Exception {
        simulator.changeDeviceState(KITCHEN_LIGHT_ID, JSON.readTree("{\"on\":false}"));
        assertEquals("off", get("/v1/devices/id:" + KITCHEN_LIGHT_ID, alice).body().get(0).path("state").path("power").asText());

        simulator.changeDeviceState(HALLWAY_LIGHT_ID, JSON.readTree("{\"brightness\":30,\"kelvin\":6000}"));
        JsonNode hallway = get("/v1/devices/id:" + HALLWAY_LIGHT_ID, alice).body().get(0).path("state");
        assertEquals(30, hallway.path("brightness").asInt());
        assertEquals(6000, hallway.path("kelvin").asInt());

        simulator.changeDeviceState(KITCHEN_LIGHT_ID, JSON.readTree("{\"online\":false}"));
        JsonNode result = put("/v1/devices/id:" + KITCHEN_LIGHT_ID + "/state", alice, "{\"power\":\"on\"}")
                .body().path("results").get(0);
        assertEquals("offline", result.path("status").asText());
        assertFalse(get("/v1/devices/id:" + KITCHEN_LIGHT_ID, alice).body().get(0).path("connected").asBoolean());

        simulator.changeDeviceState(GARAGE_LIGHT_ID, JSON.readTree("{\"online\":true}"));
        assertEquals("ok", put("/v1/devices/id:" + GARAGE_LIGHT_ID + "/state", alice, "{\"power\":\"on\"}")
                .body().path("results").get(0).path("status").asText());
    }

    @Test
    void changeDeviceStateRefusesBadValues() throws Exception {
        for (String bad : List.of("{\"brightness\":101}", "{\"on\":\"yes\"}", "{\"kelvin\":9000}", "{\"hue\":-1}",
                "{\"colour\":1}", "{}", "[]", "{\"hue\":10,\"kelvin\":3000}")) {
            assertThrows(IllegalArgumentException.class,
                    () -> simulator.changeDeviceState(KITCHEN_LIGHT_ID, JSON.readTree(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> simulator.changeDeviceState(DESK_PLUG_ID, JSON.readTree("{\"brightness\":50}")));
        assertThrows(IllegalArgumentException.class,
                () -> simulator.changeDeviceState("lm-nope", JSON.readTree("{\"on\":true}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState(KITCHEN_LIGHT_ID, null));
        // all-or-nothing: the valid part of a refused change was not applied
        assertThrows(IllegalArgumentException.class,
                () -> simulator.changeDeviceState(KITCHEN_LIGHT_ID, JSON.readTree("{\"on\":false,\"brightness\":500}")));
        assertTrue(control(KITCHEN_LIGHT_ID).path("on").asBoolean());
    }

    // ------------------------------------------------------------------ faults

    @Test
    void injectedStatusAnswersWithTheDocumentedBody() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        Reply unavailable = get("/v1/devices", alice);
        assertEquals(503, unavailable.status());
        assertEquals("unavailable", unavailable.body().path("error").asText());
        assertEquals(503, put("/v1/devices/id:" + KITCHEN_LIGHT_ID + "/state", alice, "{\"power\":\"off\"}").status());
        assertTrue(control(KITCHEN_LIGHT_ID).path("on").asBoolean(), "a failed call changes nothing");

        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        Reply limited = get("/v1/devices", alice);
        assertEquals(429, limited.status());
        assertEquals("rate_limited", limited.body().path("error").asText());
        assertEquals("1", limited.raw().headers().firstValue("Retry-After").orElse(""));

        simulator.clearFaults();
        assertEquals(200, get("/v1/devices", alice).status());
        assertEquals(4, simulator.totalCalls());
        assertEquals(3, simulator.queryCalls());
        assertEquals(1, simulator.commandCalls());
    }

    @Test
    void injectedLatencyDelaysTheFailure() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 500, 300));
        long started = System.nanoTime();
        Reply reply = get("/v1/devices", alice);
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(500, reply.status());
        assertTrue(elapsedMs >= 290, "answered after " + elapsedMs + " ms");
    }

    @Test
    void partialFailureRateFailsSomeCalls() throws Exception {
        simulator.setFaults(new FaultSpec(0.5, 503, 0));
        int failed = 0;
        for (int i = 0; i < 40; i++) {
            if (get("/v1/devices", alice).status() == 503) {
                failed++;
            }
        }
        assertTrue(failed > 0 && failed < 40, failed + " of 40 failed");
    }

    @Test
    void statusZeroNeverAnswersAndCloseDoesNotHang() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/devices"))
                .header("Authorization", "Bearer " + alice).timeout(Duration.ofMillis(300)).build();
        assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        // one more pending exchange, then close while both hang
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(100);
        long started = System.nanoTime();
        simulator.close();
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(elapsedMs < 2000, "close took " + elapsedMs + " ms");
    }

    @Test
    void servesConcurrentClients() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 8; i++) {
            int brightness = 10 + i;
            Thread thread = new Thread(() -> {
                try {
                    if (put("/v1/devices/id:" + HALLWAY_LIGHT_ID + "/state", alice, "{\"brightness\":" + brightness + "}").status() == 207) {
                        ok.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(8, ok.get());
        assertEquals(8, simulator.commandCalls());
    }
}
