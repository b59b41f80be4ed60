package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A fan: {@code power}, {@code speed} 1..{@code speeds}, and — as the model has them —
 * {@code oscillate} and {@code direction} ({@code forward} / {@code reverse}). Every field can be set
 * while the fan is off; it takes effect when it runs.
 */
final class SimFan extends SimAppliance {
    static final String TYPE = "fan";
    static final List<String> DIRECTIONS = List.of("forward", "reverse");

    final int speeds;
    final boolean oscillates;
    final boolean reversible;

    boolean on;
    int speed = 1;
    boolean oscillate;
    String direction = "forward";

    SimFan(String id, String accountId, String name, String model, String revisionTag, Instant now, int speeds, boolean oscillates,
           boolean reversible) {
        super(id, accountId, TYPE, name, model, revisionTag, now);
        if (speeds < 2 || speeds > 10) {
            throw new IllegalArgumentException("a fan has 2..10 speeds");
        }
        this.speeds = speeds;
        this.oscillates = oscillates;
        this.reversible = reversible;
    }

    @Override
    ObjectNode specs() {
        return NODES.objectNode().put("speeds", speeds).put("oscillates", oscillates).put("reversible", reversible);
    }

    @Override
    ObjectNode state() {
        ObjectNode state = NODES.objectNode().put("power", on ? "on" : "off").put("speed", speed);
        if (oscillates) {
            state.put("oscillate", oscillate);
        }
        if (reversible) {
            state.put("direction", direction);
        }
        return state;
    }

    @Override
    Set<String> operations() {
        return Set.of(SimCommand.SET);
    }

    private Set<String> writable() {
        Set<String> fields = new LinkedHashSet<>(List.of("power", "speed"));
        if (oscillates) {
            fields.add("oscillate");
        }
        if (reversible) {
            fields.add("direction");
        }
        return fields;
    }

    @Override
    ObjectNode validateSet(ObjectNode values) throws ApiError {
        Fields.onlyWritable(values, writable(), what());
        ObjectNode checked = NODES.objectNode();
        Fields.power(values, checked);
        if (values.has("speed")) {
            checked.put("speed", Fields.whole("speed", values.get("speed"), 1, speeds));
        }
        if (values.has("oscillate")) {
            checked.put("oscillate", Fields.bool("oscillate", values.get("oscillate")));
        }
        if (values.has("direction")) {
            checked.put("direction", Fields.oneOf("direction", values.get("direction"), DIRECTIONS));
        }
        return checked;
    }

    @Override
    void apply(SimCommand command, Instant at) {
        ObjectNode values = command.values();
        on = Fields.powerOr(values, on);
        if (values.has("speed")) {
            speed = values.get("speed").intValue();
        }
        if (values.has("oscillate")) {
            oscillate = values.get("oscillate").booleanValue();
        }
        if (values.has("direction")) {
            direction = values.get("direction").asText();
        }
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        switch (key) {
            case "on": {
                boolean target = Fields.control(key, () -> Fields.bool(key, value));
                return at -> on = target;
            }
            case "speed": {
                int target = Fields.control(key, () -> Fields.whole(key, value, 1, speeds));
                return at -> speed = target;
            }
            case "oscillate": {
                if (!oscillates) {
                    throw new IllegalArgumentException(what() + " does not oscillate");
                }
                boolean target = Fields.control(key, () -> Fields.bool(key, value));
                return at -> oscillate = target;
            }
            case "direction": {
                if (!reversible) {
                    throw new IllegalArgumentException(what() + " does not reverse");
                }
                String target = Fields.control(key, () -> Fields.oneOf(key, value, DIRECTIONS));
                return at -> direction = target;
            }
            default:
                throw unknownKey(key, "on, speed, oscillate, direction");
        }
    }
}
