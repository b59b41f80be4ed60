package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import dev.homewire.simulator.http.ApiRequest;
import dev.homewire.simulator.http.ApiResponse;
import dev.homewire.simulator.http.SimulatedCloud;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Arbor appliance cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/arbor-cloud-api.md}: bearer-token accounts, appliances of nine types
 * (blinds, fans, garage doors, scenes, pet feeders, thermostats, heaters, humidifiers, washers),
 * operations that answer {@code 202} with an operation id and take effect after the
 * {@linkplain #applyDelay() apply delay}, {@code GET /v1/operations/{id}} for their outcome, and the
 * cheap {@code GET /v1/summary} (a revision per appliance and an inventory revision per account).
 * The cloud never pushes. The server, bearer-token authentication, fault injection and
 * {@link #close()} are {@link SimulatedCloud}'s.
 *
 * <h2>Time</h2>
 * The world is a function of time: before every read and write the simulator advances every
 * appliance to "now", applying in time order what fell due since — accepted operations (in
 * acceptance order per appliance), doors arriving, programs and holds ending, momentary scenes
 * ending, feeders dispensing. No timer threads are involved, so a test may drive the simulator with
 * its own {@link Clock} ({@link #ArborCloudSimulator(Duration, Clock)}) and see exactly what a
 * client would see at that moment.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}) whose access tokens are
 * random per instance. Thread-safe: all appliance and operation state is guarded by one lock.
 */
public final class ArborCloudSimulator extends SimulatedCloud {

    public static final String ADAPTER_ID = "arbor";

    public static final String ALICE_ACCOUNT_ID = "arbor-acct-alice";
    public static final String BOB_ACCOUNT_ID = "arbor-acct-bob";

    /** Alice's "Living Room Blinds": position 40. */
    public static final String LIVING_ROOM_BLINDS_ID = "ar-alice-living-room-blinds";
    /** Alice's "Bedroom Fan": 5 speeds, oscillates, reverses; off, speed 2, forward. */
    public static final String BEDROOM_FAN_ID = "ar-alice-bedroom-fan";
    /** Alice's "Garage Door": closed. */
    public static final String GARAGE_DOOR_ID = "ar-alice-garage-door";
    /** Alice's "Movie Night" scene (deactivatable): closes the living-room blinds, dims the heater. */
    public static final String MOVIE_NIGHT_ID = "ar-alice-movie-night";
    /** Alice's "Good Morning" scene (momentary): opens the living-room blinds, switches the humidifier on. */
    public static final String GOOD_MORNING_ID = "ar-alice-good-morning";
    /** Alice's "Pet Feeder": 80 % food, dispensing every {@link #DISPENSE_INTERVAL}. */
    public static final String PET_FEEDER_ID = "ar-alice-pet-feeder";
    /** Alice's "Hallway Thermostat": 10–32 °C, minimum delta 2 °C; heat, 21 °C (19–24 °C), ambient 20.5 °C. */
    public static final String HALLWAY_THERMOSTAT_ID = "ar-alice-hallway-thermostat";
    /** Alice's "Space Heater": off, power level 60. */
    public static final String SPACE_HEATER_ID = "ar-alice-space-heater";
    /** Alice's "Humidifier": on, output 45. */
    public static final String HUMIDIFIER_ID = "ar-alice-humidifier";
    /** Alice's "Washer": on, running the normal cycle. */
    public static final String WASHER_ID = "ar-alice-washer";
    /** Bob's "Office Blinds": position 100. */
    public static final String OFFICE_BLINDS_ID = "ar-bob-office-blinds";
    /** Bob's "Office Fan": 3 speeds, oscillates, does not reverse; on, speed 2. */
    public static final String OFFICE_FAN_ID = "ar-bob-office-fan";

    /** How long an accepted operation takes to reach the appliance unless configured otherwise. */
    public static final Duration DEFAULT_APPLY_DELAY = Duration.ofMillis(500);
    /** How long a garage door travels (a real one takes ~12 s). */
    public static final Duration DOOR_TRAVEL_TIME = Duration.ofMillis(400);
    /** How long a momentary scene shows as active. */
    public static final Duration SCENE_RUN_TIME = Duration.ofSeconds(5);
    /** How often a pet feeder dispenses. */
    public static final Duration DISPENSE_INTERVAL = Duration.ofSeconds(20);
    /** Percent of the hopper one dispensing takes. */
    public static final int DISPENSE_PORTION = 4;
    /** Most ids one {@code GET /v1/appliances?ids=…} may ask for. */
    public static final int MAX_IDS_PER_REQUEST = 25;
    /** Operations whose outcome {@code GET /v1/operations/{id}} still knows (the most recent). */
    public static final int OPERATIONS_KEPT = 1000;
    /** The appliance types of the API, in API order. */
    public static final List<String> TYPES = List.of(SimBlinds.TYPE, SimFan.TYPE, SimGarageDoor.TYPE, SimScene.TYPE,
            SimPetFeeder.TYPE, SimThermostat.TYPE, SimLevelAppliance.HEATER, SimLevelAppliance.HUMIDIFIER, SimWasher.TYPE);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SUMMARY_PATH = "/v1/summary";
    private static final String APPLIANCES_PATH = "/v1/appliances";
    private static final String OPERATIONS_PATH = "/v1/operations";
    private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_NAME = 128;

    private final Clock clock;
    private final String revisionTag = randomHex(3);
    /** Every appliance by id, in seeding order; the lock of all simulator state. */
    private final Map<String, SimAppliance> appliances = new LinkedHashMap<>();
    /** Accepted, not yet due operations, in acceptance order (dropped ones never enter); guarded by {@link #appliances}. */
    private final Map<String, SimOperation> pending = new LinkedHashMap<>();
    /** The most recent operations by id; guarded by {@link #appliances}. */
    private final Map<String, SimOperation> operations = eldestForgotten(OPERATIONS_KEPT);
    /** Per account, a counter that moves when an appliance is added, removed or renamed; guarded by {@link #appliances}. */
    private final Map<String, Long> inventoryRevisions = new HashMap<>();
    private final Map<String, String> demoUserByAccount = new HashMap<>();

    private volatile Duration applyDelay;

    private final AtomicInteger summaryCalls = new AtomicInteger();
    private final AtomicInteger detailCalls = new AtomicInteger();
    private final AtomicInteger operationCalls = new AtomicInteger();
    private final AtomicInteger operationQueries = new AtomicInteger();
    private final AtomicInteger acceptedOperations = new AtomicInteger();
    private final AtomicInteger droppedOperations = new AtomicInteger();
    private final AtomicInteger succeededOperations = new AtomicInteger();
    private final AtomicInteger failedOperations = new AtomicInteger();
    private final Map<String, AtomicInteger> detailFetches = new ConcurrentHashMap<>();

    /** A simulator with the {@link #DEFAULT_APPLY_DELAY}; call {@link #start(int)} to serve. */
    public ArborCloudSimulator() {
        this(DEFAULT_APPLY_DELAY);
    }

    /** @param applyDelay how long after the {@code 202} an accepted operation takes effect */
    public ArborCloudSimulator(Duration applyDelay) {
        this(applyDelay, Clock.systemUTC());
    }

    /**
     * A simulator seeded with the demo accounts and appliances.
     *
     * @param applyDelay how long after the {@code 202} an accepted operation takes effect (tests use ~200 ms)
     * @param clock      the simulator's time (tests may move it themselves)
     */
    public ArborCloudSimulator(Duration applyDelay, Clock clock) {
        super(ADAPTER_ID, "Arbor", "/v1", List.of(
                bearerAccount("alice", ALICE_ACCOUNT_ID, newToken()),
                bearerAccount("bob", BOB_ACCOUNT_ID, newToken())));
        this.clock = Objects.requireNonNull(clock, "clock");
        setApplyDelay(applyDelay);
        demoAccounts().forEach(account -> demoUserByAccount.put(account.accountId(), account.demoUser()));
        seed(time());
    }

    private void seed(Instant now) {
        String alice = ALICE_ACCOUNT_ID;
        add(new SimBlinds(LIVING_ROOM_BLINDS_ID, alice, "Living Room Blinds", "Arbor Shade S2", revisionTag, now, 40));
        SimFan bedroomFan = add(new SimFan(BEDROOM_FAN_ID, alice, "Bedroom Fan", "Arbor Breeze 5", revisionTag, now, 5, true, true));
        bedroomFan.speed = 2;
        add(new SimGarageDoor(GARAGE_DOOR_ID, alice, "Garage Door", "Arbor Lift G1", revisionTag, now, DOOR_TRAVEL_TIME));
        add(new SimScene(MOVIE_NIGHT_ID, alice, "Movie Night", revisionTag, now, true, SCENE_RUN_TIME)
                .step(LIVING_ROOM_BLINDS_ID, NODES.objectNode().put("position", 0))
                .step(SPACE_HEATER_ID, NODES.objectNode().put("powerLevel", 30)));
        add(new SimScene(GOOD_MORNING_ID, alice, "Good Morning", revisionTag, now, false, SCENE_RUN_TIME)
                .step(LIVING_ROOM_BLINDS_ID, NODES.objectNode().put("position", 100))
                .step(HUMIDIFIER_ID, NODES.objectNode().put("power", "on")));
        add(new SimPetFeeder(PET_FEEDER_ID, alice, "Pet Feeder", "Arbor Feedr", revisionTag, now, 80, DISPENSE_INTERVAL,
                DISPENSE_PORTION, null));
        SimThermostat hallway = add(new SimThermostat(HALLWAY_THERMOSTAT_ID, alice, "Hallway Thermostat", "Arbor Climate T3",
                revisionTag, now, 10.0, 32.0, 2.0));
        hallway.mode = "heat";
        hallway.target = 21.0;
        hallway.lower = 19.0;
        hallway.upper = 24.0;
        hallway.ambient = 20.5;
        add(new SimLevelAppliance(SPACE_HEATER_ID, alice, SimLevelAppliance.HEATER, "Space Heater", "Arbor Warmth H2", revisionTag,
                now, false, 60));
        add(new SimLevelAppliance(HUMIDIFIER_ID, alice, SimLevelAppliance.HUMIDIFIER, "Humidifier", "Arbor Mist M1", revisionTag,
                now, true, 45));
        add(new SimWasher(WASHER_ID, alice, "Washer", "Arbor Wash W7", revisionTag, now)).start(now);

        String bob = BOB_ACCOUNT_ID;
        add(new SimBlinds(OFFICE_BLINDS_ID, bob, "Office Blinds", "Arbor Shade S2", revisionTag, now, 100));
        SimFan officeFan = add(new SimFan(OFFICE_FAN_ID, bob, "Office Fan", "Arbor Breeze 3", revisionTag, now, 3, true, false));
        officeFan.on = true;
        officeFan.speed = 2;
    }

    private <T extends SimAppliance> T add(T appliance) {
        appliances.put(appliance.id, appliance);
        return appliance;
    }

    private static String newToken() {
        return "arb_" + randomHex(20);
    }

    /** The simulator's now, to the millisecond. */
    private Instant time() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ------------------------------------------------------------------ configuration

    /** How long after the {@code 202} an accepted operation takes effect. */
    public Duration applyDelay() {
        return applyDelay;
    }

    /** Changes the apply delay for operations accepted from now on (already accepted ones keep theirs). */
    public void setApplyDelay(Duration applyDelay) {
        Objects.requireNonNull(applyDelay, "applyDelay");
        if (applyDelay.isNegative()) {
            throw new IllegalArgumentException("applyDelay must not be negative");
        }
        this.applyDelay = applyDelay;
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    /**
     * Every appliance as {@code {"deviceId","accountId","demoUser","type","name","model","online",
     * "specs","state","revision","updatedAt","changedAt"}} (the live state; while offline also
     * {@code "reportedState"} and {@code "offlineSince"}), plus
     * {@code "pending":[{"operationId","type","values"|"until","acceptedAt","dueAt"}]} while accepted
     * operations wait.
     */
    @Override
    public JsonNode devices() {
        ArrayNode all = NODES.arrayNode();
        synchronized (appliances) {
            Instant now = time();
            advance(now);
            for (SimAppliance appliance : appliances.values()) {
                ObjectNode view = appliance.controlView(now, demoUserByAccount.get(appliance.accountId));
                ArrayNode waiting = NODES.arrayNode();
                for (SimOperation op : pending.values()) {
                    if (op.applianceId.equals(appliance.id)) {
                        ObjectNode entry = op.command.toJson(waiting.addObject().put("operationId", op.id));
                        entry.put("acceptedAt", op.acceptedAt.toString());
                        entry.put("dueAt", op.dueAt.toString());
                    }
                }
                if (!waiting.isEmpty()) {
                    view.set("pending", waiting);
                }
                all.add(view);
            }
        }
        return all;
    }

    /**
     * Changes an appliance as the world would, outside Alexa. Every appliance takes {@code online}
     * (boolean) and {@code name} (a new name, as if renamed in the Arbor app: the account's inventory
     * revision moves); the others are physical, per type — blinds {@code position}; fans {@code on},
     * {@code speed}, {@code oscillate}, {@code direction}; garage doors {@code door}
     * ({@code "open"}/{@code "closed"}: the wall button, the door travels); pet feeders
     * {@code foodLevel} (0–100), {@code refill} ({@code true}: 100); thermostats {@code ambient}
     * (°C, −40–60), {@code mode}, {@code target}; heaters {@code on}, {@code powerLevel};
     * humidifiers {@code on}, {@code output}; washers {@code on} (the button: no program starts),
     * {@code cycle}, {@code running} ({@code true} starts the selected cycle, {@code false} ends the
     * program). All-or-nothing; a physical change made while the appliance is offline shows once it
     * is back.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode state) {
        if (state == null || !state.isObject() || state.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        synchronized (appliances) {
            Instant now = time();
            advance(now);
            SimAppliance appliance = appliances.get(deviceId);
            if (appliance == null) {
                throw new IllegalArgumentException("no simulated Arbor appliance " + deviceId);
            }
            Boolean online = null;
            String name = null;
            List<Consumer<Instant>> changes = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : state.properties()) {
                switch (entry.getKey()) {
                    case "online" -> online = requireBoolean("online", entry.getValue());
                    case "name" -> name = requireName(entry.getValue());
                    default -> changes.add(appliance.physicalChange(entry.getKey(), entry.getValue()));
                }
            }
            if (Boolean.FALSE.equals(online)) {
                appliance.setOnline(false, now); // what follows happens out of the cloud's sight
            }
            if (!changes.isEmpty()) {
                changes.forEach(change -> change.accept(now));
                appliance.changed(now);
            }
            if (name != null && !name.equals(appliance.name)) {
                appliance.name = name;
                appliance.bump(now);
                bumpInventory(appliance.accountId);
            }
            if (Boolean.TRUE.equals(online)) {
                appliance.setOnline(true, now);
            }
        }
    }

    private static String requireName(JsonNode value) {
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_NAME) {
            throw new IllegalArgumentException("name must be a non-blank string of at most " + MAX_NAME + " characters");
        }
        return value.asText().strip();
    }

    /**
     * Pairs a new appliance with a demo user's account, as the Arbor app would: {@code {"type": …,
     * "name": …}} plus, optionally, {@code id} (else {@code ar-<user>-<name as a slug>}),
     * {@code model}, and per type: fans {@code speeds} (2–10, default 3), {@code oscillates} (default
     * true), {@code reversible} (default false); scenes {@code deactivatable} (default true); pet
     * feeders {@code foodLevel} (default 100), {@code dashReplenishmentId}. It starts online in its
     * type's resting state; the account's inventory revision moves.
     */
    @Override
    public JsonNode addDevice(String demoUser, JsonNode description) {
        String accountId = demoAccountId(demoUser, "no Arbor demo account for user " + demoUser);
        if (description == null || !description.isObject()) {
            throw new IllegalArgumentException("the description must be a JSON object {\"type\": …, \"name\": …}");
        }
        String type = description.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be one of " + TYPES);
        }
        String name = requireName(description.path("name"));
        Set<String> allowed = new HashSet<>(List.of("type", "name", "id", "model"));
        allowed.addAll(switch (type) {
            case SimFan.TYPE -> List.of("speeds", "oscillates", "reversible");
            case SimScene.TYPE -> List.of("deactivatable");
            case SimPetFeeder.TYPE -> List.of("foodLevel", "dashReplenishmentId");
            default -> List.<String>of();
        });
        for (Map.Entry<String, JsonNode> entry : description.properties()) {
            if (!allowed.contains(entry.getKey())) {
                throw new IllegalArgumentException("a " + type + " takes no '" + entry.getKey() + "'; it takes " + allowed);
            }
        }
        String model = description.has("model") ? requireName(description.get("model")) : defaultModel(type);
        synchronized (appliances) {
            Instant now = time();
            advance(now);
            String id = description.has("id") ? description.get("id").asText("") : uniqueId(demoUser, name);
            if (!DEVICE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("id must be 1-64 lower-case letters, digits and '-'");
            }
            if (appliances.containsKey(id)) {
                throw new IllegalArgumentException("an appliance " + id + " exists already");
            }
            SimAppliance appliance = newAppliance(type, id, accountId, name, model, description, now);
            add(appliance);
            bumpInventory(accountId);
            return appliance.controlView(now, demoUser);
        }
    }

    private SimAppliance newAppliance(String type, String id, String accountId, String name, String model, JsonNode description,
                                      Instant now) {
        return switch (type) {
            case SimBlinds.TYPE -> new SimBlinds(id, accountId, name, model, revisionTag, now, 0);
            case SimFan.TYPE -> new SimFan(id, accountId, name, model, revisionTag, now, wholeOption(description, "speeds", 3, 2, 10),
                    booleanOption(description, "oscillates", true), booleanOption(description, "reversible", false));
            case SimGarageDoor.TYPE -> new SimGarageDoor(id, accountId, name, model, revisionTag, now, DOOR_TRAVEL_TIME);
            case SimScene.TYPE -> new SimScene(id, accountId, name, revisionTag, now, booleanOption(description, "deactivatable", true),
                    SCENE_RUN_TIME);
            case SimPetFeeder.TYPE -> new SimPetFeeder(id, accountId, name, model, revisionTag, now,
                    wholeOption(description, "foodLevel", 100, 0, 100), DISPENSE_INTERVAL, DISPENSE_PORTION,
                    description.has("dashReplenishmentId") ? requireName(description.get("dashReplenishmentId")) : null);
            case SimThermostat.TYPE -> new SimThermostat(id, accountId, name, model, revisionTag, now, 10.0, 32.0, 2.0);
            case SimWasher.TYPE -> new SimWasher(id, accountId, name, model, revisionTag, now);
            default -> new SimLevelAppliance(id, accountId, type, name, model, revisionTag, now, false, 50);
        };
    }

    private static String defaultModel(String type) {
        return switch (type) {
            case SimBlinds.TYPE -> "Arbor Shade S2";
            case SimFan.TYPE -> "Arbor Breeze 3";
            case SimGarageDoor.TYPE -> "Arbor Lift G1";
            case SimScene.TYPE -> "Arbor Scene";
            case SimPetFeeder.TYPE -> "Arbor Feedr";
            case SimThermostat.TYPE -> "Arbor Climate T3";
            case SimLevelAppliance.HEATER -> "Arbor Warmth H2";
            case SimLevelAppliance.HUMIDIFIER -> "Arbor Mist M1";
            default -> "Arbor Wash W7";
        };
    }

    private static int wholeOption(JsonNode description, String field, int fallback, int min, int max) {
        JsonNode value = description.get(field);
        return value == null ? fallback : Fields.control(field, () -> Fields.whole(field, value, min, max));
    }

    private static boolean booleanOption(JsonNode description, String field, boolean fallback) {
        JsonNode value = description.get(field);
        return value == null ? fallback : requireBoolean(field, value);
    }

    /** {@code ar-<user>-<slug>}, with {@code -2}, {@code -3} … if taken; caller holds the lock. */
    private String uniqueId(String demoUser, String name) {
        String slug = slug(name);
        String base = ("ar-" + demoUser + "-" + (slug.isEmpty() ? "appliance" : slug));
        return freeId(base.length() > 56 ? base.substring(0, 56) : base, appliances::containsKey);
    }

    /**
     * Removes an appliance as if its owner deleted it in the Arbor app: it is gone from every answer
     * ({@code 404}), its waiting operations fail ({@code not_found}), scenes skip it, and the
     * account's inventory revision moves.
     */
    @Override
    public void removeDevice(String deviceId) {
        synchronized (appliances) {
            Instant now = time();
            advance(now);
            SimAppliance removed = appliances.remove(deviceId);
            if (removed == null) {
                throw new IllegalArgumentException("no simulated Arbor appliance " + deviceId);
            }
            pending.values().removeIf(op -> {
                if (!op.applianceId.equals(deviceId)) {
                    return false;
                }
                fail(op, ApiError.notFound("appliance " + deviceId + " was removed"), now);
                return true;
            });
            bumpInventory(removed.accountId);
        }
    }

    /** The account's inventory revision (moves when an appliance is added, removed or renamed). */
    public String inventoryRevision(String accountId) {
        synchronized (appliances) {
            return inventoryRevisionOf(accountId);
        }
    }

    private String inventoryRevisionOf(String accountId) {
        return "inv-" + revisionTag + "-" + String.format("%04d", inventoryRevisions.getOrDefault(accountId, 1L));
    }

    private void bumpInventory(String accountId) {
        inventoryRevisions.merge(accountId, 2L, (old, ignored) -> old + 1);
    }

    // ------------------------------------------------------------------ counters for tests

    /** {@code GET /v1/summary} requests received so far. */
    public int summaryCalls() {
        return summaryCalls.get();
    }

    /** {@code GET /v1/appliances[?ids=…]} and {@code GET /v1/appliances/{id}} requests received so far. */
    public int detailCalls() {
        return detailCalls.get();
    }

    /** {@code POST /v1/appliances/{id}/operations} requests received so far. */
    public int operationCalls() {
        return operationCalls.get();
    }

    /** {@code GET /v1/operations/{id}} requests received so far. */
    public int operationQueries() {
        return operationQueries.get();
    }

    /** How often a detail answer has included this appliance (list, {@code ?ids=} or single GET). */
    public int detailFetches(String applianceId) {
        AtomicInteger count = detailFetches.get(applianceId);
        return count == null ? 0 : count.get();
    }

    /** Operations answered {@code 202} (dropped ones included). */
    public int acceptedOperations() {
        return acceptedOperations.get();
    }

    /** Operations answered {@code 202} but never applied because of {@link FaultSpec#dropCommands()}. */
    public int droppedOperations() {
        return droppedOperations.get();
    }

    /** Accepted operations that took effect. */
    public int succeededOperations() {
        return succeededOperations.get();
    }

    /** Accepted operations that failed when they fell due (appliance offline, removed, state no longer fitting). */
    public int failedOperations() {
        return failedOperations.get();
    }

    // ------------------------------------------------------------------ time

    /**
     * Applies, in time order, everything that fell due up to {@code now}: appliances' own transitions
     * and accepted operations (the first waiting one of each appliance, so an appliance's operations
     * apply in acceptance order); a transition and an operation due at the same instant: the
     * transition first. Caller holds the lock.
     */
    private void advance(Instant now) {
        while (true) {
            SimAppliance transitioning = null;
            Instant transitionAt = null;
            for (SimAppliance appliance : appliances.values()) {
                Instant at = appliance.nextTransitionAt();
                if (at != null && !at.isAfter(now) && (transitionAt == null || at.isBefore(transitionAt))) {
                    transitioning = appliance;
                    transitionAt = at;
                }
            }
            SimOperation due = null;
            Set<String> queued = new HashSet<>();
            for (SimOperation op : pending.values()) {
                if (queued.add(op.applianceId) && !op.dueAt.isAfter(now) && (due == null || op.dueAt.isBefore(due.dueAt))) {
                    due = op;
                }
            }
            if (transitioning != null && (due == null || !transitionAt.isAfter(due.dueAt))) {
                transitioning.transition(transitionAt);
                transitioning.changed(transitionAt);
            } else if (due != null) {
                pending.remove(due.id);
                complete(due);
            } else {
                return;
            }
        }
    }

    /** An operation falls due: applied if its appliance is there, online and (still) in a state to take it; else failed. */
    private void complete(SimOperation op) {
        Instant at = op.dueAt;
        SimAppliance appliance = appliances.get(op.applianceId);
        if (appliance == null) {
            fail(op, ApiError.notFound("appliance " + op.applianceId + " was removed"), at);
            return;
        }
        if (!appliance.online) {
            fail(op, offline(appliance), at);
            return;
        }
        try {
            appliance.check(op.command);
        } catch (ApiError noLongerFits) {
            fail(op, noLongerFits, at);
            return;
        }
        appliance.apply(op.command, at);
        appliance.changed(at);
        if (appliance instanceof SimScene scene && op.command.type().equals(SimCommand.ACTIVATE)) {
            runSteps(scene, at);
        }
        op.succeed(at);
        succeededOperations.incrementAndGet();
    }

    /** A scene's steps: each a {@code set} of an appliance of the scene's account; one that cannot be made (gone, offline, refused) is skipped. */
    private void runSteps(SimScene scene, Instant at) {
        scene.steps.forEach((applianceId, values) -> {
            SimAppliance target = appliances.get(applianceId);
            if (target == null || !target.online || !target.accountId.equals(scene.accountId)) {
                return;
            }
            try {
                SimCommand step = SimCommand.set(target.validateSet(values.deepCopy()));
                target.check(step);
                target.apply(step, at);
                target.changed(at);
            } catch (ApiError refused) {
                // skipped, as the Arbor app skips a step an appliance refuses
            }
        });
    }

    private void fail(SimOperation op, ApiError error, Instant at) {
        op.fail(error.body(), at);
        failedOperations.incrementAndGet();
    }

    // ------------------------------------------------------------------ API

    @Override
    protected void count(ApiRequest request) {
        String path = request.path();
        String method = request.method();
        if (path.equals(SUMMARY_PATH) && method.equals("GET")) {
            summaryCalls.incrementAndGet();
        } else if (path.startsWith(OPERATIONS_PATH + "/") && method.equals("GET")) {
            operationQueries.incrementAndGet();
        } else if (path.equals(APPLIANCES_PATH) || path.startsWith(APPLIANCES_PATH + "/")) {
            if (method.equals("POST") && path.endsWith("/operations")) {
                operationCalls.incrementAndGet();
            } else if (method.equals("GET")) {
                detailCalls.incrementAndGet();
            }
        }
    }

    @Override
    protected ApiError injectedError(int status) {
        return status == 403 ? ApiError.of(403, "forbidden", "simulated fault: the token lacks the appliances:write scope")
                : super.injectedError(status);
    }

    @Override
    protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
        String path = request.path();
        if (path.equals(SUMMARY_PATH)) {
            request.requireMethod("GET");
            return ApiResponse.ok(summary(accountId));
        }
        if (path.equals(OPERATIONS_PATH) || path.startsWith(OPERATIONS_PATH + "/")) {
            String[] segments = request.segmentsAfter(OPERATIONS_PATH);
            if (segments.length != 1 || segments[0].isEmpty()) {
                throw request.noSuchPath();
            }
            request.requireMethod("GET");
            return ApiResponse.ok(operation(accountId, ApiRequest.decodeSegment(segments[0])));
        }
        String[] segments = request.segmentsAfter(APPLIANCES_PATH);
        if (segments.length == 0) {
            request.requireMethod("GET");
            return ApiResponse.ok(listAppliances(accountId, idsParameter(request.rawQuery())));
        }
        String applianceId = ApiRequest.decodeSegment(segments[0]);
        if (segments.length == 1 || segments.length == 2 && segments[1].isEmpty()) {
            request.requireMethod("GET");
            return ApiResponse.ok(getAppliance(accountId, applianceId));
        }
        if (segments.length == 2 && segments[1].equals("operations")) {
            request.requireMethod("POST");
            return ApiResponse.accepted(operate(accountId, applianceId, request));
        }
        throw request.noSuchPath();
    }

    /** The {@code ids} query parameter as a set, or null without one; other parameters are ignored. */
    private static Set<String> idsParameter(String rawQuery) throws ApiError {
        List<String> given = new ArrayList<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            if (ApiRequest.decode(nameAndValue[0], "malformed query").equals("ids")) {
                given.add(nameAndValue.length == 2 ? ApiRequest.decode(nameAndValue[1], "malformed query") : "");
            }
        }
        if (given.isEmpty()) {
            return null;
        }
        if (given.size() > 1) {
            throw ApiError.badRequest("give ids once, comma-separated");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : given.get(0).split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        if (ids.isEmpty() || ids.size() > MAX_IDS_PER_REQUEST) {
            throw ApiError.badRequest("ids takes 1 to " + MAX_IDS_PER_REQUEST + " appliance ids, got " + ids.size());
        }
        return ids;
    }

    private ObjectNode summary(String accountId) {
        ObjectNode answer = NODES.objectNode();
        synchronized (appliances) {
            advance(time());
            answer.put("inventoryRevision", inventoryRevisionOf(accountId));
            ArrayNode list = answer.putArray("appliances");
            appliances.values().stream().filter(a -> a.accountId.equals(accountId)).forEach(a -> list.add(a.summaryEntry()));
        }
        return answer;
    }

    private ObjectNode listAppliances(String accountId, Set<String> ids) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("appliances");
        synchronized (appliances) {
            Instant now = time();
            advance(now);
            for (SimAppliance appliance : appliances.values()) {
                if (appliance.accountId.equals(accountId) && (ids == null || ids.contains(appliance.id))) {
                    list.add(detailsOf(appliance, now));
                }
            }
        }
        return answer;
    }

    private ObjectNode getAppliance(String accountId, String applianceId) throws ApiError {
        synchronized (appliances) {
            Instant now = time();
            advance(now);
            return detailsOf(own(accountId, applianceId), now);
        }
    }

    private ObjectNode detailsOf(SimAppliance appliance, Instant now) {
        detailFetches.computeIfAbsent(appliance.id, id -> new AtomicInteger()).incrementAndGet();
        return appliance.apiObject(now);
    }

    /** The account's appliance or 404; caller holds the lock. */
    private SimAppliance own(String accountId, String applianceId) throws ApiError {
        SimAppliance appliance = appliances.get(applianceId);
        if (appliance == null || !appliance.accountId.equals(accountId)) {
            throw ApiError.notFound("no appliance " + applianceId);
        }
        return appliance;
    }

    /**
     * {@code POST …/operations}: appliance (404), body (400), operation and values (422),
     * connectivity (409 {@code appliance_offline}), then the appliance's state (409 / 422); accepted
     * (202), applied when due.
     */
    private ObjectNode operate(String accountId, String applianceId, ApiRequest call) throws ApiError {
        boolean drop = dropCommands();
        String operationId = "op_" + randomHex(8);
        SimOperation op;
        synchronized (appliances) {
            Instant now = time();
            advance(now);
            SimAppliance appliance = own(accountId, applianceId);
            SimCommand command = appliance.parse(call.strictJsonObject("the body must be a JSON object {\"type\": …}"), now);
            if (!appliance.online) {
                throw offline(appliance);
            }
            appliance.check(command);
            op = new SimOperation(operationId, accountId, applianceId, command, now, now.plus(applyDelay));
            operations.put(op.id, op);
            if (drop) {
                droppedOperations.incrementAndGet();
            } else {
                pending.put(op.id, op);
            }
            acceptedOperations.incrementAndGet();
        }
        ObjectNode answer = NODES.objectNode();
        answer.put("operationId", op.id);
        answer.put("applianceId", applianceId);
        answer.put("status", SimOperation.PENDING);
        answer.put("acceptedAt", op.acceptedAt.toString());
        return answer;
    }

    private ObjectNode operation(String accountId, String operationId) throws ApiError {
        synchronized (appliances) {
            advance(time());
            SimOperation op = operations.get(operationId);
            if (op == null || !op.accountId.equals(accountId)) {
                throw ApiError.notFound("no operation " + operationId);
            }
            return op.toJson();
        }
    }

    private static ApiError offline(SimAppliance appliance) {
        return ApiError.of(409, "appliance_offline", appliance.what() + " is offline")
                .with("applianceId", appliance.id)
                .with("lastSeenAt", appliance.offlineSince.toString());
    }
}
