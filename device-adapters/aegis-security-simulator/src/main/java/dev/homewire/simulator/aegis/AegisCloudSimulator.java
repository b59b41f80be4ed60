package dev.homewire.simulator.aegis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.aegis.SimDevice.Type;
import dev.homewire.simulator.http.ApiError;
import dev.homewire.simulator.http.ApiRequest;
import dev.homewire.simulator.http.ApiResponse;
import dev.homewire.simulator.http.SignedWebhookSender;
import dev.homewire.simulator.http.SimulatedCloud;
import dev.homewire.simulator.http.SimulatedPushCloud;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Aegis home-security cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/aegis-cloud-api.md}: bearer-token accounts, {@code GET /v1/devices},
 * {@code GET /v1/devices/{id}}, {@code POST /v1/panels/{id}/arm} and {@code …/disarm} answering
 * {@code 202} with an operation whose outcome is pushed later, {@code POST /v1/cameras/{id}/streams}
 * answering {@code 201} at once, {@code GET /v1/operations/{id}}, and every change of every device
 * delivered as a signed webhook to the URL given to {@link #connectWebhook(URI)}.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}, disarm PINs
 * {@value #ALICE_PIN} and {@value #BOB_PIN}); access tokens and the webhook secret are random per
 * instance. Each account has exactly one panel, its hub, listed first. Operations complete after
 * {@link #operationDelay()} (default {@link #DEFAULT_OPERATION_DELAY}) on one event thread, in the
 * order they were accepted, never on the API thread; webhooks go out one at a time in the order
 * things happened. The server, bearer-token authentication, fault injection and {@link #close()}
 * are {@link SimulatedCloud}'s; the event thread, the operation delay and the signed webhooks
 * (with their counters) {@link SimulatedPushCloud}'s. Thread-safe: every device and operation is
 * guarded by one monitor. PINs never appear in answers, messages, logs or events.
 */
public final class AegisCloudSimulator extends SimulatedPushCloud {

    public static final String ADAPTER_ID = "aegis";

    public static final String ALICE_ACCOUNT_ID = "aegis-acct-alice";
    public static final String BOB_ACCOUNT_ID = "aegis-acct-bob";
    /** The demo disarm PINs (four digits) of alice's and bob's panels. */
    public static final String ALICE_PIN = "2468";
    public static final String BOB_PIN = "1357";

    /** Alice's "Alarm Panel" (her hub), disarmed at start. */
    public static final String ALICE_PANEL_ID = "ag-alice-alarm-panel";
    /** Alice's "Front Door" contact sensor, closed at start. */
    public static final String FRONT_DOOR_ID = "ag-alice-front-door";
    /** Alice's "Hallway Motion" sensor, no motion at start. */
    public static final String HALLWAY_MOTION_ID = "ag-alice-hallway-motion";
    /** Alice's "Front Doorbell". */
    public static final String FRONT_DOORBELL_ID = "ag-alice-front-doorbell";
    /** Alice's "Driveway Camera" (streams, detects motion and people). */
    public static final String DRIVEWAY_CAMERA_ID = "ag-alice-driveway-camera";
    /** Bob's "Alarm Panel" (his hub), disarmed at start. */
    public static final String BOB_PANEL_ID = "ag-bob-alarm-panel";
    /** Bob's "Back Door" contact sensor, closed at start. */
    public static final String BACK_DOOR_ID = "ag-bob-back-door";

    /** Webhook headers. */
    public static final String TIMESTAMP_HEADER = "Aegis-Timestamp";
    public static final String SIGNATURE_HEADER = "Aegis-Signature";
    public static final String EVENT_ID_HEADER = "Aegis-Event-Id";

    /** How long an arm or disarm takes from acceptance to its webhook, unless configured otherwise. */
    public static final Duration DEFAULT_OPERATION_DELAY = Duration.ofSeconds(1);
    /** The exit delay of arming {@code away}; {@code stay} and {@code night} have none. */
    public static final Duration AWAY_EXIT_DELAY = Duration.ofSeconds(30);

    /** Finished operations are remembered (for {@code GET /v1/operations/{id}}) up to this many. */
    private static final int MAX_OPERATIONS = 1000;
    private static final int MAX_NAME_LENGTH = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEVICES_PATH = "/v1/devices";
    private static final String PANELS_PATH = "/v1/panels";
    private static final String CAMERAS_PATH = "/v1/cameras";
    private static final String OPERATIONS_PATH = "/v1/operations";

    /** {@code changeDeviceState} values → API values. */
    private static final Map<String, String> ARM_STATES = Map.of(
            "ARMED_AWAY", "away", "ARMED_STAY", "stay", "ARMED_NIGHT", "night", "DISARMED", SimDevice.DISARMED);
    private static final Map<String, String> ALARM_VALUES = Map.of(
            "BURGLARY", "burglary", "FIRE", "fire", "CARBON_MONOXIDE", "carbon_monoxide");
    private static final Map<String, String> CONTACT_VALUES = Map.of("OPEN", "open", "CLOSED", "closed");
    /** Who made a change: someone at the device, the Aegis app, an Aegis automation. */
    private static final Set<String> SOURCES = Set.of("device", "app", "automation");
    private static final Set<String> COMMON_KEYS = Set.of("online", "name", "source");
    private static final Set<String> SENSOR_KEYS = Set.of("contact", "motion", "person", "press");

    private final Map<String, SimDevice> devices = new LinkedHashMap<>(); // guarded by itself; also guards operations
    private final Map<String, SimOperation> operations = eldestForgotten(MAX_OPERATIONS);
    private final Map<String, byte[]> pins;

    private final AtomicInteger operationCalls = new AtomicInteger();
    private final AtomicInteger streamCalls = new AtomicInteger();

    /** A simulator seeded with the demo accounts and devices, completing operations after {@link #DEFAULT_OPERATION_DELAY}. */
    public AegisCloudSimulator() {
        this(DEFAULT_OPERATION_DELAY);
    }

    /**
     * A simulator seeded with the demo accounts and devices; call {@link #start(int)} to serve.
     *
     * @param operationDelay how long an accepted arm or disarm takes until its outcome is pushed (zero or more)
     */
    public AegisCloudSimulator(Duration operationDelay) {
        super(ADAPTER_ID, "Aegis", "/v1", List.of(
                bearerAccount("alice", ALICE_ACCOUNT_ID, newSecret("ag_")),
                bearerAccount("bob", BOB_ACCOUNT_ID, newSecret("ag_"))),
                new SignedWebhookSender("Aegis", newSecret("agwh_"),
                        new SignedWebhookSender.Headers(EVENT_ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER), "Aegis-Webhooks/2.1"));
        setOperationDelay(operationDelay);
        this.pins = Map.of(ALICE_ACCOUNT_ID, ALICE_PIN.getBytes(StandardCharsets.US_ASCII),
                BOB_ACCOUNT_ID, BOB_PIN.getBytes(StandardCharsets.US_ASCII));

        Instant start = now();
        add(ALICE_PANEL_ID, ALICE_ACCOUNT_ID, Type.PANEL, "Alarm Panel", "Aegis Hub 3", start.minus(Duration.ofHours(5)));
        add(FRONT_DOOR_ID, ALICE_ACCOUNT_ID, Type.CONTACT, "Front Door", "Aegis Contact C2", start.minus(Duration.ofMinutes(48)));
        add(HALLWAY_MOTION_ID, ALICE_ACCOUNT_ID, Type.MOTION, "Hallway Motion", "Aegis Motion M2", start.minus(Duration.ofMinutes(12)));
        add(FRONT_DOORBELL_ID, ALICE_ACCOUNT_ID, Type.DOORBELL, "Front Doorbell", "Aegis Doorbell D1", start.minus(Duration.ofHours(2)));
        add(DRIVEWAY_CAMERA_ID, ALICE_ACCOUNT_ID, Type.CAMERA, "Driveway Camera", "Aegis Cam Outdoor 2", start.minus(Duration.ofMinutes(3)));
        add(BOB_PANEL_ID, BOB_ACCOUNT_ID, Type.PANEL, "Alarm Panel", "Aegis Hub 3", start.minus(Duration.ofHours(9)));
        add(BACK_DOOR_ID, BOB_ACCOUNT_ID, Type.CONTACT, "Back Door", "Aegis Contact C2", start.minus(Duration.ofHours(1)));
    }

    private SimDevice add(String id, String accountId, Type type, String name, String model, Instant updatedAt) {
        SimDevice device = new SimDevice(id, accountId, type, name, model, updatedAt);
        devices.put(id, device);
        return device;
    }

    private static String newSecret(String prefix) {
        return prefix + randomHex(24);
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    @Override
    public JsonNode devices() {
        ArrayNode all = NODES.arrayNode();
        synchronized (devices) {
            for (SimDevice device : devices.values()) {
                all.add(device.controlView(pendingOperations(device.id)));
            }
        }
        return all;
    }

    private int pendingOperations(String panelId) {
        return (int) operations.values().stream()
                .filter(op -> op.panelId.equals(panelId) && op.status.equals(SimOperation.PENDING)).count();
    }

    /**
     * Changes a device as someone would outside Alexa; all-or-nothing, unknown keys and bad values
     * are refused. Keys (at least one) — every type: {@code online} (boolean; pushes
     * {@code device.connectivity}), {@code name} (renames; pushes {@code devices.changed}),
     * {@code source} ({@code "device"} default, {@code "app"}, {@code "automation"}: who changed the
     * panel's {@code armState} / {@code alarm}; sensors only change at the device). Per type:
     * contact {@code contact} ({@code "OPEN"}/{@code "CLOSED"}); motion {@code motion} (boolean);
     * camera {@code motion}, {@code person} (booleans); doorbell {@code press} ({@code true}, pushes
     * {@code doorbell.pressed}); panel {@code armState} ({@code ARMED_AWAY}, {@code ARMED_STAY},
     * {@code ARMED_NIGHT}, {@code DISARMED}: the keypad, which bypasses open contacts and clears an
     * alarm on disarming) and {@code alarm} ({@code BURGLARY}, {@code FIRE}, {@code CARBON_MONOXIDE}
     * or null). Enum values are case-insensitive. State changes push one {@code device.state} while
     * the device is online; while it is offline they become its last known state and travel with
     * the {@code device.connectivity} event when it comes back (a press on an offline doorbell is
     * lost). A contact that opens (or, armed {@code away}, motion) while the panel is armed, past its
     * exit delay and not bypassed, sets off the burglary alarm.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode change) {
        if (change == null || !change.isObject() || change.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        synchronized (devices) {
            SimDevice device = devices.get(deviceId);
            if (device == null) {
                throw new IllegalArgumentException("unknown Aegis device " + deviceId);
            }
            Change parsed = Change.parse(device, change);
            apply(device, parsed, now());
        }
    }

    /**
     * Pairs a new device with a demo user's panel, as in the Aegis app. Description:
     * {@code {"type": "contact"|"motion"|"doorbell"|"camera", "name": "…", "model": "…"}} (model
     * optional; an account has exactly one panel, so no {@code panel}). The id is
     * {@code ag-<user>-<name as lower-case words joined by '-'>} (with {@code -2}, {@code -3} … when
     * taken). Pushes {@code devices.changed} ({@code change: "added"}).
     */
    @Override
    public JsonNode addDevice(String demoUser, JsonNode description) {
        String accountId = demoAccountId(demoUser, "no Aegis demo account for user " + demoUser);
        if (description == null || !description.isObject()) {
            throw new IllegalArgumentException("a device description is a JSON object");
        }
        Type type = null;
        String name = null;
        String model = null;
        for (Map.Entry<String, JsonNode> field : description.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "type" -> {
                    if (!value.isTextual() || !Set.of("contact", "motion", "doorbell", "camera").contains(value.asText())) {
                        throw new IllegalArgumentException("type must be \"contact\", \"motion\", \"doorbell\" or \"camera\""
                                + " (an account has exactly one panel), not " + value);
                    }
                    type = Type.fromApi(value.asText());
                }
                case "name" -> name = requireName(value);
                case "model" -> {
                    if (!value.isTextual() || value.asText().isBlank()) {
                        throw new IllegalArgumentException("model must be a non-blank string");
                    }
                    model = value.asText().trim();
                }
                default -> throw new IllegalArgumentException("unknown key '" + field.getKey() + "'; use type, name, model");
            }
        }
        if (type == null || name == null) {
            throw new IllegalArgumentException("a device description needs a type and a name");
        }
        synchronized (devices) {
            Instant now = now();
            SimDevice device = add(uniqueId(demoUser, name, type), accountId, type, name,
                    model == null ? defaultModel(type) : model, now);
            publishDevicesChanged(device, "added", now);
            return device.controlView(0);
        }
    }

    /** Unpairs a device, as in the Aegis app; pushes {@code devices.changed} ({@code change: "removed"}). Panels cannot be removed. */
    @Override
    public void removeDevice(String deviceId) {
        synchronized (devices) {
            SimDevice device = devices.get(deviceId);
            if (device == null) {
                throw new IllegalArgumentException("unknown Aegis device " + deviceId);
            }
            if (device.type == Type.PANEL) {
                throw new IllegalArgumentException(deviceId + " is the account's panel (its hub); it cannot be removed");
            }
            devices.remove(deviceId);
            SimDevice panel = panelOf(device.accountId);
            panel.bypassed.remove(deviceId);
            publishDevicesChanged(device, "removed", now());
        }
    }

    private String uniqueId(String demoUser, String name, Type type) {
        String slug = slug(name);
        return freeId("ag-" + demoUser + "-" + (slug.isEmpty() ? type.api() : slug), devices::containsKey);
    }

    private static String defaultModel(Type type) {
        return switch (type) {
            case CONTACT -> "Aegis Contact C2";
            case MOTION -> "Aegis Motion M2";
            case DOORBELL -> "Aegis Doorbell D1";
            case CAMERA -> "Aegis Cam Outdoor 2";
            case PANEL -> "Aegis Hub 3";
        };
    }

    private static String requireName(JsonNode value) {
        if (!value.isTextual() || value.asText().isBlank() || value.asText().trim().length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be a non-blank string of at most " + MAX_NAME_LENGTH + " characters");
        }
        return value.asText().trim();
    }

    // ------------------------------------------------------------------ counters for tests

    /** {@code POST /v1/panels/{id}/arm} and {@code …/disarm} requests received so far. */
    public int operationCalls() {
        return operationCalls.get();
    }

    /** {@code POST /v1/cameras/{id}/streams} requests received so far. */
    public int streamCalls() {
        return streamCalls.get();
    }

    // ------------------------------------------------------------------ changes outside Alexa

    /** A checked {@code changeDeviceState} request; values in the API's spelling, null where not given. */
    private record Change(Boolean online, String name, String source, String contact, Boolean motion, Boolean person,
                          boolean press, String armState, boolean alarmGiven, String alarm) {

        static Change parse(SimDevice device, JsonNode change) {
            Set<String> allowed = stateKeys(device.type);
            Boolean online = null;
            String name = null;
            String source = null;
            String contact = null;
            Boolean motion = null;
            Boolean person = null;
            boolean press = false;
            String armState = null;
            boolean alarmGiven = false;
            String alarm = null;
            for (Map.Entry<String, JsonNode> field : change.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (!COMMON_KEYS.contains(key) && !allowed.contains(key)) {
                    throw new IllegalArgumentException("unknown key '" + key + "' for a " + device.type.api() + "; use "
                            + String.join(", ", new TreeSet<>(union(COMMON_KEYS, allowed))));
                }
                switch (key) {
                    case "online" -> online = requireBoolean(key, value);
                    case "name" -> name = requireName(value);
                    case "source" -> {
                        if (!value.isTextual() || !SOURCES.contains(value.asText())) {
                            throw new IllegalArgumentException("source must be \"device\", \"app\" or \"automation\", not " + value);
                        }
                        source = value.asText();
                    }
                    case "contact" -> contact = enumValue(key, value, CONTACT_VALUES, false);
                    case "motion" -> motion = requireBoolean(key, value);
                    case "person" -> person = requireBoolean(key, value);
                    case "press" -> {
                        if (!value.isBoolean() || !value.booleanValue()) {
                            throw new IllegalArgumentException("press must be true (a press has no undo)");
                        }
                        press = true;
                    }
                    case "armState" -> armState = enumValue(key, value, ARM_STATES, false);
                    case "alarm" -> {
                        alarmGiven = true;
                        alarm = enumValue(key, value, ALARM_VALUES, true);
                    }
                    default -> throw new IllegalStateException("unhandled key " + key);
                }
            }
            boolean panelChange = armState != null || alarmGiven;
            boolean sensorChange = contact != null || motion != null || person != null || press;
            if (source != null && !panelChange && !sensorChange) {
                throw new IllegalArgumentException("source only goes with a state key");
            }
            if (source != null && !source.equals("device") && sensorChange) {
                throw new IllegalArgumentException("sensors and doorbells only change at the device; source must be \"device\"");
            }
            if (armState != null && !armState.equals(SimDevice.DISARMED) && (alarmGiven ? alarm != null : device.alarm != null)) {
                throw new IllegalArgumentException("the panel does not arm while an alarm sounds; clear it first (\"alarm\": null)");
            }
            return new Change(online, name, source == null ? "device" : source, contact, motion, person, press, armState,
                    alarmGiven, alarm);
        }

        private static Set<String> stateKeys(Type type) {
            return switch (type) {
                case CONTACT -> Set.of("contact");
                case MOTION -> Set.of("motion");
                case CAMERA -> Set.of("motion", "person");
                case DOORBELL -> Set.of("press");
                case PANEL -> Set.of("armState", "alarm");
            };
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            Set<String> all = new HashSet<>(a);
            all.addAll(b);
            return all;
        }

        /** One of {@code values}' keys (case-insensitive), as its API value; null only when {@code nullable}. */
        private static String enumValue(String key, JsonNode value, Map<String, String> values, boolean nullable) {
            if (nullable && value.isNull()) {
                return null;
            }
            String api = value.isTextual() ? values.get(value.asText().toUpperCase(Locale.ROOT)) : null;
            if (api == null) {
                throw new IllegalArgumentException(key + " must be one of " + new TreeSet<>(values.keySet())
                        + (nullable ? " or null" : "") + ", not " + value);
            }
            return api;
        }
    }

    /** Applies a checked change and pushes what the cloud hears of it; caller holds the monitor. */
    private void apply(SimDevice device, Change change, Instant now) {
        boolean wasOnline = device.online;
        List<String> changed = new ArrayList<>();
        if (change.contact() != null && device.open != change.contact().equals("open")) {
            device.open = !device.open;
            changed.add("contact");
        }
        if (change.motion() != null && device.motion != change.motion()) {
            device.motion = change.motion();
            changed.add("motion");
        }
        if (change.person() != null && device.person != change.person()) {
            device.person = change.person();
            changed.add("person");
        }
        if (change.armState() != null && !change.armState().equals(device.armState)) {
            applyArmState(device, change.armState(), now, change.armState().equals("away") ? AWAY_EXIT_DELAY : Duration.ZERO,
                    openContacts(device.accountId));
            changed.add("arm_state");
            if (change.armState().equals(SimDevice.DISARMED) && device.alarm != null && !change.alarmGiven()) {
                device.alarm = null;
                changed.add("alarm");
            }
        }
        if (change.alarmGiven() && !Objects.equals(change.alarm(), device.alarm)) {
            device.alarm = change.alarm();
            changed.add("alarm");
        }
        if (wasOnline && !changed.isEmpty()) {
            device.updatedAt = now;
            publishState(device, change.source(), changed, now);
            checkIntrusion(device, now);
        }
        if (change.press() && wasOnline) {
            device.lastPressedAt = now;
            device.updatedAt = now;
            publish(event("doorbell.pressed", device, now));
        }
        if (change.online() != null && change.online() != wasOnline) {
            device.online = change.online();
            device.updatedAt = now;
            ObjectNode event = event("device.connectivity", device, now);
            event.put("online", device.online);
            event.set("state", device.apiState());
            publish(event);
        }
        if (change.name() != null && !change.name().equals(device.name)) {
            device.name = change.name();
            publishDevicesChanged(device, "renamed", now);
        }
    }

    /** A panel armed (or disarmed) with this exit delay, bypassing {@code bypass}; caller holds the monitor. */
    private static void applyArmState(SimDevice panel, String armState, Instant now, Duration exitDelay, List<String> bypass) {
        panel.armState = armState;
        panel.bypassed.clear();
        if (armState.equals(SimDevice.DISARMED)) {
            panel.exitDelayEndsAt = null;
        } else {
            panel.bypassed.addAll(bypass);
            panel.exitDelayEndsAt = exitDelay.isZero() ? null : now.plus(exitDelay);
        }
    }

    /**
     * An intruder: a contact that opened (or motion, armed {@code away}) with the panel armed, past
     * its exit delay, not bypassed, sets off the burglary alarm. Caller holds the monitor.
     */
    private void checkIntrusion(SimDevice sensor, Instant now) {
        boolean tripped = (sensor.type == Type.CONTACT && sensor.open) || (sensor.type == Type.MOTION && sensor.motion);
        if (!tripped) {
            return;
        }
        SimDevice panel = panelOf(sensor.accountId);
        if (!panel.online || !panel.armed() || panel.alarm != null || panel.bypassed.contains(sensor.id)
                || (panel.exitDelayEndsAt != null && now.isBefore(panel.exitDelayEndsAt))
                || (sensor.type == Type.MOTION && !panel.armState.equals("away"))) {
            return;
        }
        panel.alarm = "burglary";
        panel.updatedAt = now;
        publishState(panel, "device", List.of("alarm"), now);
    }

    /** The account's panel (every account has exactly one); caller holds the monitor. */
    private SimDevice panelOf(String accountId) {
        return devices.values().stream().filter(d -> d.accountId.equals(accountId) && d.type == Type.PANEL).findFirst()
                .orElseThrow(() -> new IllegalStateException("account " + accountId + " has no panel"));
    }

    /** The ids of the account's open contact sensors (their last known state if offline); caller holds the monitor. */
    private List<String> openContacts(String accountId) {
        return devices.values().stream().filter(d -> d.accountId.equals(accountId) && d.type == Type.CONTACT && d.open)
                .map(d -> d.id).toList();
    }

    // ------------------------------------------------------------------ operations and events

    /** Completes an accepted operation; runs on the event thread. */
    private void complete(String operationId) {
        synchronized (devices) {
            SimOperation operation = operations.get(operationId);
            if (operation == null || !operation.status.equals(SimOperation.PENDING)) {
                return;
            }
            SimDevice panel = devices.get(operation.panelId);
            Instant now = now();
            if (!panel.online) {
                operation.error = "device_offline";
            } else if (operation.action.equals(SimOperation.ARM)) {
                List<String> open = openContacts(operation.accountId);
                if (panel.alarm != null) {
                    operation.error = "alarm_active";
                } else if (!open.isEmpty() && !operation.bypassOpenSensors) {
                    operation.error = "sensors_open";
                    operation.openSensors = open;
                } else {
                    Duration exitDelay = operation.mode.equals("away") ? AWAY_EXIT_DELAY : Duration.ZERO;
                    applyArmState(panel, operation.mode, now, exitDelay, open);
                    operation.exitDelaySeconds = (int) exitDelay.toSeconds();
                    operation.openSensors = open; // bypassed
                }
            } else {
                applyArmState(panel, SimDevice.DISARMED, now, Duration.ZERO, List.of());
                panel.alarm = null;
            }
            operation.status = operation.error == null ? SimOperation.SUCCEEDED : SimOperation.FAILED;
            operation.completedAt = now;
            if (panel.online) {
                panel.updatedAt = now;
            }

            ObjectNode event = event(operation.error == null ? "operation.succeeded" : "operation.failed", panel, now);
            ObjectNode outcome = operation.apiOperation();
            for (String field : List.of("operation_id", "action", "mode", "error", "open_sensors", "bypassed_sensors",
                    "exit_delay_seconds")) {
                if (outcome.has(field)) {
                    event.set(field, outcome.get(field));
                }
            }
            event.put("online", panel.online);
            event.set("state", panel.apiState());
            publish(event);
        }
    }

    /** The common head of every event: id, type, account, device and when it happened. */
    private static ObjectNode event(String type, SimDevice device, Instant at) {
        ObjectNode event = NODES.objectNode();
        event.put("event_id", newEventId());
        event.put("type", type);
        event.put("account_id", device.accountId);
        event.put("device_id", device.id);
        event.put("device_type", device.type.api());
        event.put("occurred_at", at.toString());
        return event;
    }

    private void publishState(SimDevice device, String source, List<String> changed, Instant now) {
        ObjectNode event = event("device.state", device, now);
        event.put("source", source);
        changed.forEach(event.putArray("changed")::add);
        event.set("state", device.apiState());
        publish(event);
    }

    /** {@code devices.changed}, reported by the account's panel (its hub) about {@code device}. */
    private void publishDevicesChanged(SimDevice device, String change, Instant now) {
        ObjectNode event = event("devices.changed", panelOf(device.accountId), now);
        event.put("change", change);
        event.put("changed_device_id", device.id);
        event.put("changed_device_type", device.type.api());
        event.put("name", device.name);
        publish(event);
    }

    // ------------------------------------------------------------------ API

    @Override
    protected void count(ApiRequest request) {
        if (!request.method().equals("POST")) {
            return;
        }
        String path = request.path();
        if (path.startsWith(PANELS_PATH + "/") && (path.endsWith("/arm") || path.endsWith("/disarm"))) {
            operationCalls.incrementAndGet();
        } else if (path.startsWith(CAMERAS_PATH + "/") && path.endsWith("/streams")) {
            streamCalls.incrementAndGet();
        }
    }

    @Override
    protected ApiError injectedError(int status) {
        return switch (status) {
            case 403 -> ApiError.of(403, "forbidden", "simulated fault: token lacks the security:control scope");
            case 409 -> ApiError.of(409, "device_offline", "simulated fault");
            default -> super.injectedError(status);
        };
    }

    @Override
    protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
        String path = request.path();
        if (under(path, DEVICES_PATH)) {
            String[] segments = request.segmentsAfter(DEVICES_PATH);
            if (segments.length == 0) {
                request.requireMethod("GET");
                return ApiResponse.ok(listDevices(accountId));
            }
            String deviceId = idSegment(request, segments, 1, null);
            request.requireMethod("GET");
            synchronized (devices) {
                return ApiResponse.ok(ownDevice(accountId, deviceId).apiDevice());
            }
        }
        if (under(path, PANELS_PATH)) {
            String[] segments = request.segmentsAfter(PANELS_PATH);
            if (segments.length >= 2 && segments[1].equals(SimOperation.ARM)) {
                String panelId = idSegment(request, segments, 2, SimOperation.ARM);
                request.requireMethod("POST");
                return ApiResponse.accepted(arm(accountId, panelId, request));
            }
            if (segments.length >= 2 && segments[1].equals(SimOperation.DISARM)) {
                String panelId = idSegment(request, segments, 2, SimOperation.DISARM);
                request.requireMethod("POST");
                return ApiResponse.accepted(disarm(accountId, panelId, request));
            }
        }
        if (under(path, CAMERAS_PATH)) {
            String[] segments = request.segmentsAfter(CAMERAS_PATH);
            if (segments.length >= 2 && segments[1].equals("streams")) {
                String cameraId = idSegment(request, segments, 2, "streams");
                request.requireMethod("POST");
                return new ApiResponse(201, openStreams(accountId, cameraId, request));
            }
        }
        if (under(path, OPERATIONS_PATH)) {
            String[] segments = request.segmentsAfter(OPERATIONS_PATH);
            if (segments.length > 0) {
                String operationId = idSegment(request, segments, 1, null);
                request.requireMethod("GET");
                return ApiResponse.ok(getOperation(accountId, operationId));
            }
        }
        throw request.noSuchPath();
    }

    private static boolean under(String path, String collection) {
        return path.equals(collection) || path.startsWith(collection + "/");
    }

    /**
     * The decoded id of {@code <collection>/<id>[/<action>][/]}: {@code length} segments (id and
     * action), optionally followed by one empty one (a trailing slash); anything else is no such path.
     */
    private static String idSegment(ApiRequest request, String[] segments, int length, String action) throws ApiError {
        boolean shape = segments.length == length || (segments.length == length + 1 && segments[length].isEmpty());
        if (!shape || segments[0].isEmpty() || (action != null && !segments[length - 1].equals(action))) {
            throw request.noSuchPath();
        }
        return ApiRequest.decodeSegment(segments[0]);
    }

    private ObjectNode listDevices(String accountId) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("devices");
        synchronized (devices) {
            devices.values().stream().filter(d -> d.accountId.equals(accountId)).forEach(d -> list.add(d.apiDevice()));
        }
        return answer;
    }

    /** The account's device; caller holds the monitor. Another account's device is "not found". */
    private SimDevice ownDevice(String accountId, String deviceId) throws ApiError {
        SimDevice device = devices.get(deviceId);
        if (device == null || !device.accountId.equals(accountId)) {
            throw ApiError.notFound("no device " + deviceId);
        }
        return device;
    }

    /** The account's device of that type: {@code 404}, or {@code 409 wrong_device_type}; caller holds the monitor. */
    private SimDevice ownDevice(String accountId, String deviceId, Type type) throws ApiError {
        SimDevice device = ownDevice(accountId, deviceId);
        if (device.type != type) {
            throw ApiError.of(409, "wrong_device_type", "device " + deviceId + " is a " + device.type.api() + ", not a " + type.api())
                    .with("device_type", device.type.api());
        }
        return device;
    }

    /** {@code 409 device_offline} unless the device is online. */
    private static void requireOnline(SimDevice device) throws ApiError {
        if (!device.online) {
            throw ApiError.of(409, "device_offline", "device " + device.id + " is offline").with("device_id", device.id);
        }
    }

    private ObjectNode arm(String accountId, String panelId, ApiRequest call) throws ApiError {
        synchronized (devices) {
            ownDevice(accountId, panelId, Type.PANEL);
        }
        JsonNode body = call.strictJsonObject("body must be a JSON object");
        String mode = null;
        boolean bypass = false;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "mode" -> {
                    if (!value.isTextual() || !SimDevice.ARM_MODES.contains(value.asText())) {
                        throw ApiError.badRequest("mode must be \"away\", \"stay\" or \"night\"");
                    }
                    mode = value.asText();
                }
                case "bypass_open_sensors" -> {
                    if (!value.isBoolean()) {
                        throw ApiError.badRequest("bypass_open_sensors must be true or false");
                    }
                    bypass = value.booleanValue();
                }
                default -> throw ApiError.badRequest("unknown field '" + field.getKey() + "'");
            }
        }
        if (mode == null) {
            throw ApiError.badRequest("body needs a mode: \"away\", \"stay\" or \"night\"");
        }
        synchronized (devices) {
            SimDevice panel = ownDevice(accountId, panelId, Type.PANEL);
            requireOnline(panel);
            if (panel.alarm != null) {
                throw ApiError.of(409, "alarm_active", "the " + panel.alarm + " alarm of panel " + panelId
                        + " is sounding; disarm to clear it first").with("alarm", panel.alarm);
            }
            return accept(new SimOperation(newOperationId(), panelId, accountId, SimOperation.ARM, mode, bypass, now()));
        }
    }

    private ObjectNode disarm(String accountId, String panelId, ApiRequest call) throws ApiError {
        synchronized (devices) {
            ownDevice(accountId, panelId, Type.PANEL);
        }
        JsonNode body = call.strictJsonObject("body must be a JSON object");
        byte[] pin = null;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!field.getKey().equals("pin")) {
                throw ApiError.badRequest("unknown field '" + field.getKey() + "'");
            }
            JsonNode value = field.getValue();
            if (!value.isTextual() || !value.asText().matches("[0-9]{4}")) {
                throw ApiError.badRequest("pin must be a string of four digits");
            }
            pin = value.asText().getBytes(StandardCharsets.US_ASCII);
        }
        synchronized (devices) {
            SimDevice panel = ownDevice(accountId, panelId, Type.PANEL);
            if (pin == null) {
                throw ApiError.of(403, "pin_required", "disarming panel " + panelId + " takes the account's four-digit PIN");
            }
            if (!MessageDigest.isEqual(pin, pins.get(accountId))) {
                throw ApiError.of(403, "invalid_pin", "the PIN is not this account's PIN");
            }
            requireOnline(panel);
            return accept(new SimOperation(newOperationId(), panelId, accountId, SimOperation.DISARM, null, false, now()));
        }
    }

    /** Records the operation and schedules its completion (unless commands are dropped); caller holds the monitor. */
    private ObjectNode accept(SimOperation operation) throws ApiError {
        scheduleOperation(() -> complete(operation.id));
        operations.put(operation.id, operation);
        return operation.apiOperation();
    }

    private ObjectNode openStreams(String accountId, String cameraId, ApiRequest call) throws ApiError {
        synchronized (devices) {
            ownDevice(accountId, cameraId, Type.CAMERA);
        }
        List<JsonNode> requests = StreamSession.requests(call.strictJsonObject("body must be a JSON object"));
        synchronized (devices) {
            SimDevice camera = ownDevice(accountId, cameraId, Type.CAMERA);
            requireOnline(camera);
            return StreamSession.open(camera, requests, now());
        }
    }

    private ObjectNode getOperation(String accountId, String operationId) throws ApiError {
        synchronized (devices) {
            SimOperation operation = operations.get(operationId);
            if (operation == null || !operation.accountId.equals(accountId)) {
                throw ApiError.notFound("no operation " + operationId);
            }
            return operation.apiOperation();
        }
    }
}
