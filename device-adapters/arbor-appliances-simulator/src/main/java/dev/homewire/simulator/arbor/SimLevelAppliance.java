package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An appliance with {@code power} and one 0–100 setting: a space heater's {@code powerLevel}, a
 * humidifier's {@code output}. The setting can be changed while off and is kept.
 */
final class SimLevelAppliance extends SimAppliance {
    static final String HEATER = "heater";
    static final String HUMIDIFIER = "humidifier";

    /** {@code powerLevel} or {@code output}. */
    final String levelField;
    boolean on;
    int level;

    SimLevelAppliance(String id, String accountId, String type, String name, String model, String revisionTag, Instant now,
                      boolean on, int level) {
        super(id, accountId, type, name, model, revisionTag, now);
        this.levelField = switch (type) {
            case HEATER -> "powerLevel";
            case HUMIDIFIER -> "output";
            default -> throw new IllegalArgumentException("not a level appliance: " + type);
        };
        this.on = on;
        this.level = level;
    }

    @Override
    ObjectNode specs() {
        return NODES.objectNode();
    }

    @Override
    ObjectNode state() {
        return NODES.objectNode().put("power", on ? "on" : "off").put(levelField, level);
    }

    @Override
    Set<String> operations() {
        return Set.of(SimCommand.SET);
    }

    @Override
    ObjectNode validateSet(ObjectNode values) throws ApiError {
        Fields.onlyWritable(values, Set.of("power", levelField), what());
        ObjectNode checked = NODES.objectNode();
        Fields.power(values, checked);
        if (values.has(levelField)) {
            checked.put(levelField, Fields.whole(levelField, values.get(levelField), 0, 100));
        }
        return checked;
    }

    @Override
    void apply(SimCommand command, Instant at) {
        ObjectNode values = command.values();
        on = Fields.powerOr(values, on);
        if (values.has(levelField)) {
            level = values.get(levelField).intValue();
        }
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        if (key.equals("on")) {
            boolean target = Fields.control(key, () -> Fields.bool(key, value));
            return at -> on = target;
        }
        if (key.equals(levelField)) {
            int target = Fields.control(key, () -> Fields.whole(key, value, 0, 100));
            return at -> level = target;
        }
        throw unknownKey(key, "on, " + levelField);
    }
}
