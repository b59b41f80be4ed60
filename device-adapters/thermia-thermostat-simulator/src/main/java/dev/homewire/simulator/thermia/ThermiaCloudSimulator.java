package dev.homewire.simulator.thermia;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Thermia thermostat cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/thermia-cloud-api.md}: bearer-token accounts, the cheap
 * {@code GET /v1/summary} (a revision per thermostat), thermostat details, and commands
 * ({@code PUT …/setpoint}, {@code PUT …/mode}) that answer {@code 202} and are applied by a
 * scheduler after the {@linkplain #applyDelay() apply delay}. The cloud never pushes. The server,
 * bearer-token authentication, fault injection and {@link #close()} are {@link SimulatedCloud}'s;
 * accepted commands are applied on its {@linkplain #timers() timer} threads.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}) whose access tokens are
 * random per instance. Thread-safe: all thermostat state is guarded by one lock.
 */
public final class ThermiaCloudSimulator extends SimulatedCloud {

    public static final String ADAPTER_ID = "thermia";

    public static final String ALICE_ACCOUNT_ID = "thermia-acct-alice";
    public static final String BOB_ACCOUNT_ID = "thermia-acct-bob";

    /** Alice's "Living Room Thermostat": heat, 20.0 °C, ambient 19.5 °C, 7–30 °C, every mode. */
    public static final String LIVING_ROOM_ID = "th-alice-living-room";
    /** Alice's "Bedroom Thermostat": eco, 17.0 °C, ambient 18.0 °C, 5–25 °C, heat/eco/off only. */
    public static final String BEDROOM_ID = "th-alice-bedroom";
    /** Bob's "Office Thermostat": auto, 21.5 °C, ambient 22.4 °C, 7–30 °C, every mode. */
    public static final String OFFICE_ID = "th-bob-office";

    /** How long an accepted command takes to reach the thermostat unless configured otherwise. */
    public static final Duration DEFAULT_APPLY_DELAY = Duration.ofSeconds(2);
    /** Most ids one {@code GET /v1/thermostats?ids=…} may ask for. */
    public static final int MAX_IDS_PER_REQUEST = 25;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SUMMARY_PATH = "/v1/summary";
    private static final String THERMOSTATS_PATH = "/v1/thermostats";
    private static final double MIN_AMBIENT = -40.0;
    private static final double MAX_AMBIENT = 60.0;

    private final Map<String, SimThermostat> thermostats = new LinkedHashMap<>(); // guarded by itself
    /** Accepted, not yet applied changes by request id, in acceptance order; guarded by {@link #thermostats}. */
    private final Map<String, PendingChange> pending = new LinkedHashMap<>();

    private volatile Duration applyDelay;

    private final AtomicInteger summaryCalls = new AtomicInteger();
    private final AtomicInteger detailCalls = new AtomicInteger();
    private final AtomicInteger commandCalls = new AtomicInteger();
    private final AtomicInteger acceptedCommands = new AtomicInteger();
    private final AtomicInteger droppedCommands = new AtomicInteger();
    private final AtomicInteger appliedChanges = new AtomicInteger();
    private final AtomicInteger discardedChanges = new AtomicInteger();
    private final Map<String, AtomicInteger> detailFetches = new ConcurrentHashMap<>();

    /** A simulator with the {@link #DEFAULT_APPLY_DELAY}; call {@link #start(int)} to serve. */
    public ThermiaCloudSimulator() {
        this(DEFAULT_APPLY_DELAY);
    }

    /**
     * A simulator seeded with the demo accounts and thermostats.
     *
     * @param applyDelay how long after the {@code 202} an accepted command takes effect (tests use ~200 ms)
     */
    public ThermiaCloudSimulator(Duration applyDelay) {
        super(ADAPTER_ID, "Thermia", "/v1", List.of(
                bearerAccount("alice", ALICE_ACCOUNT_ID, newToken()),
                bearerAccount("bob", BOB_ACCOUNT_ID, newToken())));
        setApplyDelay(applyDelay);
        Instant now = now();
        String revisionTag = randomHex(3);

        SimThermostat livingRoom = add(new SimThermostat(LIVING_ROOM_ID, ALICE_ACCOUNT_ID, "Living Room Thermostat",
                "Thermia Sense 2", 7.0, 30.0, SimThermostat.ALL_MODES, revisionTag, now));
        livingRoom.mode = "heat";
        livingRoom.setpoint = 20.0;
        livingRoom.ambient = 19.5;

        SimThermostat bedroom = add(new SimThermostat(BEDROOM_ID, ALICE_ACCOUNT_ID, "Bedroom Thermostat",
                "Thermia Sense Mini", 5.0, 25.0, List.of("heat", "eco", "off"), revisionTag, now));
        bedroom.mode = "eco";
        bedroom.setpoint = 17.0;
        bedroom.ambient = 18.0;

        SimThermostat office = add(new SimThermostat(OFFICE_ID, BOB_ACCOUNT_ID, "Office Thermostat",
                "Thermia Sense 2", 7.0, 30.0, SimThermostat.ALL_MODES, revisionTag, now));
        office.mode = "auto";
        office.setpoint = 21.5;
        office.ambient = 22.4;
    }

    private SimThermostat add(SimThermostat thermostat) {
        thermostats.put(thermostat.id, thermostat);
        return thermostat;
    }

    private static String newToken() {
        return "thm_" + randomHex(20);
    }

    // ------------------------------------------------------------------ configuration

    /** How long after the {@code 202} an accepted command takes effect. */
    public Duration applyDelay() {
        return applyDelay;
    }

    /** Changes the apply delay for commands accepted from now on (already accepted ones keep theirs). */
    public void setApplyDelay(Duration applyDelay) {
        Objects.requireNonNull(applyDelay, "applyDelay");
        if (applyDelay.isNegative()) {
            throw new IllegalArgumentException("applyDelay must not be negative");
        }
        this.applyDelay = applyDelay;
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    /**
     * Every thermostat as {@code {"deviceId","accountId","name","model","online","mode","setpoint",
     * "ambient","revision","setpointRange","supportedModes","updatedAt","changedAt"}}, plus
     * {@code "pending":[{"requestId","field","value","acceptedAt","dueAt"}]} while accepted
     * commands wait to be applied.
     */
    @Override
    public JsonNode devices() {
        Instant now = now();
        ArrayNode all = NODES.arrayNode();
        synchronized (thermostats) {
            for (SimThermostat thermostat : thermostats.values()) {
                ObjectNode view = thermostat.controlView(now);
                List<PendingChange> waiting = pending.values().stream()
                        .filter(change -> change.thermostatId().equals(thermostat.id)).toList();
                if (!waiting.isEmpty()) {
                    ArrayNode list = view.putArray("pending");
                    for (PendingChange change : waiting) {
                        ObjectNode entry = list.addObject();
                        entry.put("requestId", change.requestId());
                        entry.put("field", change.field());
                        entry.set("value", change.value());
                        entry.put("acceptedAt", change.acceptedAt().toString());
                        entry.put("dueAt", change.dueAt().toString());
                    }
                }
                all.add(view);
            }
        }
        return all;
    }

    /**
     * Changes a thermostat as the world would, outside Alexa. Keys: {@code ambient} (°C, −40–60:
     * the room warms up or cools down), {@code setpoint} (°C within the thermostat's range) and
     * {@code mode} (a supported mode) — someone at the wall unit or in the Thermia app — and
     * {@code online} (boolean). Numbers are rounded to one decimal. All-or-nothing; every
     * accepted call bumps the revision. Values changed while the thermostat is offline become its
     * last known values.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode state) {
        if (state == null || !state.isObject() || state.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        synchronized (thermostats) {
            SimThermostat thermostat = thermostats.get(deviceId);
            if (thermostat == null) {
                throw new IllegalArgumentException("no simulated Thermia thermostat " + deviceId);
            }
            Boolean online = null;
            Double ambient = null;
            Double setpoint = null;
            String mode = null;
            for (Map.Entry<String, JsonNode> field : state.properties()) {
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "online" -> online = requireBoolean("online", value);
                    case "ambient" -> {
                        if (!value.isNumber() || !(value.doubleValue() >= MIN_AMBIENT && value.doubleValue() <= MAX_AMBIENT)) {
                            throw new IllegalArgumentException("ambient must be a number within " + MIN_AMBIENT + ".."
                                    + MAX_AMBIENT + " °C, not " + value);
                        }
                        ambient = SimThermostat.oneDecimal(value.doubleValue());
                    }
                    case "setpoint" -> {
                        double rounded = value.isNumber() ? SimThermostat.oneDecimal(value.doubleValue()) : Double.NaN;
                        if (!thermostat.accepts(rounded)) {
                            throw new IllegalArgumentException("setpoint must be a number within " + thermostat.minSetpoint
                                    + ".." + thermostat.maxSetpoint + " °C, not " + value);
                        }
                        setpoint = rounded;
                    }
                    case "mode" -> {
                        if (!value.isTextual() || !thermostat.supports(value.asText())) {
                            throw new IllegalArgumentException("mode must be one of " + thermostat.supportedModes + ", not " + value);
                        }
                        mode = value.asText();
                    }
                    default -> throw new IllegalArgumentException("unknown key '" + field.getKey()
                            + "'; use online, ambient, setpoint, mode");
                }
            }
            Instant now = now();
            if (ambient != null) {
                thermostat.ambient = ambient;
            }
            if (setpoint != null) {
                thermostat.setpoint = setpoint;
            }
            if (mode != null) {
                thermostat.mode = mode;
            }
            if (online != null && online != thermostat.online) {
                thermostat.online = online;
                thermostat.offlineSince = online ? null : now;
            }
            thermostat.bump(now);
        }
    }

    /** Forgets the accepted commands still waiting; the timers that would apply them have stopped. */
    @Override
    protected void onStop() {
        synchronized (thermostats) {
            pending.clear();
        }
    }

    // ------------------------------------------------------------------ counters for tests

    /** {@code GET /v1/summary} requests received so far. */
    public int summaryCalls() {
        return summaryCalls.get();
    }

    /** {@code GET /v1/thermostats[?ids=…]} and {@code GET /v1/thermostats/{id}} requests received so far. */
    public int detailCalls() {
        return detailCalls.get();
    }

    /** {@code PUT /v1/thermostats/{id}/setpoint|mode} requests received so far. */
    public int commandCalls() {
        return commandCalls.get();
    }

    /** How often a detail answer has included this thermostat (list, {@code ?ids=} or single GET). */
    public int detailFetches(String thermostatId) {
        AtomicInteger count = detailFetches.get(thermostatId);
        return count == null ? 0 : count.get();
    }

    /** Commands answered {@code 202} (dropped ones included). */
    public int acceptedCommands() {
        return acceptedCommands.get();
    }

    /** Commands answered {@code 202} but never applied because of {@link FaultSpec#dropCommands()}. */
    public int droppedCommands() {
        return droppedCommands.get();
    }

    /** Accepted commands that have taken effect. */
    public int appliedChanges() {
        return appliedChanges.get();
    }

    /** Accepted commands discarded because their thermostat was offline when they fell due. */
    public int discardedChanges() {
        return discardedChanges.get();
    }

    // ------------------------------------------------------------------ API

    @Override
    protected void count(ApiRequest request) {
        String path = request.path();
        String method = request.method();
        if (path.equals(SUMMARY_PATH) && method.equals("GET")) {
            summaryCalls.incrementAndGet();
        } else if (path.equals(THERMOSTATS_PATH) || path.startsWith(THERMOSTATS_PATH + "/")) {
            if (method.equals("PUT") && (path.endsWith("/setpoint") || path.endsWith("/mode"))) {
                commandCalls.incrementAndGet();
            } else if (method.equals("GET")) {
                detailCalls.incrementAndGet();
            }
        }
    }

    @Override
    protected ApiError injectedError(int status) {
        return switch (status) {
            case 403 -> ApiError.of(403, "forbidden", "simulated fault: token lacks the thermostat:write scope");
            case 409 -> ApiError.of(409, "conflict", "simulated fault");
            default -> super.injectedError(status);
        };
    }

    @Override
    protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
        if (request.path().equals(SUMMARY_PATH)) {
            request.requireMethod("GET");
            return ApiResponse.ok(summary(accountId));
        }
        String[] segments = request.segmentsAfter(THERMOSTATS_PATH);
        if (segments.length == 0) {
            request.requireMethod("GET");
            return ApiResponse.ok(listThermostats(accountId, idsParameter(request.rawQuery())));
        }
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            request.requireMethod("GET");
            return ApiResponse.ok(getThermostat(accountId, decode(segments[0])));
        }
        if (segments.length == 2 && (segments[1].equals("setpoint") || segments[1].equals("mode"))) {
            request.requireMethod("PUT");
            return ApiResponse.accepted(command(accountId, decode(segments[0]), segments[1], request));
        }
        throw request.noSuchPath();
    }

    /** A path segment or query component, decoded; {@code +} stays a plus. */
    private static String decode(String raw) throws ApiError {
        return ApiRequest.decode(raw, "malformed percent-encoding");
    }


    /** The {@code ids} query parameter as a set, or null without one. Other parameters are ignored. */
    private static Set<String> idsParameter(String rawQuery) throws ApiError {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Set<String> ids = null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!name.equals("ids")) {
                continue;
            }
            if (ids != null) {
                throw ApiError.badRequest("give ids once, comma-separated");
            }
            ids = new LinkedHashSet<>();
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
            if (ids.isEmpty()) {
                throw ApiError.badRequest("ids needs at least one thermostat id");
            }
            if (ids.size() > MAX_IDS_PER_REQUEST) {
                throw ApiError.badRequest("at most " + MAX_IDS_PER_REQUEST + " ids per request, got " + ids.size());
            }
        }
        return ids;
    }

    private ObjectNode summary(String accountId) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("thermostats");
        synchronized (thermostats) {
            thermostats.values().stream().filter(t -> t.accountId.equals(accountId))
                    .forEach(t -> list.add(t.summaryEntry()));
        }
        return answer;
    }

    private ObjectNode listThermostats(String accountId, Set<String> ids) {
        Instant now = now();
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("thermostats");
        synchronized (thermostats) {
            for (SimThermostat thermostat : thermostats.values()) {
                if (thermostat.accountId.equals(accountId) && (ids == null || ids.contains(thermostat.id))) {
                    list.add(detailsOf(thermostat, now));
                }
            }
        }
        return answer;
    }

    private ObjectNode getThermostat(String accountId, String thermostatId) throws ApiError {
        Instant now = now();
        synchronized (thermostats) {
            return detailsOf(own(accountId, thermostatId), now);
        }
    }

    private ObjectNode detailsOf(SimThermostat thermostat, Instant now) {
        detailFetches.computeIfAbsent(thermostat.id, id -> new AtomicInteger()).incrementAndGet();
        return thermostat.apiDetails(now);
    }

    /** The account's thermostat or 404; caller holds the lock. */
    private SimThermostat own(String accountId, String thermostatId) throws ApiError {
        SimThermostat thermostat = thermostats.get(thermostatId);
        if (thermostat == null || !thermostat.accountId.equals(accountId)) {
            throw ApiError.notFound("no thermostat " + thermostatId);
        }
        return thermostat;
    }

    /** {@code PUT …/setpoint} and {@code PUT …/mode}: validate, accept (202), apply later. */
    private ObjectNode command(String accountId, String thermostatId, String field, ApiRequest call) throws ApiError {
        boolean drop = dropCommands();
        Instant now = now();
        String requestId = "req_" + randomHex(8);
        synchronized (thermostats) {
            SimThermostat thermostat = own(accountId, thermostatId);
            JsonNode value = field.equals("setpoint") ? setpointValue(thermostat, call) : modeValue(thermostat, call);
            if (!thermostat.online) {
                throw offline(thermostat.id, thermostat.offlineSince.toString());
            }
            acceptedCommands.incrementAndGet();
            if (drop) {
                droppedCommands.incrementAndGet();
            } else {
                Duration delay = applyDelay;
                PendingChange change = new PendingChange(requestId, thermostat.id, field, value, now, now.plus(delay));
                pending.put(requestId, change);
                try {
                    timers().schedule(() -> apply(requestId), delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closing) {
                    pending.remove(requestId);
                    throw ApiError.of(503, "unavailable", "the cloud is shutting down");
                }
            }
        }
        ObjectNode answer = NODES.objectNode();
        answer.put("request_id", requestId);
        answer.put("thermostat_id", thermostatId);
        answer.put("status", "accepted");
        answer.put("accepted_at", now.toString());
        return answer;
    }

    /** The validated, rounded setpoint of a {@code {"setpoint": n}} body; caller holds the lock. */
    private static JsonNode setpointValue(SimThermostat thermostat, ApiRequest call) throws ApiError {
        JsonNode value = singleField(call, "setpoint");
        if (!value.isNumber()) {
            throw ApiError.badRequest("setpoint must be a number (°C)");
        }
        double rounded = SimThermostat.oneDecimal(value.doubleValue());
        if (!thermostat.accepts(rounded)) {
            throw setpointOutOfRange(thermostat.id, rounded, thermostat.minSetpoint, thermostat.maxSetpoint);
        }
        return NODES.numberNode(rounded);
    }

    /** The validated mode of a {@code {"mode": "…"}} body; caller holds the lock. */
    private static JsonNode modeValue(SimThermostat thermostat, ApiRequest call) throws ApiError {
        JsonNode value = singleField(call, "mode");
        if (!value.isTextual()) {
            throw ApiError.badRequest("mode must be a string");
        }
        if (!thermostat.supports(value.asText())) {
            throw unsupportedMode(thermostat.id, value.asText(), thermostat.supportedModes);
        }
        return value;
    }

    private static JsonNode singleField(ApiRequest call, String field) throws ApiError {
        JsonNode request = call.jsonObject("body must be a JSON object {\"" + field + "\": …}");
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            if (!entry.getKey().equals(field)) {
                throw ApiError.badRequest("unknown field '" + entry.getKey() + "'; the body is {\"" + field + "\": …}");
            }
        }
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.badRequest("body needs the field '" + field + "'");
        }
        return value;
    }

    /**
     * Applies an accepted change when it falls due (scheduler thread), after any change to the
     * same thermostat accepted before it that is still waiting: changes apply in acceptance order
     * even when two scheduler threads pick up neighbouring ones.
     */
    private void apply(String requestId) {
        synchronized (thermostats) {
            PendingChange due = pending.get(requestId);
            if (due == null) {
                return; // applied already, with a later change
            }
            List<PendingChange> batch = new ArrayList<>();
            for (PendingChange change : pending.values()) { // acceptance order
                if (change.thermostatId().equals(due.thermostatId())) {
                    batch.add(change);
                }
                if (change == due) {
                    break;
                }
            }
            for (PendingChange change : batch) {
                pending.remove(change.requestId());
                SimThermostat thermostat = thermostats.get(change.thermostatId());
                if (thermostat == null || !thermostat.online) {
                    // The thermostat lost its connection before the change reached it: the change is lost.
                    discardedChanges.incrementAndGet();
                    continue;
                }
                if (change.field().equals("setpoint")) {
                    thermostat.setpoint = change.value().doubleValue();
                } else {
                    thermostat.mode = change.value().asText();
                }
                thermostat.bump(now());
                appliedChanges.incrementAndGet();
            }
        }
    }

    /** An accepted command waiting for its apply time. */
    private record PendingChange(String requestId, String thermostatId, String field, JsonNode value,
                                 Instant acceptedAt, Instant dueAt) {
    }

    // ------------------------------------------------------------------ Thermia's own errors

    private static ApiError offline(String thermostatId, String lastSeenAt) {
        return ApiError.of(409, "thermostat_offline", "thermostat " + thermostatId + " is offline")
                .with("thermostat_id", thermostatId)
                .with("last_seen_at", lastSeenAt);
    }

    private static ApiError setpointOutOfRange(String thermostatId, double requested, double min, double max) {
        return ApiError.of(422, "setpoint_out_of_range",
                        "setpoint " + requested + " °C is outside " + min + ".." + max + " °C of thermostat " + thermostatId)
                .with("thermostat_id", thermostatId)
                .with("min", min)
                .with("max", max);
    }

    private static ApiError unsupportedMode(String thermostatId, String mode, List<String> supported) {
        ApiError error = ApiError.of(422, "unsupported_mode",
                        "thermostat " + thermostatId + " does not support mode '" + mode + "'; it supports " + supported)
                .with("thermostat_id", thermostatId);
        supported.forEach(error.body().putArray("supported_modes")::add);
        return error;
    }
}
