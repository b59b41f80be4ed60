package dev.homewire.simulator.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import dev.homewire.simulator.http.ApiRequest;
import dev.homewire.simulator.http.ApiResponse;
import dev.homewire.simulator.http.SignedWebhookSender;
import dev.homewire.simulator.http.SimulatedCloud;
import dev.homewire.simulator.http.SimulatedPushCloud;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Latchkey smart-lock cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/latchkey-cloud-api.md}: bearer-token accounts, {@code GET /v1/locks},
 * {@code GET /v1/locks/{id}}, {@code POST /v1/locks/{id}/operations} answering {@code 202}, and
 * the outcome delivered later as a signed webhook to the URL given to {@link #connectWebhook(URI)}.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}); access tokens and the
 * webhook secret are random per instance. Operations complete after {@link #operationDelay()}
 * (default {@link #DEFAULT_OPERATION_DELAY}) on a scheduler thread, never on the API thread.
 * Webhooks are delivered one at a time in the order they were raised, each retried twice
 * (after 0.5 s and 2 s) when the receiver fails or does not answer 2xx; every attempt is signed
 * afresh. The server, bearer-token authentication, fault injection and {@link #close()} are
 * {@link SimulatedCloud}'s; the event thread, the operation delay and the signed webhooks (with
 * their counters) {@link SimulatedPushCloud}'s. Thread-safe: all lock and operation state is
 * guarded by one monitor.
 */
public final class LatchkeyCloudSimulator extends SimulatedPushCloud {

    public static final String ADAPTER_ID = "latchkey";

    public static final String ALICE_ACCOUNT_ID = "latchkey-acct-alice";
    public static final String BOB_ACCOUNT_ID = "latchkey-acct-bob";

    /** Alice's "Front Door", locked at start. */
    public static final String FRONT_DOOR_ID = "lk-alice-front-door";
    /** Alice's "Back Door", unlocked at start. */
    public static final String BACK_DOOR_ID = "lk-alice-back-door";
    /** Bob's "Garage Door", locked at start. */
    public static final String GARAGE_DOOR_ID = "lk-bob-garage-door";

    /** Webhook headers. */
    public static final String TIMESTAMP_HEADER = "Latchkey-Timestamp";
    public static final String SIGNATURE_HEADER = "Latchkey-Signature";
    public static final String EVENT_ID_HEADER = "Latchkey-Event-Id";

    /** How long an operation takes from acceptance to its webhook, unless configured otherwise. */
    public static final Duration DEFAULT_OPERATION_DELAY = Duration.ofSeconds(1);

    /** Finished operations are remembered (for {@code GET …/operations/{id}}) up to this many. */
    private static final int MAX_OPERATIONS = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LOCKS_PATH = "/v1/locks";
    private static final Set<String> CHANGE_SOURCES = Set.of("manual", "keypad", "auto_lock", "app");

    private final Map<String, SimLock> locks = new LinkedHashMap<>(); // guarded by itself; also guards operations
    private final Map<String, SimOperation> operations = eldestForgotten(MAX_OPERATIONS);
    private final AtomicInteger operationCalls = new AtomicInteger();

    /** A simulator seeded with the demo accounts and locks, completing operations after {@link #DEFAULT_OPERATION_DELAY}. */
    public LatchkeyCloudSimulator() {
        this(DEFAULT_OPERATION_DELAY);
    }

    /**
     * A simulator seeded with the demo accounts and locks; call {@link #start(int)} to serve.
     *
     * @param operationDelay how long an accepted operation takes until its outcome is pushed (zero or more)
     */
    public LatchkeyCloudSimulator(Duration operationDelay) {
        super(ADAPTER_ID, "Latchkey", "/v1", List.of(
                bearerAccount("alice", ALICE_ACCOUNT_ID, newSecret("lk_")),
                bearerAccount("bob", BOB_ACCOUNT_ID, newSecret("lk_"))),
                new SignedWebhookSender("Latchkey", newSecret("lkwh_"),
                        new SignedWebhookSender.Headers(EVENT_ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER), "Latchkey-Webhooks/1.0"));
        setOperationDelay(operationDelay);
        Instant start = now();

        add(new SimLock(FRONT_DOOR_ID, ALICE_ACCOUNT_ID, "Front Door", "Latchkey Deadbolt 2",
                SimLock.LOCKED, 87, start.minus(Duration.ofMinutes(42))));
        add(new SimLock(BACK_DOOR_ID, ALICE_ACCOUNT_ID, "Back Door", "Latchkey Lever",
                SimLock.UNLOCKED, 64, start.minus(Duration.ofMinutes(7))));
        add(new SimLock(GARAGE_DOOR_ID, BOB_ACCOUNT_ID, "Garage Door", "Latchkey Deadbolt 2",
                SimLock.LOCKED, 23, start.minus(Duration.ofHours(3))));
    }

    private void add(SimLock lock) {
        locks.put(lock.id, lock);
    }

    private static String newSecret(String prefix) {
        return prefix + randomHex(24);
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    @Override
    public JsonNode devices() {
        ArrayNode all = NODES.arrayNode();
        synchronized (locks) {
            for (SimLock lock : locks.values()) {
                int pending = (int) operations.values().stream()
                        .filter(op -> op.lockId.equals(lock.id) && op.status.equals(SimOperation.PENDING)).count();
                all.add(lock.controlView(pending));
            }
        }
        return all;
    }

    /**
     * Changes a lock as if someone used it outside Alexa. Keys (all optional, at least one):
     * <ul>
     *   <li>{@code state}: {@code "locked"}, {@code "unlocked"} or {@code "jammed"} — someone turned
     *       the thumb turn (or the bolt jammed). Pushes {@code lock.state.changed} when the value
     *       changes while the lock is online;</li>
     *   <li>{@code source}: who changed {@code state}: {@code "manual"} (default), {@code "keypad"},
     *       {@code "auto_lock"} or {@code "app"};</li>
     *   <li>{@code online}: the lock drops off or comes back; pushes {@code lock.connectivity.changed};</li>
     *   <li>{@code battery}: integer percent 0–100 (no webhook);</li>
     *   <li>{@code jamOnNextOperation}: the next operation that reaches the lock ends {@code jammed}.</li>
     * </ul>
     * All-or-nothing. A state change while the lock is offline (before and after the call) is
     * not pushed; it becomes the last known state and travels with the connectivity event when
     * the lock comes back.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode change) {
        if (change == null || !change.isObject() || change.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        String state = null;
        String source = null;
        Boolean online = null;
        Integer battery = null;
        Boolean jam = null;
        for (Map.Entry<String, JsonNode> field : change.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "state" -> {
                    if (!value.isTextual() || !Set.of(SimLock.LOCKED, SimLock.UNLOCKED, SimLock.JAMMED).contains(value.asText())) {
                        throw new IllegalArgumentException("state must be \"locked\", \"unlocked\" or \"jammed\", not " + value);
                    }
                    state = value.asText();
                }
                case "source" -> {
                    if (!value.isTextual() || !CHANGE_SOURCES.contains(value.asText())) {
                        throw new IllegalArgumentException("source must be one of " + CHANGE_SOURCES + ", not " + value);
                    }
                    source = value.asText();
                }
                case "online" -> online = requireBoolean("online", value);
                case "jamOnNextOperation" -> jam = requireBoolean("jamOnNextOperation", value);
                case "battery" -> {
                    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0 || value.intValue() > 100) {
                        throw new IllegalArgumentException("battery must be an integer within 0..100, not " + value);
                    }
                    battery = value.intValue();
                }
                default -> throw new IllegalArgumentException("unknown key '" + field.getKey()
                        + "'; use state, source, online, battery, jamOnNextOperation");
            }
        }
        if (source != null && state == null) {
            throw new IllegalArgumentException("source only goes with state");
        }
        synchronized (locks) {
            SimLock lock = locks.get(deviceId);
            if (lock == null) {
                throw new IllegalArgumentException("unknown Latchkey lock " + deviceId);
            }
            Instant now = now();
            boolean wasOnline = lock.online;
            if (battery != null) {
                lock.battery = battery;
            }
            if (jam != null) {
                lock.jamOnNextOperation = jam;
            }
            if (state != null && !state.equals(lock.state)) {
                lock.state = state;
                if (wasOnline) {
                    lock.updatedAt = now;
                    ObjectNode event = event("lock.state.changed", lock);
                    event.put("state", lock.state);
                    event.put("source", source == null ? "manual" : source);
                    event.put("occurred_at", now.toString());
                    publish(event);
                }
            }
            if (online != null && online != wasOnline) {
                lock.online = online;
                lock.updatedAt = now;
                ObjectNode event = event("lock.connectivity.changed", lock);
                event.put("online", online);
                event.put("state", lock.state);
                event.put("occurred_at", now.toString());
                publish(event);
            }
        }
    }

    // ------------------------------------------------------------------ counters for tests

    /** {@code POST /v1/locks/{id}/operations} requests received so far. */
    public int operationCalls() {
        return operationCalls.get();
    }


    // ------------------------------------------------------------------ operations and events

    /** Completes an accepted operation; runs on the event scheduler. */
    private void complete(String operationId) {
        synchronized (locks) {
            SimOperation operation = operations.get(operationId);
            if (operation == null || !operation.status.equals(SimOperation.PENDING)) {
                return;
            }
            SimLock lock = locks.get(operation.lockId);
            Instant now = now();
            if (!lock.online) {
                operation.status = SimOperation.FAILED;
                operation.error = "lock_offline";
            } else if (lock.jamOnNextOperation) {
                lock.jamOnNextOperation = false;
                lock.state = SimLock.JAMMED;
                lock.updatedAt = now;
                operation.status = SimOperation.FAILED;
                operation.error = "jammed";
            } else {
                lock.state = operation.action.equals("lock") ? SimLock.LOCKED : SimLock.UNLOCKED;
                lock.updatedAt = now;
                operation.status = SimOperation.SUCCEEDED;
            }
            operation.resultState = lock.state;
            operation.completedAt = now;

            ObjectNode event = event("lock.operation.completed", lock);
            event.put("operation_id", operation.id);
            event.put("action", operation.action);
            event.put("result", operation.status);
            if (operation.error != null) {
                event.put("error", operation.error);
            }
            event.put("state", lock.state);
            event.put("source", "remote");
            event.put("occurred_at", now.toString());
            publish(event);
        }
    }

    /** The common head of every event: id, type, account and lock. */
    private static ObjectNode event(String type, SimLock lock) {
        ObjectNode event = NODES.objectNode();
        event.put("event_id", newEventId());
        event.put("type", type);
        event.put("account_id", lock.accountId);
        event.put("lock_id", lock.id);
        return event;
    }


    // ------------------------------------------------------------------ API

    @Override
    protected void count(ApiRequest request) {
        String path = request.path();
        if (request.method().equals("POST") && path.startsWith(LOCKS_PATH + "/") && path.endsWith("/operations")) {
            operationCalls.incrementAndGet();
        }
    }

    @Override
    protected ApiError injectedError(int status) {
        return switch (status) {
            case 403 -> ApiError.of(403, "forbidden", "simulated fault: token lacks the locks:control scope");
            case 409 -> ApiError.of(409, "lock_offline", "simulated fault");
            default -> super.injectedError(status);
        };
    }

    @Override
    protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
        String[] segments = request.segmentsAfter(LOCKS_PATH);
        if (segments.length == 0) {
            request.requireMethod("GET");
            return ApiResponse.ok(listLocks(accountId));
        }
        if (segments[0].isEmpty()) {
            throw request.noSuchPath();
        }
        String lockId = ApiRequest.decodeSegment(segments[0]);
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            request.requireMethod("GET");
            synchronized (locks) {
                return ApiResponse.ok(ownLock(accountId, lockId).apiLock());
            }
        }
        if (segments[1].equals("operations")) {
            if (segments.length == 2 || (segments.length == 3 && segments[2].isEmpty())) {
                request.requireMethod("POST");
                return ApiResponse.accepted(startOperation(accountId, lockId, request));
            }
            if (segments.length == 3) {
                request.requireMethod("GET");
                return ApiResponse.ok(getOperation(accountId, lockId, ApiRequest.decodeSegment(segments[2])));
            }
        }
        throw request.noSuchPath();
    }

    private ObjectNode listLocks(String accountId) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("locks");
        synchronized (locks) {
            locks.values().stream().filter(l -> l.accountId.equals(accountId)).forEach(l -> list.add(l.apiLock()));
        }
        return answer;
    }

    /** The account's lock; caller holds the monitor. Another account's lock is "not found". */
    private SimLock ownLock(String accountId, String lockId) throws ApiError {
        SimLock lock = locks.get(lockId);
        if (lock == null || !lock.accountId.equals(accountId)) {
            throw ApiError.notFound("no lock " + lockId);
        }
        return lock;
    }

    private ObjectNode startOperation(String accountId, String lockId, ApiRequest call) throws ApiError {
        synchronized (locks) {
            ownLock(accountId, lockId);
        }
        JsonNode request = call.strictJsonObject("body must be a JSON object");
        String action = null;
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            if (!field.getKey().equals("action")) {
                throw ApiError.badRequest("unknown field '" + field.getKey() + "'");
            }
            JsonNode value = field.getValue();
            if (!value.isTextual() || !(value.asText().equals("lock") || value.asText().equals("unlock"))) {
                throw ApiError.badRequest("action must be \"lock\" or \"unlock\"");
            }
            action = value.asText();
        }
        if (action == null) {
            throw ApiError.badRequest("body needs an action: \"lock\" or \"unlock\"");
        }
        synchronized (locks) {
            SimLock lock = ownLock(accountId, lockId);
            if (!lock.online) {
                throw lockOffline(lockId);
            }
            SimOperation operation = new SimOperation(newOperationId(), lockId, accountId, action, now());
            operations.put(operation.id, operation);
            scheduleOperation(() -> complete(operation.id));
            return operation.apiOperation();
        }
    }

    private ObjectNode getOperation(String accountId, String lockId, String operationId) throws ApiError {
        synchronized (locks) {
            ownLock(accountId, lockId);
            SimOperation operation = operations.get(operationId);
            if (operation == null || !operation.lockId.equals(lockId)) {
                throw ApiError.notFound("no operation " + operationId + " on lock " + lockId);
            }
            return operation.apiOperation();
        }
    }

    /** {@code 409 lock_offline} with the {@code lock_id}. */
    private static ApiError lockOffline(String lockId) {
        return ApiError.of(409, "lock_offline", "lock " + lockId + " is offline").with("lock_id", lockId);
    }
}
