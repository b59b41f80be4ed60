package dev.homewire.simulator.lumio;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lumio light cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/lumio-cloud-api.md}: bearer-token accounts, {@code GET /v1/devices},
 * {@code GET /v1/devices/{selector}}, {@code PUT /v1/devices/{selector}/state} answering one
 * result per device, validation errors, and fault injection. The server, bearer-token
 * authentication, fault injection and {@link #close()} are {@link SimulatedCloud}'s.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}) whose access tokens are
 * random per instance. Thread-safe: all device state is guarded by one lock.
 */
public final class LumioCloudSimulator extends SimulatedCloud {

    public static final String ADAPTER_ID = "lumio";

    public static final String ALICE_ACCOUNT_ID = "lumio-acct-alice";
    public static final String BOB_ACCOUNT_ID = "lumio-acct-bob";

    /** Alice's colour bulb, 2200–6500 K. */
    public static final String KITCHEN_LIGHT_ID = "lm-alice-kitchen";
    /** Alice's white-ambiance bulb, 2700–6500 K. */
    public static final String HALLWAY_LIGHT_ID = "lm-alice-hallway";
    /** Alice's plug (power only). */
    public static final String DESK_PLUG_ID = "lm-alice-desk-plug";
    /** Alice's dimmable white bulb, offline from the start. */
    public static final String GARAGE_LIGHT_ID = "lm-alice-garage";
    /** Bob's colour bulb, 2200–6500 K. */
    public static final String LIVING_ROOM_LAMP_ID = "lm-bob-living-room";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEVICES_PATH = "/v1/devices";

    private final Map<String, SimDevice> devices = new LinkedHashMap<>(); // guarded by itself

    private final AtomicInteger queryCalls = new AtomicInteger();
    private final AtomicInteger commandCalls = new AtomicInteger();

    /** A simulator seeded with the demo accounts and devices; call {@link #start(int)} to serve. */
    public LumioCloudSimulator() {
        super(ADAPTER_ID, "Lumio", "/v1", List.of(
                bearerAccount("alice", ALICE_ACCOUNT_ID, newToken()),
                bearerAccount("bob", BOB_ACCOUNT_ID, newToken())));
        Instant start = now();

        Set<String> colorBulb = Set.of(SimDevice.POWER, SimDevice.BRIGHTNESS, SimDevice.COLOR, SimDevice.COLOR_TEMPERATURE);
        Set<String> ambianceBulb = Set.of(SimDevice.POWER, SimDevice.BRIGHTNESS, SimDevice.COLOR_TEMPERATURE);
        Set<String> whiteBulb = Set.of(SimDevice.POWER, SimDevice.BRIGHTNESS);
        Set<String> plug = Set.of(SimDevice.POWER);

        SimDevice kitchen = add(new SimDevice(KITCHEN_LIGHT_ID, ALICE_ACCOUNT_ID, "Kitchen Light", "light",
                "Lumio Color A19", colorBulb, 2200, 6500));
        kitchen.on = true;
        kitchen.brightness = 80;
        kitchen.colorMode = "white";
        kitchen.kelvin = 2700;
        kitchen.hue = 35.0;
        kitchen.saturation = 60.0;

        SimDevice hallway = add(new SimDevice(HALLWAY_LIGHT_ID, ALICE_ACCOUNT_ID, "Hallway Light", "light",
                "Lumio White Ambiance A19", ambianceBulb, 2700, 6500));
        hallway.on = false;
        hallway.brightness = 40;
        hallway.kelvin = 4000;

        SimDevice desk = add(new SimDevice(DESK_PLUG_ID, ALICE_ACCOUNT_ID, "Desk Plug", "plug",
                "Lumio Smart Plug", plug, 0, 0));
        desk.on = true;

        SimDevice garage = add(new SimDevice(GARAGE_LIGHT_ID, ALICE_ACCOUNT_ID, "Garage Light", "light",
                "Lumio White A19", whiteBulb, 0, 0));
        garage.on = false;
        garage.brightness = 100;
        garage.online = false;
        garage.offlineSince = start.minus(Duration.ofHours(2));

        SimDevice livingRoom = add(new SimDevice(LIVING_ROOM_LAMP_ID, BOB_ACCOUNT_ID, "Living Room Lamp", "light",
                "Lumio Color A19", colorBulb, 2200, 6500));
        livingRoom.on = true;
        livingRoom.brightness = 60;
        livingRoom.colorMode = "color";
        livingRoom.hue = 240.0;
        livingRoom.saturation = 100.0;
        livingRoom.kelvin = 3000;
    }

    private SimDevice add(SimDevice device) {
        devices.put(device.id, device);
        return device;
    }

    private static String newToken() {
        return "lmo_" + randomHex(20);
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
     * Applies a partial state as if someone used the device physically. Keys: {@code online},
     * {@code on} (booleans), {@code brightness} (0–100), {@code hue} (0–360), {@code saturation}
     * (0–100, percent as in the API), {@code kelvin} (the device's range). All-or-nothing.
     * {@code hue}/{@code saturation} put a colour bulb in colour mode, {@code kelvin} in white
     * mode. Values changed while the device is offline become its last known values.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode state) {
        if (state == null || !state.isObject() || state.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        synchronized (devices) {
            SimDevice device = devices.get(deviceId);
            if (device == null) {
                throw new IllegalArgumentException("unknown Lumio device " + deviceId);
            }
            Boolean online = null;
            Boolean on = null;
            Integer brightness = null;
            Double hue = null;
            Double saturation = null;
            Integer kelvin = null;
            for (Map.Entry<String, JsonNode> field : state.properties()) {
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "online" -> online = requireBoolean("online", value);
                    case "on" -> on = requireBoolean("on", value);
                    case "brightness" -> {
                        requireCapability(device, SimDevice.BRIGHTNESS, "brightness");
                        brightness = (int) requireIntegerIn("brightness", value, 0, 100);
                    }
                    case "hue" -> {
                        requireCapability(device, SimDevice.COLOR, "hue");
                        hue = requireNumberIn("hue", value, 0, 360);
                    }
                    case "saturation" -> {
                        requireCapability(device, SimDevice.COLOR, "saturation");
                        saturation = requireNumberIn("saturation", value, 0, 100);
                    }
                    case "kelvin" -> {
                        requireCapability(device, SimDevice.COLOR_TEMPERATURE, "kelvin");
                        kelvin = (int) requireIntegerIn("kelvin", value, device.minKelvin, device.maxKelvin);
                    }
                    default -> throw new IllegalArgumentException("unknown key '" + field.getKey()
                            + "'; use online, on, brightness, hue, saturation, kelvin");
                }
            }
            if ((hue != null || saturation != null) && kelvin != null) {
                throw new IllegalArgumentException("hue/saturation and kelvin are mutually exclusive");
            }
            if (on != null) {
                device.on = on;
            }
            if (brightness != null) {
                device.brightness = brightness;
            }
            if (hue != null) {
                device.hue = SimDevice.twoDecimals(hue);
                device.colorMode = "color";
            }
            if (saturation != null) {
                device.saturation = SimDevice.twoDecimals(saturation);
                device.colorMode = "color";
            }
            if (kelvin != null) {
                device.kelvin = kelvin;
                if (device.has(SimDevice.COLOR)) {
                    device.colorMode = "white";
                }
            }
            if (online != null && online != device.online) {
                device.online = online;
                device.offlineSince = online ? null : now();
            }
        }
    }

    // ------------------------------------------------------------------ counters for tests

    /** {@code GET /v1/devices[/…]} requests received so far. */
    public int queryCalls() {
        return queryCalls.get();
    }

    /** {@code PUT /v1/devices/{selector}/state} requests received so far. */
    public int commandCalls() {
        return commandCalls.get();
    }

    @Override
    protected void count(ApiRequest request) {
        String path = request.path();
        if (path.startsWith(DEVICES_PATH)) {
            if (request.method().equals("GET")) {
                queryCalls.incrementAndGet();
            } else if (request.method().equals("PUT") && path.endsWith("/state")) {
                commandCalls.incrementAndGet();
            }
        }
    }

    // ------------------------------------------------------------------ API

    @Override
    protected ApiError injectedError(int status) {
        return status == 403
                ? ApiError.of(403, "forbidden", "simulated fault: token lacks the control scope")
                : super.injectedError(status);
    }

    @Override
    protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
        String[] segments = request.segmentsAfter(DEVICES_PATH);
        if (segments.length == 0) {
            request.requireMethod("GET");
            return ApiResponse.ok(listDevices(accountId));
        }
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            request.requireMethod("GET");
            return ApiResponse.ok(getDevices(accountId, ApiRequest.decodeSegment(segments[0])));
        }
        if (segments.length == 2 && segments[1].equals("state")) {
            request.requireMethod("PUT");
            return new ApiResponse(207, putState(accountId, ApiRequest.decodeSegment(segments[0]), request));
        }
        throw request.noSuchPath();
    }

    private ArrayNode listDevices(String accountId) {
        Instant now = now();
        ArrayNode list = NODES.arrayNode();
        synchronized (devices) {
            devices.values().stream().filter(d -> d.accountId.equals(accountId))
                    .forEach(d -> list.add(d.apiDevice(now)));
        }
        return list;
    }

    private ArrayNode getDevices(String accountId, String selector) throws ApiError {
        Instant now = now();
        ArrayNode list = NODES.arrayNode();
        synchronized (devices) {
            for (SimDevice device : select(accountId, selector)) {
                list.add(device.apiDevice(now));
            }
        }
        return list;
    }

    /** Devices of the account the selector matches; caller holds the lock. */
    private List<SimDevice> select(String accountId, String selector) throws ApiError {
        List<SimDevice> own = devices.values().stream().filter(d -> d.accountId.equals(accountId)).toList();
        List<SimDevice> matched;
        if (selector.equals("all")) {
            matched = own;
        } else if (selector.startsWith("id:")) {
            Set<String> ids = new LinkedHashSet<>();
            for (String id : selector.substring(3).split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
            if (ids.isEmpty()) {
                throw ApiError.badRequest("selector id: needs at least one device id");
            }
            matched = own.stream().filter(d -> ids.contains(d.id)).toList();
        } else if (selector.startsWith("label:")) {
            String label = selector.substring(6);
            if (label.isBlank()) {
                throw ApiError.badRequest("selector label: needs a label");
            }
            matched = own.stream().filter(d -> d.label.equalsIgnoreCase(label)).toList();
        } else {
            throw ApiError.badRequest("invalid selector '" + selector + "'; use all, id:<id>[,<id>…] or label:<label>");
        }
        if (matched.isEmpty()) {
            throw ApiError.notFound("no device matches selector " + selector);
        }
        return matched;
    }

    private ObjectNode putState(String accountId, String selector, ApiRequest call) throws ApiError {
        JsonNode request = call.jsonObject("body must be a JSON object");
        if (request.isEmpty()) {
            throw ApiError.badRequest("body must set at least one of power, brightness, color, kelvin");
        }
        Boolean power = null;
        JsonNode brightness = null;
        JsonNode hue = null;
        JsonNode saturation = null;
        JsonNode kelvin = null;
        boolean color = false;
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "power" -> {
                    if (!value.isTextual() || !(value.asText().equals("on") || value.asText().equals("off"))) {
                        throw ApiError.badRequest("power must be \"on\" or \"off\"");
                    }
                    power = value.asText().equals("on");
                }
                case "brightness" -> {
                    if (!value.isIntegralNumber()) {
                        throw ApiError.badRequest("brightness must be an integer");
                    }
                    brightness = value;
                }
                case "color" -> {
                    if (!value.isObject() || value.isEmpty()) {
                        throw ApiError.badRequest("color must be an object with hue and/or saturation");
                    }
                    for (Map.Entry<String, JsonNode> part : value.properties()) {
                        if (!part.getValue().isNumber()) {
                            throw ApiError.badRequest("color." + part.getKey() + " must be a number");
                        }
                        switch (part.getKey()) {
                            case "hue" -> hue = part.getValue();
                            case "saturation" -> saturation = part.getValue();
                            default -> throw ApiError.badRequest("unknown field 'color." + part.getKey() + "'");
                        }
                    }
                    color = true;
                }
                case "kelvin" -> {
                    if (!value.isIntegralNumber()) {
                        throw ApiError.badRequest("kelvin must be an integer");
                    }
                    kelvin = value;
                }
                default -> throw ApiError.badRequest("unknown field '" + field.getKey() + "'");
            }
        }
        if (color && kelvin != null) {
            throw ApiError.badRequest("color and kelvin are mutually exclusive");
        }

        Instant now = now();
        ArrayNode results = NODES.arrayNode();
        synchronized (devices) {
            List<SimDevice> matched = select(accountId, selector);
            if (brightness != null) {
                requireSupport(matched, SimDevice.BRIGHTNESS, "brightness");
                checkRange("brightness", brightness, 0, 100, null);
            }
            if (color) {
                requireSupport(matched, SimDevice.COLOR, "color");
                if (hue != null) {
                    checkRange("color.hue", hue, 0.0, 360.0, null);
                }
                if (saturation != null) {
                    checkRange("color.saturation", saturation, 0.0, 100.0, null);
                }
            }
            if (kelvin != null) {
                requireSupport(matched, SimDevice.COLOR_TEMPERATURE, "kelvin");
                for (SimDevice device : matched) {
                    if (device.has(SimDevice.COLOR_TEMPERATURE)) {
                        checkRange("kelvin", kelvin, device.minKelvin, device.maxKelvin, device.id);
                    }
                }
            }
            for (SimDevice device : matched) {
                ObjectNode result = results.addObject();
                result.put("id", device.id);
                result.put("label", device.label);
                if (!device.online) {
                    result.put("status", "offline");
                    result.put("seen_at", device.seenAt(now).toString());
                    continue;
                }
                if (power != null) {
                    device.on = power;
                }
                if (brightness != null && device.has(SimDevice.BRIGHTNESS)) {
                    device.brightness = brightness.intValue();
                }
                if (color && device.has(SimDevice.COLOR)) {
                    if (hue != null) {
                        device.hue = SimDevice.twoDecimals(hue.doubleValue());
                    }
                    if (saturation != null) {
                        device.saturation = SimDevice.twoDecimals(saturation.doubleValue());
                    }
                    device.colorMode = "color";
                }
                if (kelvin != null && device.has(SimDevice.COLOR_TEMPERATURE)) {
                    device.kelvin = kelvin.intValue();
                    if (device.has(SimDevice.COLOR)) {
                        device.colorMode = "white";
                    }
                }
                result.put("status", "ok");
                result.put("seen_at", device.seenAt(now).toString());
                result.set("state", device.apiState());
            }
        }
        ObjectNode answer = NODES.objectNode();
        answer.set("results", results);
        return answer;
    }

    private static void requireSupport(List<SimDevice> matched, String capability, String field) throws ApiError {
        if (matched.stream().noneMatch(d -> d.has(capability))) {
            throw unsupported(field);
        }
    }

    private static void checkRange(String field, JsonNode value, int min, int max, String deviceId) throws ApiError {
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw outOfRange(field, value.asText(), min, max, deviceId);
        }
    }

    private static void checkRange(String field, JsonNode value, double min, double max, String deviceId) throws ApiError {
        double number = value.doubleValue();
        if (!(number >= min && number <= max)) {
            throw outOfRange(field, value.asText(), min, max, deviceId);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static double requireNumberIn(String key, JsonNode value, double min, double max) {
        if (!value.isNumber() || !(value.doubleValue() >= min && value.doubleValue() <= max)) {
            throw new IllegalArgumentException(key + " must be a number within " + min + ".." + max + ", not " + value);
        }
        return value.doubleValue();
    }

    private static void requireCapability(SimDevice device, String capability, String key) {
        if (!device.has(capability)) {
            throw new IllegalArgumentException("device " + device.id + " has no " + capability + " (key '" + key + "')");
        }
    }

    // ------------------------------------------------------------------ Lumio's own errors

    private static ApiError unsupported(String field) {
        return ApiError.of(422, "unsupported_property", "no selected device supports " + field).with("field", field);
    }

    private static ApiError outOfRange(String field, String value, Number min, Number max, String deviceId) {
        String message = field + " " + value + " is outside " + min + ".." + max
                + (deviceId == null ? "" : " of device " + deviceId);
        ApiError error = ApiError.of(422, "value_out_of_range", message).with("field", field);
        if (min instanceof Integer && max instanceof Integer) {
            error.with("min", min.intValue()).with("max", max.intValue());
        } else {
            error.with("min", min.doubleValue()).with("max", max.doubleValue());
        }
        if (deviceId != null) {
            error.with("device_id", deviceId);
        }
        return error;
    }
}
