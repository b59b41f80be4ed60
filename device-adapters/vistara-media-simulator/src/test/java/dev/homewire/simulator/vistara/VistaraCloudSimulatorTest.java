package dev.homewire.simulator.vistara;

import static dev.homewire.simulator.vistara.VistaraCloudSimulator.BEDROOM_TV_ID;
import static dev.homewire.simulator.vistara.VistaraCloudSimulator.KITCHEN_TV_ID;
import static dev.homewire.simulator.vistara.VistaraCloudSimulator.LIVING_ROOM_TV_ID;
import static dev.homewire.simulator.vistara.VistaraCloudSimulator.SOUND_BAR_ID;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The simulated Vistara API over real HTTP: what the API document promises, status codes and error bodies included. */
class VistaraCloudSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private VistaraCloudSimulator cloud;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        cloud = new VistaraCloudSimulator();
        cloud.start(0);
        alice = tokenOf("alice");
        bob = tokenOf("bob");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private String tokenOf(String demoUser) {
        return cloud.demoAccounts().stream().filter(a -> a.demoUser().equals(demoUser)).findFirst().orElseThrow()
                .credentials().get("accessToken");
    }

    /** An answer: status, body (null when empty) and the raw response for headers. */
    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String error() {
            return body.path("error").asText();
        }

        JsonNode state() {
            return body.path("device").path("state");
        }
    }

    private Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUrl().resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()), response);
    }

    private Answer get(String path) throws Exception {
        return call("GET", path, alice, null);
    }

    /** {@code POST /v2/devices/{id}/commands} with alice's token. */
    private Answer command(String deviceId, String body) throws Exception {
        return call("POST", "/v2/devices/" + deviceId + "/commands", alice, body);
    }

    private JsonNode okState(String deviceId, String body) throws Exception {
        Answer answer = command(deviceId, body);
        assertEquals(200, answer.status(), body + " → " + answer.body());
        return answer.state();
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(cloud.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    private void physically(String deviceId, String change) throws Exception {
        cloud.changeDeviceState(deviceId, JSON.readTree(change));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    // ------------------------------------------------------------------ SPI surface

    @Test
    void isFoundThroughServiceLoaderWithRandomTokensPerInstance() {
        VendorCloudSimulatorFactory factory = ServiceLoader.load(VendorCloudSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.adapterId().equals("vistara")).findFirst().orElseThrow();
        try (VendorCloudSimulator other = factory.create()) {
            assertInstanceOf(VistaraCloudSimulator.class, other);
            other.start(0);
            assertEquals(other.baseUrl().toString(), other.adapterSettings().get("BASE_URL"));
            assertNotEquals(alice, other.demoAccounts().get(0).credentials().get("accessToken"));
        }
        assertEquals(List.of("vistara-acct-alice", "vistara-acct-bob"),
                cloud.demoAccounts().stream().map(VendorCloudSimulator.DemoAccount::accountId).toList());
        assertTrue(alice.startsWith("vst_") && bob.startsWith("vst_") && !alice.equals(bob));
    }

    @Test
    void theControlViewShowsWhatTheApiDoesNot() throws Exception {
        assertEquals(4, cloud.devices().size());
        JsonNode bar = control(SOUND_BAR_ID);
        assertEquals(18, bar.path("level").asInt(), "the bar's internal level");
        assertFalse(get("/v2/devices/" + SOUND_BAR_ID).body().path("state").has("volume"), "which the API never reports");
        assertEquals("vistara-acct-bob", control(BEDROOM_TV_ID).path("accountId").asText());
        assertFalse(control(KITCHEN_TV_ID).path("online").asBoolean());
    }

    // ------------------------------------------------------------------ authentication and reading

    @Test
    void refusesCallsWithoutAValidTokenAndHidesOtherAccounts() throws Exception {
        Answer missing = call("GET", "/v2/devices", null, null);
        assertEquals(401, missing.status());
        assertEquals("unauthorized", missing.error());
        assertEquals("Bearer realm=\"vistara\"", missing.raw().headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, call("GET", "/v2/devices", "vst_forged", null).status());
        assertEquals(401, call("POST", "/v2/devices/" + LIVING_ROOM_TV_ID + "/commands", "vst_forged",
                "{\"command\":\"set_power\",\"on\":false}").status());

        assertEquals(404, call("GET", "/v2/devices/" + LIVING_ROOM_TV_ID, bob, null).status(), "alice's TV does not exist for bob");
        assertEquals(404, call("POST", "/v2/devices/" + LIVING_ROOM_TV_ID + "/commands", bob,
                "{\"command\":\"set_power\",\"on\":false}").status());
        assertEquals("not_found", get("/v2/devices/vt-nope").error());
        assertEquals(404, get("/v2/devices/" + LIVING_ROOM_TV_ID + "/apps").status());
        assertEquals(404, get("/v1/devices").status());
        Answer wrongMethod = call("DELETE", "/v2/devices/" + LIVING_ROOM_TV_ID, alice, null);
        assertEquals(405, wrongMethod.status());
        assertEquals("GET", wrongMethod.raw().headers().firstValue("Allow").orElse(""));
        Answer getCommands = get("/v2/devices/" + LIVING_ROOM_TV_ID + "/commands");
        assertEquals(405, getCommands.status());
        assertEquals("POST", getCommands.raw().headers().firstValue("Allow").orElse(""));
        assertTrue(control(LIVING_ROOM_TV_ID).path("on").asBoolean(), "no refused call changed anything");
    }

    @Test
    void listsTheAccountsDevicesWithTheirDescriptionAndState() throws Exception {
        JsonNode list = get("/v2/devices").body().path("devices");
        assertEquals(List.of(LIVING_ROOM_TV_ID, SOUND_BAR_ID, KITCHEN_TV_ID),
                StreamSupport.stream(list.spliterator(), false).map(d -> d.path("id").asText()).toList());

        JsonNode tv = list.get(0);
        assertEquals("Living Room TV", tv.path("name").asText());
        assertEquals("tv", tv.path("type").asText());
        assertEquals("Vistara QX65 OLED", tv.path("model").asText());
        assertTrue(tv.path("connected").asBoolean());
        assertEquals(List.of("power", "volume", "playback", "seek", "channels", "inputs", "apps", "recording", "wake_on_lan"),
                texts(tv.path("features")));
        assertEquals(8, tv.path("playback_actions").size());
        assertEquals("Apple TV", tv.path("inputs").get(0).path("label").asText());
        assertEquals(List.of("2", "4", "7", "11", "13", "1234"), StreamSupport.stream(tv.path("lineup").spliterator(), false)
                .map(c -> c.path("number").asText()).toList());
        assertEquals("02:56:54:1E:7A:01", tv.path("mac_address").asText());
        JsonNode state = tv.path("state");
        assertEquals("on", state.path("power").asText());
        assertEquals(25, state.path("volume").asInt());
        assertEquals("HDMI1", state.path("input").asText());
        assertEquals("KABC", state.path("channel").path("call_sign").asText());
        assertEquals("ABC", state.path("channel").path("affiliate").asText());
        assertEquals("playing", state.path("media").path("status").asText());
        assertEquals(754_000, state.path("media").path("position_ms").asLong());
        assertEquals(2_700_000, state.path("media").path("duration_ms").asLong());
        assertEquals("Netflix", state.path("app").path("name").asText());
        assertFalse(state.path("recording").asBoolean());

        JsonNode bar = list.get(1);
        assertEquals("soundbar", bar.path("type").asText());
        assertEquals(List.of("play", "pause", "previous", "next"), texts(bar.path("playback_actions")));
        assertEquals(List.of("bass", "midrange", "treble"), texts(bar.path("equalizer").path("bands")));
        assertEquals(-6, bar.path("equalizer").path("min").asInt());
        assertEquals(5, bar.path("equalizer").path("modes").size());
        assertEquals(List.of("power", "muted", "input", "media", "equalizer"), iterable(bar.path("state").fieldNames()));
        assertFalse(bar.path("state").path("media").has("position_ms"));
        assertEquals("tv", bar.path("state").path("equalizer").path("mode").asText());

        JsonNode kitchen = get("/v2/devices/" + KITCHEN_TV_ID).body();
        assertFalse(kitchen.path("connected").asBoolean());
        assertTrue(Instant.parse(kitchen.path("last_seen").asText()).isBefore(Instant.now().minus(Duration.ofHours(2))));
        assertTrue(kitchen.path("state").path("app").isNull(), "no app launched: app is null");
        assertFalse(kitchen.has("lineup"));

        JsonNode bedroom = call("GET", "/v2/devices", bob, null).body().path("devices");
        assertEquals(1, bedroom.size());
        assertEquals("KCET", bedroom.get(0).path("state").path("channel").path("call_sign").asText());
        assertEquals(3, cloud.queryCalls());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    // ------------------------------------------------------------------ commands

    @Test
    void aCommandAnswersTheDevicesResultingState() throws Exception {
        Answer answer = command(LIVING_ROOM_TV_ID, "{\"command\":\"set_volume\",\"volume\":30}");
        assertEquals(200, answer.status());
        assertEquals("set_volume", answer.body().path("command").asText());
        assertEquals(LIVING_ROOM_TV_ID, answer.body().path("device").path("id").asText());
        assertEquals(30, answer.state().path("volume").asInt());
        assertEquals("KABC", answer.state().path("channel").path("call_sign").asText(), "the full state, not only what changed");
        assertEquals(30, control(LIVING_ROOM_TV_ID).path("volume").asInt());
        assertEquals(1, cloud.commandCalls());
    }

    @Test
    void volumeMuteAndSteps() throws Exception {
        assertTrue(okState(LIVING_ROOM_TV_ID, "{\"command\":\"set_mute\",\"muted\":true}").path("muted").asBoolean());
        JsonNode louder = okState(LIVING_ROOM_TV_ID, "{\"command\":\"set_volume\",\"volume\":40}");
        assertFalse(louder.path("muted").asBoolean(), "a volume change unmutes");
        assertEquals(37, okState(LIVING_ROOM_TV_ID, "{\"command\":\"step_volume\",\"steps\":-3}").path("volume").asInt());

        JsonNode bar = okState(SOUND_BAR_ID, "{\"command\":\"step_volume\",\"steps\":5}");
        assertFalse(bar.has("volume"));
        assertEquals(23, control(SOUND_BAR_ID).path("level").asInt());
        okState(SOUND_BAR_ID, "{\"command\":\"step_volume\",\"steps\":100}");
        assertEquals(50, control(SOUND_BAR_ID).path("level").asInt(), "the bar's level stops at 50");
        okState(SOUND_BAR_ID, "{\"command\":\"step_volume\",\"steps\":-100}");
        assertEquals(0, control(SOUND_BAR_ID).path("level").asInt());
        assertTrue(okState(SOUND_BAR_ID, "{\"command\":\"set_mute\",\"muted\":true}").path("muted").asBoolean());
    }

    @Test
    void transportControlsMoveThroughTheQueue() throws Exception {
        String tv = LIVING_ROOM_TV_ID;
        assertEquals("paused", okState(tv, "{\"command\":\"playback\",\"action\":\"pause\"}").path("media").path("status").asText());
        JsonNode rewound = okState(tv, "{\"command\":\"playback\",\"action\":\"rewind\"}").path("media");
        assertEquals(744_000, rewound.path("position_ms").asLong(), "rewind jumps 10 s back");
        assertEquals(754_000, okState(tv, "{\"command\":\"playback\",\"action\":\"fast_forward\"}").path("media").path("position_ms").asLong());
        JsonNode next = okState(tv, "{\"command\":\"playback\",\"action\":\"next\"}").path("media");
        assertEquals("Tidewater, Episode 2", next.path("title").asText());
        assertEquals(0, next.path("position_ms").asLong());
        assertEquals("paused", next.path("status").asText(), "skipping keeps the player's status");
        okState(tv, "{\"command\":\"playback\",\"action\":\"next\"}");
        assertEquals("Tidewater, Episode 1", okState(tv, "{\"command\":\"playback\",\"action\":\"next\"}").path("media").path("title").asText(),
                "the queue wraps around");
        assertEquals("Harbor Lights", okState(tv, "{\"command\":\"playback\",\"action\":\"previous\"}").path("media").path("title").asText());
        assertEquals(0, okState(tv, "{\"command\":\"playback\",\"action\":\"rewind\"}").path("media").path("position_ms").asLong());

        JsonNode stopped = okState(tv, "{\"command\":\"playback\",\"action\":\"stop\"}").path("media");
        assertEquals("stopped", stopped.path("status").asText());
        assertEquals("stopped", okState(tv, "{\"command\":\"playback\",\"action\":\"pause\"}").path("media").path("status").asText(),
                "pausing a stopped player does nothing");
        physically(tv, "{\"position_ms\":5000000}");
        JsonNode over = okState(tv, "{\"command\":\"playback\",\"action\":\"start_over\"}").path("media");
        assertEquals("playing", over.path("status").asText());
        assertEquals(0, over.path("position_ms").asLong());
        physically(tv, "{\"position_ms\":5815000}");
        assertEquals(5_820_000, okState(tv, "{\"command\":\"playback\",\"action\":\"fast_forward\"}").path("media").path("position_ms").asLong(),
                "fast-forward stops at the end");

        assertEquals("playing", okState(SOUND_BAR_ID, "{\"command\":\"playback\",\"action\":\"play\"}").path("media").path("status").asText());
        assertEquals("Slow Tide", okState(SOUND_BAR_ID, "{\"command\":\"playback\",\"action\":\"next\"}").path("media").path("title").asText());
        Answer rewindOnBar = command(SOUND_BAR_ID, "{\"command\":\"playback\",\"action\":\"rewind\"}");
        assertEquals(422, rewindOnBar.status());
        assertEquals("invalid_value", rewindOnBar.error());
        assertEquals("action", rewindOnBar.body().path("field").asText());
    }

    @Test
    void seekIsClampedToTheCurrentContent() throws Exception {
        String tv = LIVING_ROOM_TV_ID;
        assertEquals(764_000, okState(tv, "{\"command\":\"seek\",\"delta_ms\":10000}").path("media").path("position_ms").asLong());
        assertEquals(0, okState(tv, "{\"command\":\"seek\",\"delta_ms\":-3600000}").path("media").path("position_ms").asLong());
        assertEquals(2_700_000, okState(tv, "{\"command\":\"seek\",\"delta_ms\":86400000}").path("media").path("position_ms").asLong());
        Answer tooFar = command(tv, "{\"command\":\"seek\",\"delta_ms\":86400001}");
        assertEquals(422, tooFar.status());
        assertEquals("value_out_of_range", tooFar.error());
        assertEquals(86_400_000L, tooFar.body().path("max").asLong());

        okState(tv, "{\"command\":\"playback\",\"action\":\"stop\"}");
        JsonNode fromStop = okState(tv, "{\"command\":\"seek\",\"delta_ms\":60000}").path("media");
        assertEquals(60_000, fromStop.path("position_ms").asLong());
        assertEquals("paused", fromStop.path("status").asText(), "a stopped player seeks into a paused one");
        assertEquals(422, command(SOUND_BAR_ID, "{\"command\":\"seek\",\"delta_ms\":1000}").status(), "a bar cannot seek");
    }

    @Test
    void channelsByNumberCallSignOrAffiliateAndSkippingWraps() throws Exception {
        String tv = LIVING_ROOM_TV_ID;
        JsonNode byNumber = okState(tv, "{\"command\":\"change_channel\",\"number\":\"4\"}");
        assertEquals("KNBC", byNumber.path("channel").path("call_sign").asText());
        assertEquals("TV", byNumber.path("input").asText(), "tuning shows the tuner");
        assertEquals("11", okState(tv, "{\"command\":\"change_channel\",\"call_sign\":\"kttv\"}").path("channel").path("number").asText());
        assertEquals("7", okState(tv, "{\"command\":\"change_channel\",\"call_sign\":\"ABC\"}").path("channel").path("number").asText(),
                "a call sign may name the affiliate");
        assertEquals("13", okState(tv, "{\"command\":\"change_channel\",\"affiliate_call_sign\":\"kcop\"}").path("channel").path("number")
                .asText(), "an affiliate call sign may name the station");
        assertEquals("2", okState(tv, "{\"command\":\"change_channel\",\"affiliate_call_sign\":\"CBS\"}").path("channel").path("number").asText());

        assertEquals("1234", okState(tv, "{\"command\":\"skip_channels\",\"count\":-1}").path("channel").path("number").asText(),
                "down from the first channel wraps to the last");
        assertEquals("2", okState(tv, "{\"command\":\"skip_channels\",\"count\":7}").path("channel").path("number").asText());

        Answer unknown = command(tv, "{\"command\":\"change_channel\",\"number\":\"99\"}");
        assertEquals(422, unknown.status());
        assertEquals("invalid_value", unknown.error());
        assertEquals("channel", unknown.body().path("field").asText());
        assertEquals("28.1", call("POST", "/v2/devices/" + BEDROOM_TV_ID + "/commands", bob,
                "{\"command\":\"change_channel\",\"call_sign\":\"KCET\"}").state().path("channel").path("number").asText());
    }

    @Test
    void inputsAppsAndRecording() throws Exception {
        String tv = LIVING_ROOM_TV_ID;
        assertEquals("HDMI2", okState(tv, "{\"command\":\"select_input\",\"input\":\"hdmi2\"}").path("input").asText());
        assertEquals("BLUETOOTH", okState(SOUND_BAR_ID, "{\"command\":\"select_input\",\"input\":\"BLUETOOTH\"}").path("input").asText());
        Answer noSuchInput = command(tv, "{\"command\":\"select_input\",\"input\":\"HDMI ARC\"}");
        assertEquals(422, noSuchInput.status());
        assertEquals("input", noSuchInput.body().path("field").asText());

        JsonNode app = okState(tv, "{\"command\":\"launch_app\",\"app_id\":\"amzn1.alexa-ask-target.app.72095\"}").path("app");
        assertEquals("amzn1.alexa-ask-target.app.72095", app.path("id").asText());
        assertEquals("Prime Video", app.path("name").asText());
        assertEquals("Home", okState(tv, "{\"command\":\"launch_app\",\"app_id\":\"amzn1.alexa-ask-target.shortcut.33122\"}")
                .path("app").path("name").asText());
        Answer noSuchApp = command(tv, "{\"command\":\"launch_app\",\"app_id\":\"amzn1.alexa-ask-target.app.00000\"}");
        assertEquals(422, noSuchApp.status());
        assertEquals("app_id", noSuchApp.body().path("field").asText());

        assertTrue(okState(tv, "{\"command\":\"set_recording\",\"recording\":true}").path("recording").asBoolean());
        assertFalse(okState(tv, "{\"command\":\"set_recording\",\"recording\":false}").path("recording").asBoolean());
    }

    @Test
    void equalizerBandsAndModesAllOrNothing() throws Exception {
        JsonNode equalizer = okState(SOUND_BAR_ID, "{\"command\":\"set_equalizer\",\"bands\":{\"bass\":4,\"treble\":-2},\"mode\":\"night\"}")
                .path("equalizer");
        assertEquals(4, equalizer.path("bands").path("bass").asInt());
        assertEquals(0, equalizer.path("bands").path("midrange").asInt());
        assertEquals(-2, equalizer.path("bands").path("treble").asInt());
        assertEquals("night", equalizer.path("mode").asText());

        Answer tooLoud = command(SOUND_BAR_ID, "{\"command\":\"set_equalizer\",\"bands\":{\"midrange\":1,\"bass\":7}}");
        assertEquals(422, tooLoud.status());
        assertEquals("value_out_of_range", tooLoud.error());
        assertEquals("bands.bass", tooLoud.body().path("field").asText());
        assertEquals(-6, tooLoud.body().path("min").asInt());
        assertEquals(6, tooLoud.body().path("max").asInt());
        assertEquals(0, control(SOUND_BAR_ID).path("bands").path("midrange").asInt(), "the valid band of a refused command is not applied");

        assertEquals("invalid_value", command(SOUND_BAR_ID, "{\"command\":\"set_equalizer\",\"bands\":{\"subwoofer\":1}}").error());
        assertEquals("invalid_value", command(SOUND_BAR_ID, "{\"command\":\"set_equalizer\",\"mode\":\"stadium\"}").error());
        assertEquals("night", control(SOUND_BAR_ID).path("soundMode").asText());
    }

    @Test
    void commandsADeviceLacksAreUnsupported() throws Exception {
        for (String body : List.of("{\"command\":\"set_volume\",\"volume\":10}", "{\"command\":\"launch_app\",\"app_id\":\"x\"}",
                "{\"command\":\"skip_channels\",\"count\":1}", "{\"command\":\"set_recording\",\"recording\":true}")) {
            Answer answer = command(SOUND_BAR_ID, body);
            assertEquals(422, answer.status(), body);
            assertEquals("unsupported_command", answer.error(), body);
            assertEquals("command", answer.body().path("field").asText());
        }
        assertEquals("unsupported_command", command(LIVING_ROOM_TV_ID, "{\"command\":\"set_equalizer\",\"mode\":\"tv\"}").error());
        // checked before the connection: the offline kitchen TV has no tuner
        assertEquals("unsupported_command", command(KITCHEN_TV_ID, "{\"command\":\"skip_channels\",\"count\":1}").error());
    }

    @Test
    void aDeviceInStandbyTakesPowerOnly() throws Exception {
        JsonNode off = okState(LIVING_ROOM_TV_ID, "{\"command\":\"set_power\",\"on\":false}");
        assertEquals("standby", off.path("power").asText());
        assertEquals("paused", off.path("media").path("status").asText(), "standby pauses what played");
        assertEquals(25, off.path("volume").asInt(), "and keeps reporting the rest");

        for (String body : List.of("{\"command\":\"set_volume\",\"volume\":10}", "{\"command\":\"playback\",\"action\":\"play\"}",
                "{\"command\":\"launch_app\",\"app_id\":\"amzn1.alexa-ask-target.app.72095\"}")) {
            Answer refused = command(LIVING_ROOM_TV_ID, body);
            assertEquals(409, refused.status(), body);
            assertEquals("device_off", refused.error());
            assertEquals(LIVING_ROOM_TV_ID, refused.body().path("device_id").asText());
        }
        assertEquals(25, control(LIVING_ROOM_TV_ID).path("volume").asInt());
        assertEquals("standby", okState(LIVING_ROOM_TV_ID, "{\"command\":\"set_power\",\"on\":false}").path("power").asText(),
                "power off again is fine");
        assertEquals("on", okState(LIVING_ROOM_TV_ID, "{\"command\":\"set_power\",\"on\":true}").path("power").asText());
        assertEquals(10, okState(LIVING_ROOM_TV_ID, "{\"command\":\"set_volume\",\"volume\":10}").path("volume").asInt());
    }

    @Test
    void anOfflineDeviceRefusesCommandsButIsStillDescribed() throws Exception {
        Answer refused = command(KITCHEN_TV_ID, "{\"command\":\"set_power\",\"on\":true}");
        assertEquals(409, refused.status());
        assertEquals("device_offline", refused.error());
        assertTrue(Instant.parse(refused.body().path("last_seen").asText()).isBefore(Instant.now().minus(Duration.ofHours(2))));
        assertFalse(control(KITCHEN_TV_ID).path("on").asBoolean());

        physically(SOUND_BAR_ID, "{\"online\":false,\"on\":false}");
        assertEquals("device_offline", command(SOUND_BAR_ID, "{\"command\":\"set_mute\",\"muted\":true}").error(),
                "offline is checked before standby");
        assertFalse(get("/v2/devices/" + SOUND_BAR_ID).body().path("connected").asBoolean());
    }

    @Test
    void malformedCommandsAreBadRequestsAndOutOfRangeValuesCarryTheRange() throws Exception {
        for (String body : List.of("not json", "[]", "{}", "{\"command\":\"dance\"}", "{\"command\":42}", "{\"command\":\"set_volume\"}",
                "{\"command\":\"set_volume\",\"volume\":\"5\"}", "{\"command\":\"set_volume\",\"volume\":5.5}",
                "{\"command\":\"set_volume\",\"volume\":5,\"fade\":true}", "{\"command\":\"set_power\",\"on\":\"yes\"}",
                "{\"command\":\"step_volume\",\"steps\":0}", "{\"command\":\"skip_channels\",\"count\":0}",
                "{\"command\":\"playback\",\"action\":\"jump\"}", "{\"command\":\"change_channel\"}",
                "{\"command\":\"change_channel\",\"number\":7}", "{\"command\":\"set_equalizer\"}",
                "{\"command\":\"set_equalizer\",\"bands\":{}}", "{\"command\":\"set_equalizer\",\"bands\":{\"bass\":\"1\"}}",
                "{\"command\":\"set_mute\",\"muted\":true} trailing")) {
            Answer answer = command(LIVING_ROOM_TV_ID, body);
            assertEquals(400, answer.status(), body);
            assertEquals("bad_request", answer.error(), body);
        }
        Answer volume = command(LIVING_ROOM_TV_ID, "{\"command\":\"set_volume\",\"volume\":101}");
        assertEquals(422, volume.status());
        assertEquals("value_out_of_range", volume.error());
        assertEquals("volume", volume.body().path("field").asText());
        assertEquals(0, volume.body().path("min").asInt());
        assertEquals(100, volume.body().path("max").asInt());
        assertEquals(-100, command(SOUND_BAR_ID, "{\"command\":\"step_volume\",\"steps\":-101}").body().path("min").asInt());
        assertEquals(999, command(LIVING_ROOM_TV_ID, "{\"command\":\"skip_channels\",\"count\":1000}").body().path("max").asInt());

        JsonNode untouched = control(LIVING_ROOM_TV_ID);
        assertEquals(25, untouched.path("volume").asInt());
        assertFalse(untouched.path("muted").asBoolean());
    }

    // ------------------------------------------------------------------ physical changes

    @Test
    void changeDeviceStateActsLikeSomeoneWithTheRemote() throws Exception {
        physically(LIVING_ROOM_TV_ID, "{\"name\":\"Den TV\",\"volume\":60,\"muted\":true,\"channel\":\"KTTV\",\"playback\":\"stopped\","
                + "\"recording\":true,\"app\":\"amzn1.alexa-ask-target.app.70045\"}");
        JsonNode tv = get("/v2/devices/" + LIVING_ROOM_TV_ID).body();
        assertEquals("Den TV", tv.path("name").asText());
        JsonNode state = tv.path("state");
        assertEquals(60, state.path("volume").asInt());
        assertTrue(state.path("muted").asBoolean());
        assertEquals("11", state.path("channel").path("number").asText());
        assertEquals("TV", state.path("input").asText());
        assertEquals("stopped", state.path("media").path("status").asText());
        assertEquals(0, state.path("media").path("position_ms").asLong());
        assertTrue(state.path("recording").asBoolean());
        assertEquals("YouTube", state.path("app").path("name").asText());

        physically(LIVING_ROOM_TV_ID, "{\"input\":\"hdmi3\",\"channel\":\"2\",\"playback\":\"playing\",\"position_ms\":1000,\"app\":null,\"on\":false}");
        state = get("/v2/devices/" + LIVING_ROOM_TV_ID).body().path("state");
        assertEquals("TV", state.path("input").asText(), "keys apply in order: the channel tuned after the input was chosen");
        assertEquals("paused", state.path("media").path("status").asText(), "switched off after it was set playing");
        assertEquals(1000, state.path("media").path("position_ms").asLong());
        assertTrue(state.path("app").isNull());
        assertEquals("standby", state.path("power").asText());

        physically(SOUND_BAR_ID, "{\"volume\":50,\"sound_mode\":\"music\",\"input\":\"OPTICAL\"}");
        assertEquals(50, control(SOUND_BAR_ID).path("level").asInt());
        assertEquals("music", get("/v2/devices/" + SOUND_BAR_ID).body().path("state").path("equalizer").path("mode").asText());

        physically(KITCHEN_TV_ID, "{\"online\":true}");
        assertEquals("standby", okState(KITCHEN_TV_ID, "{\"command\":\"set_power\",\"on\":false}").path("power").asText());
    }

    @Test
    void changeDeviceStateRefusesWhatTheDeviceCannotTake() throws Exception {
        for (String bad : List.of("{}", "[]", "{\"colour\":1}", "{\"on\":\"yes\"}", "{\"name\":\" \"}", "{\"volume\":101}",
                "{\"channel\":\"99\"}", "{\"input\":\"HDMI9\"}", "{\"playback\":\"rewinding\"}", "{\"position_ms\":-1}",
                "{\"position_ms\":2700001}", "{\"app\":\"netflix\"}", "{\"playback\":\"stopped\",\"position_ms\":5}",
                "{\"sound_mode\":\"tv\"}", "{\"volume\":10,\"muted\":\"no\"}")) {
            assertThrows(IllegalArgumentException.class, () -> physically(LIVING_ROOM_TV_ID, bad), bad);
        }
        for (String lacking : List.of("{\"volume\":51}", "{\"channel\":\"7\"}", "{\"recording\":true}", "{\"position_ms\":0}")) {
            assertThrows(IllegalArgumentException.class, () -> physically(SOUND_BAR_ID, lacking), lacking);
        }
        assertThrows(IllegalArgumentException.class, () -> physically("vt-nope", "{\"on\":true}"));
        assertThrows(IllegalArgumentException.class, () -> cloud.changeDeviceState(LIVING_ROOM_TV_ID, null));
        assertEquals(25, control(LIVING_ROOM_TV_ID).path("volume").asInt(), "a refused change applied nothing");
    }

    @Test
    void pairedDevicesAppearAndRemovedOnesAreGone() throws Exception {
        JsonNode added = cloud.addDevice("bob", JSON.readTree("{\"type\":\"soundbar\",\"name\":\"Patio Speaker!\"}"));
        assertEquals("vt-bob-patio-speaker", added.path("deviceId").asText());
        assertEquals("vistara-acct-bob", added.path("accountId").asText());
        JsonNode tv = cloud.addDevice("alice", JSON.readTree("{\"type\":\"tv\",\"name\":\"Office TV\",\"id\":\"vt-office\"}"));
        assertTrue(tv.path("on").asBoolean());
        assertEquals(2, call("GET", "/v2/devices", bob, null).body().path("devices").size());
        assertTrue(get("/v2/devices/vt-office").body().path("mac_address").asText().startsWith("02:56:54:"));

        for (String bad : List.of("{\"type\":\"radio\",\"name\":\"x\"}", "{\"type\":\"tv\"}", "{\"type\":\"tv\",\"name\":\"y\",\"id\":\"Bad Id\"}",
                "{\"type\":\"tv\",\"name\":\"y\",\"id\":\"vt-office\"}", "{\"type\":\"tv\",\"name\":\"y\",\"colour\":\"red\"}", "[]")) {
            assertThrows(IllegalArgumentException.class, () -> cloud.addDevice("alice", JSON.readTree(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> cloud.addDevice("carol", JSON.readTree("{\"type\":\"tv\",\"name\":\"z\"}")));

        cloud.removeDevice(LIVING_ROOM_TV_ID);
        assertEquals(404, get("/v2/devices/" + LIVING_ROOM_TV_ID).status());
        assertEquals(404, command(LIVING_ROOM_TV_ID, "{\"command\":\"set_power\",\"on\":true}").status());
        assertThrows(IllegalArgumentException.class, () -> cloud.removeDevice(LIVING_ROOM_TV_ID));
        assertEquals(5, cloud.devices().size());
    }

    // ------------------------------------------------------------------ faults and concurrency

    @Test
    void injectedFaultsAnswerVistarasErrorBodiesAndChangeNothing() throws Exception {
        cloud.setFaults(new FaultSpec(1.0, 403, 0));
        Answer forbidden = command(LIVING_ROOM_TV_ID, "{\"command\":\"set_power\",\"on\":false}");
        assertEquals(403, forbidden.status());
        assertEquals("forbidden", forbidden.error());
        cloud.setFaults(new FaultSpec(1.0, 503, 0));
        assertEquals("unavailable", command(LIVING_ROOM_TV_ID, "{\"command\":\"set_power\",\"on\":false}").error());
        cloud.clearFaults();
        assertTrue(control(LIVING_ROOM_TV_ID).path("on").asBoolean());
        assertEquals(200, get("/v2/devices").status());
        System.out.printf("faults: %d calls, %d commands, %d queries%n", cloud.totalCalls(), cloud.commandCalls(), cloud.queryCalls());
        assertEquals(3, cloud.totalCalls());
        assertEquals(2, cloud.commandCalls(), "faulted calls are counted too");
        assertEquals(1, cloud.queryCalls());
    }

    @Test
    void concurrentCommandsAreEachAppliedOnce() throws Exception {
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> steps = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                steps.add(() -> command(LIVING_ROOM_TV_ID, "{\"command\":\"step_volume\",\"steps\":1}").status());
            }
            for (Future<Integer> status : pool.invokeAll(steps)) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int volume = control(LIVING_ROOM_TV_ID).path("volume").asInt();
        System.out.printf("%d concurrent volume steps: volume 25 -> %d%n", clients, volume);
        assertEquals(25 + clients, volume);
        assertEquals(clients, cloud.commandCalls());
    }
}
