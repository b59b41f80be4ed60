package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A garage door opener: {@code door} is {@code open}, {@code closed}, or — for {@code travelTime}
 * after it was told to move — {@code opening} / {@code closing}. Asked for the position it is at or
 * moving to, it does nothing; asked to reverse while it moves, it refuses ({@code 409 appliance_busy}).
 * The wall button ({@code changeDeviceState}) always works: the door travels to where it was sent.
 */
final class SimGarageDoor extends SimAppliance {
    static final String TYPE = "garage_door";
    static final List<String> TARGETS = List.of("open", "closed");

    private final Duration travelTime;
    String door = "closed";
    /** When a moving door arrives; null while it stands. */
    Instant arrivesAt;

    SimGarageDoor(String id, String accountId, String name, String model, String revisionTag, Instant now, Duration travelTime) {
        super(id, accountId, TYPE, name, model, revisionTag, now);
        this.travelTime = travelTime;
    }

    @Override
    ObjectNode specs() {
        return NODES.objectNode().put("travelSeconds", travelTime.toMillis() / 1000.0);
    }

    @Override
    ObjectNode state() {
        ObjectNode state = NODES.objectNode().put("door", door);
        if (arrivesAt != null) {
            state.put("arrivesAt", arrivesAt.toString());
        }
        return state;
    }

    @Override
    Set<String> operations() {
        return Set.of(SimCommand.SET);
    }

    @Override
    ObjectNode validateSet(ObjectNode values) throws ApiError {
        Fields.onlyWritable(values, Set.of("door"), what());
        return NODES.objectNode().put("door", Fields.oneOf("door", values.get("door"), TARGETS));
    }

    @Override
    void check(SimCommand command) throws ApiError {
        String target = command.values().get("door").asText();
        if (arrivesAt != null && !door.equals(movingTo(target))) {
            throw ApiError.of(409, "appliance_busy", "garage door " + id + " is " + door + "; wait until it stops")
                    .with("applianceId", id);
        }
    }

    @Override
    void apply(SimCommand command, Instant at) {
        travelTo(command.values().get("door").asText(), at);
    }

    private void travelTo(String target, Instant at) {
        if (door.equals(target) || door.equals(movingTo(target))) {
            return;
        }
        door = movingTo(target);
        arrivesAt = at.plus(travelTime);
    }

    private static String movingTo(String target) {
        return target.equals("open") ? "opening" : "closing";
    }

    @Override
    Instant nextTransitionAt() {
        return arrivesAt;
    }

    @Override
    void transition(Instant at) {
        door = door.equals("opening") ? "open" : "closed";
        arrivesAt = null;
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        if (!key.equals("door")) {
            throw unknownKey(key, "door");
        }
        String target = Fields.control(key, () -> Fields.oneOf(key, value, TARGETS));
        return at -> {
            if (arrivesAt != null && !door.equals(movingTo(target))) {
                arrivesAt = null; // the button stops a moving door and sends it the other way
                door = target.equals("open") ? "closed" : "open";
            }
            travelTo(target, at);
        };
    }
}
