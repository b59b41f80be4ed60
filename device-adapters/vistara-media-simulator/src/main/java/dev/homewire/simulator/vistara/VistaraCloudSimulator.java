package dev.homewire.simulator.vistara;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import dev.homewire.simulator.http.ApiRequest;
import dev.homewire.simulator.http.ApiResponse;
import dev.homewire.simulator.http.SimulatedCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Vistara media cloud (TVs and sound bars) as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/vistara-cloud-api.md}: bearer-token accounts, {@code GET /v2/devices},
 * {@code GET /v2/devices/{id}} and {@code POST /v2/devices/{id}/commands}, which applies one command
 * and answers with the device's resulting state. The server, bearer-token authentication, fault
 * injection and {@link #close()} are {@link SimulatedCloud}'s.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}) whose access tokens are
 * random per instance. Thread-safe: all device state is guarded by one lock.
 */
public final class VistaraCloudSimulator extends SimulatedCloud {

    public static final String ADAPTER_ID = "vistara";

    public static final String ALICE_ACCOUNT_ID = "vistara-acct-alice";
    public static final String BOB_ACCOUNT_ID = "vistara-acct-bob";

    /** Alice's TV with every TV feature: on, playing, HDMI1, channel 7, Netflix launched. */
    public static final String LIVING_ROOM_TV_ID = "vt-alice-living-room-tv";
    /** Alice's sound bar: volume steps, inputs, equalizer, Bluetooth transport controls. */
    public static final String SOUND_BAR_ID = "vt-alice-sound-bar";
    /** Alice's small TV (power, volume, play/pause/stop, two inputs, apps), offline from the start. */
    public static final String KITCHEN_TV_ID = "vt-alice-kitchen-tv";
    /** Bob's TV with every TV feature: on, paused, on its tuner. */
    public static final String BEDROOM_TV_ID = "vt-bob-bedroom-tv";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEVICES_PATH = "/v2/devices";
    private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_NAME_LENGTH = 64;

    private final Map<String, SimMediaDevice> devices = new LinkedHashMap<>(); // guarded by itself

    private final AtomicInteger queryCalls = new AtomicInteger();
    private final AtomicInteger commandCalls = new AtomicInteger();

    /** A simulator seeded with the demo accounts and devices; call {@link #start(int)} to serve. */
    public VistaraCloudSimulator() {
        super(ADAPTER_ID, "Vistara", "/v2", List.of(
                bearerAccount("alice", ALICE_ACCOUNT_ID, newToken()),
                bearerAccount("bob", BOB_ACCOUNT_ID, newToken())));

        SimMediaDevice livingRoom = add(SimMediaDevice.tv(LIVING_ROOM_TV_ID, ALICE_ACCOUNT_ID, "Living Room TV", "Vistara QX65 OLED",
                Catalog.LOS_ANGELES, "02:56:54:1E:7A:01"));
        livingRoom.volume = 25;
        livingRoom.input = "HDMI1";
        livingRoom.channel = 2; // 7 KABC
        livingRoom.playback = "playing";
        livingRoom.positionMs = 754_000;
        livingRoom.appId = "amzn1.alexa-ask-target.app.36377"; // Netflix

        SimMediaDevice bar = add(SimMediaDevice.soundBar(SOUND_BAR_ID, ALICE_ACCOUNT_ID, "Sound Bar", "Vistara Arc 5.1"));
        bar.volume = 18;
        bar.input = "HDMI ARC";
        bar.item = 1;
        bar.soundMode = "tv";

        SimMediaDevice kitchen = add(new SimMediaDevice(KITCHEN_TV_ID, ALICE_ACCOUNT_ID, "Kitchen TV", "tv", "Vistara VX32",
                Set.of(SimMediaDevice.POWER, SimMediaDevice.VOLUME, SimMediaDevice.PLAYBACK, SimMediaDevice.INPUTS,
                        SimMediaDevice.APPS, SimMediaDevice.WAKE_ON_LAN),
                List.of("play", "pause", "stop"),
                List.of(new SimMediaDevice.Input("HDMI1", "HDMI 1"), new SimMediaDevice.Input("TV", "Antenna")),
                List.of(), Catalog.TV_QUEUE, "02:56:54:1E:7A:02"));
        kitchen.on = false;
        kitchen.volume = 12;
        kitchen.input = "TV";
        kitchen.online = false;
        kitchen.offlineSince = now().minus(Duration.ofHours(3));

        SimMediaDevice bedroom = add(SimMediaDevice.tv(BEDROOM_TV_ID, BOB_ACCOUNT_ID, "Bedroom TV", "Vistara QX55 OLED",
                Catalog.LOS_ANGELES_WITH_PBS, "02:56:54:2B:90:11"));
        bedroom.volume = 40;
        bedroom.input = "TV";
        bedroom.channel = 5; // 28.1 KCET
        bedroom.item = 2;
        bedroom.positionMs = 3_600_000;
    }

    private SimMediaDevice add(SimMediaDevice device) {
        devices.put(device.id, device);
        return device;
    }

    private static String newToken() {
        return "vst_" + randomHex(20);
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    @Override
    public JsonNode devices() {
        Instant now = now();
        ArrayNode all = NODES.arrayNode();
        synchronized (devices) {
            devices.values().forEach(device -> all.add(device.controlView(now)));
        }
        return all;
    }

    /**
     * Applies a partial state as if someone used the device's remote or buttons. Keys: {@code online},
     * {@code on}, {@code muted}, {@code recording} (booleans), {@code name} (1–64 characters),
     * {@code volume} (0–100 on a TV; a sound bar's internal level 0–50), {@code channel} (a number or
     * call sign of the line-up; tunes the TV to its tuner), {@code input}, {@code playback}
     * ({@code playing}, {@code paused}, {@code stopped}), {@code position_ms} (0..duration),
     * {@code app} (a catalogue id, or null), {@code sound_mode}. Keys of features the device lacks are
     * refused; all-or-nothing. Values changed while the device is offline or in standby become its
     * last known values.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode state) {
        if (state == null || !state.isObject() || state.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        synchronized (devices) {
            SimMediaDevice device = devices.get(deviceId);
            if (device == null) {
                throw new IllegalArgumentException("unknown Vistara device " + deviceId);
            }
            List<Consumer<SimMediaDevice>> changes = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : state.properties()) {
                changes.add(change(device, field.getKey(), field.getValue()));
            }
            if (state.has("position_ms") && "stopped".equals(state.path("playback").asText(null))) {
                throw new IllegalArgumentException("a stopped player is at position 0; leave out position_ms");
            }
            changes.forEach(change -> change.accept(device));
        }
    }

    /** One checked change of {@link #changeDeviceState}, applied later. */
    private Consumer<SimMediaDevice> change(SimMediaDevice device, String key, JsonNode value) {
        switch (key) {
            case "online" -> {
                boolean online = requireBoolean(key, value);
                return d -> {
                    if (online != d.online) {
                        d.online = online;
                        d.offlineSince = online ? null : now();
                    }
                };
            }
            case "on" -> {
                boolean on = requireBoolean(key, value);
                return d -> d.setPower(on);
            }
            case "name" -> {
                String name = requireText(key, value).strip();
                if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                    throw new IllegalArgumentException("name must have 1.." + MAX_NAME_LENGTH + " characters");
                }
                return d -> d.name = name;
            }
            case "volume" -> {
                requireFeature(device, device.hasSpeaker(), key);
                long volume = requireIntegerIn(key, value, 0, device.maxVolume());
                return d -> d.volume = (int) volume;
            }
            case "muted" -> {
                requireFeature(device, device.hasSpeaker(), key);
                boolean muted = requireBoolean(key, value);
                return d -> d.muted = muted;
            }
            case "channel" -> {
                requireFeature(device, device.has(SimMediaDevice.CHANNELS), key);
                String channel = requireText(key, value);
                int byNumber = device.findChannel(channel, null, null);
                int index = byNumber >= 0 ? byNumber : device.findChannel(null, channel, null);
                if (index < 0) {
                    throw new IllegalArgumentException("no channel " + channel + " in the line-up of " + device.id);
                }
                return d -> d.tune(index);
            }
            case "input" -> {
                requireFeature(device, device.has(SimMediaDevice.INPUTS), key);
                String input = requireText(key, value);
                String id = device.findInput(input).orElseThrow(() -> new IllegalArgumentException(
                        device.id + " has no input " + input)).id();
                return d -> d.input = id;
            }
            case "playback" -> {
                requireFeature(device, device.has(SimMediaDevice.PLAYBACK), key);
                String playback = requireText(key, value);
                if (!SimMediaDevice.PLAYBACK_STATES.contains(playback)) {
                    throw new IllegalArgumentException("playback must be one of " + SimMediaDevice.PLAYBACK_STATES);
                }
                return d -> d.setPlayback(playback);
            }
            case "position_ms" -> {
                requireFeature(device, device.has(SimMediaDevice.SEEK), key);
                long position = requireIntegerIn(key, value, 0, device.current().durationMs());
                return d -> d.positionMs = position;
            }
            case "recording" -> {
                requireFeature(device, device.has(SimMediaDevice.RECORDING), key);
                boolean recording = requireBoolean(key, value);
                return d -> d.recording = recording;
            }
            case "app" -> {
                requireFeature(device, device.has(SimMediaDevice.APPS), key);
                String app = value.isNull() ? null : requireText(key, value);
                if (app != null && !Catalog.APPS.containsKey(app)) {
                    throw new IllegalArgumentException("no app " + app + " in the catalogue " + Catalog.APPS.keySet());
                }
                return d -> d.appId = app;
            }
            case "sound_mode" -> {
                requireFeature(device, device.has(SimMediaDevice.EQUALIZER), key);
                String mode = requireText(key, value);
                if (!SimMediaDevice.SOUND_MODES.contains(mode)) {
                    throw new IllegalArgumentException("sound_mode must be one of " + SimMediaDevice.SOUND_MODES);
                }
                return d -> d.soundMode = mode;
            }
            default -> throw new IllegalArgumentException("unknown key '" + key + "'; use online, on, name, volume, muted, "
                    + "channel, input, playback, position_ms, recording, app, sound_mode");
        }
    }

    /**
     * Pairs a new device with a demo user's account, as the Vistara app does. Description:
     * {@code {"type": "tv"|"soundbar", "name": "…", "id": "…"}} ({@code id} optional, lower-case
     * letters, digits and {@code -}; default {@code vt-<user>-<name as a slug>}). A TV gets every TV
     * feature and alice's line-up, a sound bar the demo bar's features; both start on.
     */
    @Override
    public JsonNode addDevice(String demoUser, JsonNode description) {
        String accountId = demoAccountId(demoUser, "no demo user " + demoUser);
        if (description == null || !description.isObject()) {
            throw new IllegalArgumentException("description must be a JSON object {\"type\", \"name\", \"id\"?}");
        }
        description.fieldNames().forEachRemaining(field -> {
            if (!List.of("type", "name", "id").contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "'; use type, name, id");
            }
        });
        String type = requireText("type", description.path("type"));
        String name = requireText("name", description.path("name")).strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must have 1.." + MAX_NAME_LENGTH + " characters");
        }
        String id = description.has("id") ? requireText("id", description.get("id"))
                : "vt-" + demoUser + "-" + slug(name);
        if (!DEVICE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("device id '" + id + "' must be lower-case letters, digits and '-'");
        }
        SimMediaDevice device = switch (type) {
            case "tv" -> SimMediaDevice.tv(id, accountId, name, "Vistara QX55 OLED", Catalog.LOS_ANGELES, randomMac());
            case "soundbar" -> SimMediaDevice.soundBar(id, accountId, name, "Vistara Arc 5.1");
            default -> throw new IllegalArgumentException("type must be tv or soundbar, not " + type);
        };
        synchronized (devices) {
            if (devices.containsKey(id)) {
                throw new IllegalArgumentException("a device " + id + " exists already");
            }
            add(device);
            return device.controlView(now());
        }
    }

    /** Unpairs a device, as its owner does in the Vistara app; the API then answers 404 for it. */
    @Override
    public void removeDevice(String deviceId) {
        synchronized (devices) {
            if (devices.remove(deviceId) == null) {
                throw new IllegalArgumentException("unknown Vistara device " + deviceId);
            }
        }
    }

    // ------------------------------------------------------------------ counters for tests

    /** {@code GET /v2/devices[/…]} requests received so far. */
    public int queryCalls() {
        return queryCalls.get();
    }

    /** {@code POST /v2/devices/{id}/commands} requests received so far. */
    public int commandCalls() {
        return commandCalls.get();
    }

    @Override
    protected void count(ApiRequest request) {
        String path = request.path();
        if (path.startsWith(DEVICES_PATH)) {
            if (request.method().equals("GET")) {
                queryCalls.incrementAndGet();
            } else if (request.method().equals("POST") && path.endsWith("/commands")) {
                commandCalls.incrementAndGet();
            }
        }
    }

    // ------------------------------------------------------------------ API

    @Override
    protected ApiError injectedError(int status) {
        return status == 403
                ? ApiError.of(403, "forbidden", "simulated fault: token lacks the devices:control scope")
                : super.injectedError(status);
    }

    @Override
    protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
        String[] segments = request.segmentsAfter(DEVICES_PATH);
        if (segments.length == 0) {
            request.requireMethod("GET");
            return ApiResponse.ok(listDevices(accountId));
        }
        String deviceId = ApiRequest.decodeSegment(segments[0]);
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            request.requireMethod("GET");
            Instant now = now();
            synchronized (devices) {
                return ApiResponse.ok(find(accountId, deviceId).apiDevice(now));
            }
        }
        if (segments.length == 2 && segments[1].equals("commands")) {
            request.requireMethod("POST");
            return ApiResponse.ok(command(accountId, deviceId, request));
        }
        throw request.noSuchPath();
    }

    private ObjectNode listDevices(String accountId) {
        Instant now = now();
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("devices");
        synchronized (devices) {
            devices.values().stream().filter(d -> d.accountId.equals(accountId)).forEach(d -> list.add(d.apiDevice(now)));
        }
        return answer;
    }

    private ObjectNode command(String accountId, String deviceId, ApiRequest request) throws ApiError {
        Instant now = now();
        ObjectNode answer = NODES.objectNode();
        synchronized (devices) {
            SimMediaDevice device = find(accountId, deviceId);
            ObjectNode body = request.strictJsonObject("body must be a JSON object with a command");
            answer.put("command", SimCommands.execute(device, body, now));
            answer.set("device", device.apiDevice(now));
        }
        return answer;
    }

    /** The account's device, or 404 (another account's device does not exist for it); caller holds the lock. */
    private SimMediaDevice find(String accountId, String deviceId) throws ApiError {
        SimMediaDevice device = devices.get(deviceId);
        if (device == null || !device.accountId.equals(accountId)) {
            throw ApiError.notFound("no device " + deviceId);
        }
        return device;
    }

    // ------------------------------------------------------------------ helpers

    private static String randomMac() {
        String hex = randomHex(3).toUpperCase(Locale.ROOT);
        return "02:56:54:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
    }

    private static String requireText(String key, JsonNode value) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(key + " must be a non-empty string");
        }
        return value.asText();
    }

    private static void requireFeature(SimMediaDevice device, boolean has, String key) {
        if (!has) {
            throw new IllegalArgumentException("device " + device.id + " has no feature for key '" + key + "'");
        }
    }
}
