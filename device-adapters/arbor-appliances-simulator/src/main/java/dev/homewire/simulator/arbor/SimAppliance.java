package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One simulated Arbor appliance: what every type shares (identity, name, connectivity, revision,
 * the API and control views) and what each type says about itself — its {@link #specs()}, its
 * {@link #state()}, the operations it takes and how they change it, the transitions it makes by
 * itself as time passes ({@link #nextTransitionAt()}: a door arriving, a program ending) and the
 * physical changes {@code changeDeviceState} may make.
 *
 * <p>Mutable; every access goes through the simulator's lock. Time is passed in: the simulator
 * advances the world to "now" before every read and write, so an appliance never looks at a clock.
 *
 * <p>While the cloud has lost the appliance ({@code online} false) it reports what it last heard
 * (the state frozen when the connection was lost); the appliance itself goes on (a program ends, a
 * feeder dispenses, someone moves a blind) and the cloud sees the result once it is back.
 */
abstract class SimAppliance {
    /** The longest hold an operation may ask for. */
    static final Duration MAX_HOLD = Duration.ofHours(24);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> OPERATION_TYPES = List.of(SimCommand.SET, SimCommand.HOLD, SimCommand.RESUME,
            SimCommand.ACTIVATE, SimCommand.DEACTIVATE);

    final String id;
    final String accountId;
    final String type;
    final String model;
    private final String revisionTag;

    String name;
    boolean online = true;
    /** When the connection was lost; only meaningful while offline. */
    Instant offlineSince;
    /** What the cloud reports while offline: the state when the connection was lost. */
    private ObjectNode lastReported;
    private long revision = 1;
    /** When anything covered by the revision last changed. */
    Instant changedAt;

    SimAppliance(String id, String accountId, String type, String name, String model, String revisionTag, Instant now) {
        this.id = Objects.requireNonNull(id, "id");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.revisionTag = revisionTag;
        this.changedAt = now;
    }

    // ------------------------------------------------------------------ what a type says

    /** The fixed description of the model ({@code specs} of the appliance object). */
    abstract ObjectNode specs();

    /** The appliance's state as it is ({@code state} of the appliance object while online). */
    abstract ObjectNode state();

    /** The operation types it takes. */
    abstract Set<String> operations();

    /** The checked, normalized values of a {@code set} (state-independent): 400 / 422. */
    ObjectNode validateSet(ObjectNode values) throws ApiError {
        throw Fields.unsupported(what() + " has no writable fields");
    }

    /** State-independent checks of the other operation types (e.g. a scene that cannot be deactivated). */
    void validate(SimCommand command) throws ApiError {
    }

    /** State-dependent checks, made on acceptance and again when the operation falls due: 409 / 422. */
    void check(SimCommand command) throws ApiError {
    }

    /** Applies a checked operation that fell due at {@code at}. */
    abstract void apply(SimCommand command, Instant at);

    /** When the appliance next changes by itself, or null. */
    Instant nextTransitionAt() {
        return null;
    }

    /** Makes the transition due at {@code at} ({@link #nextTransitionAt()}). */
    void transition(Instant at) {
    }

    /**
     * The physical change a {@code changeDeviceState} key makes, checked but not yet made (the
     * simulator makes a call's changes only once every key is valid), or {@link IllegalArgumentException}.
     * {@code online} and {@code name} are the simulator's.
     */
    abstract Consumer<Instant> physicalChange(String key, JsonNode value);

    // ------------------------------------------------------------------ operations

    /**
     * The operation a {@code POST …/operations} body asks for, checked without regard to state: the
     * body's shape ({@code 400}), whether this appliance takes that operation and its values ({@code 422}).
     */
    final SimCommand parse(ObjectNode body, Instant now) throws ApiError {
        JsonNode typeNode = body.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw ApiError.badRequest("the body needs a string 'type', one of " + OPERATION_TYPES);
        }
        String operation = typeNode.asText();
        if (!OPERATION_TYPES.contains(operation)) {
            throw ApiError.badRequest("unknown operation type '" + operation + "'; one of " + OPERATION_TYPES);
        }
        Set<String> fields = switch (operation) {
            case SimCommand.SET -> Set.of("type", "values");
            case SimCommand.HOLD -> Set.of("type", "until");
            default -> Set.of("type");
        };
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            if (!fields.contains(entry.getKey())) {
                throw ApiError.badRequest("unknown field '" + entry.getKey() + "' for a '" + operation + "' operation");
            }
        }
        if (!operations().contains(operation)) {
            throw Fields.unsupported(what() + " does not take '" + operation + "' operations"
                    + (operations().isEmpty() ? "" : "; it takes " + operations().stream().sorted().toList()));
        }
        if (operation.equals(SimCommand.SET)) {
            JsonNode values = body.get("values");
            if (values == null || !values.isObject() || values.isEmpty()) {
                throw ApiError.badRequest("a 'set' operation needs a non-empty object 'values'");
            }
            return SimCommand.set(validateSet((ObjectNode) values));
        }
        SimCommand command = operation.equals(SimCommand.HOLD)
                ? new SimCommand(SimCommand.HOLD, null, holdUntil(body.get("until"), now))
                : SimCommand.of(operation);
        validate(command);
        return command;
    }

    private static Instant holdUntil(JsonNode until, Instant now) throws ApiError {
        if (until == null || until.isNull()) {
            return null;
        }
        Instant instant;
        try {
            instant = until.isTextual() ? Instant.parse(until.asText()) : null;
        } catch (DateTimeParseException e) {
            instant = null;
        }
        if (instant == null) {
            throw ApiError.badRequest("until must be an ISO-8601 instant such as 2025-03-14T10:00:00Z");
        }
        if (!instant.isAfter(now) || instant.isAfter(now.plus(MAX_HOLD))) {
            throw Fields.invalidValue("until must lie in the next " + MAX_HOLD.toHours() + " hours, got " + instant);
        }
        return instant;
    }

    // ------------------------------------------------------------------ connectivity, name, revision

    /** Records a change of the appliance's state; the revision moves only while the cloud can see it. */
    final void changed(Instant at) {
        if (online) {
            bump(at);
        }
    }

    /** Records a change the cloud sees at once (connectivity, the name). */
    final void bump(Instant at) {
        revision++;
        changedAt = at;
    }

    final void setOnline(boolean value, Instant at) {
        if (value == online) {
            return;
        }
        if (value) {
            lastReported = null;
            offlineSince = null;
        } else {
            lastReported = state();
            offlineSince = at;
        }
        online = value;
        bump(at);
    }

    /** The opaque revision: changes whenever anything in the appliance object but {@code updatedAt} changes. */
    final String revision() {
        return revisionTag + "-" + String.format("%06d", revision);
    }

    /** E.g. {@code "fan ar-alice-bedroom-fan"}, for messages. */
    final String what() {
        return type.replace('_', ' ') + " " + id;
    }

    // ------------------------------------------------------------------ views

    /** The entry of {@code GET /v1/summary}. */
    final ObjectNode summaryEntry() {
        ObjectNode entry = NODES.objectNode();
        entry.put("id", id);
        entry.put("revision", revision());
        entry.put("online", online);
        return entry;
    }

    /** The appliance object of {@code GET /v1/appliances[/…]}. */
    final ObjectNode apiObject(Instant now) {
        ObjectNode appliance = describe(NODES.objectNode().put("id", id));
        appliance.set("state", online ? state() : lastReported.deepCopy());
        appliance.put("updatedAt", (online ? now : offlineSince).toString());
        appliance.put("revision", revision());
        return appliance;
    }

    /** The simulator's control view, as {@code devices()} lists it: the live state, and while offline what the cloud reports. */
    final ObjectNode controlView(Instant now, String demoUser) {
        ObjectNode device = describe(NODES.objectNode().put("deviceId", id).put("accountId", accountId).put("demoUser", demoUser));
        device.set("state", state());
        if (!online) {
            device.set("reportedState", lastReported.deepCopy());
            device.put("offlineSince", offlineSince.toString());
        }
        device.put("revision", revision());
        device.put("updatedAt", (online ? now : offlineSince).toString());
        device.put("changedAt", changedAt.toString());
        return device;
    }

    /** Adds what both views show alike: type, name, model, connectivity, specs. */
    private ObjectNode describe(ObjectNode into) {
        into.put("type", type).put("name", name).put("model", model).put("online", online);
        into.set("specs", specs());
        return into;
    }

    static String timeOrNull(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** For {@link #physicalChange}: an unknown key. */
    final IllegalArgumentException unknownKey(String key, String keys) {
        return new IllegalArgumentException("unknown key '" + key + "' for " + what() + "; it takes online, name, " + keys);
    }
}
