package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/** Motorized blinds: {@code position} 0 (closed) – 100 (open), whole percent. */
final class SimBlinds extends SimAppliance {
    static final String TYPE = "blinds";

    int position;

    SimBlinds(String id, String accountId, String name, String model, String revisionTag, Instant now, int position) {
        super(id, accountId, TYPE, name, model, revisionTag, now);
        this.position = position;
    }

    @Override
    ObjectNode specs() {
        return NODES.objectNode();
    }

    @Override
    ObjectNode state() {
        return NODES.objectNode().put("position", position);
    }

    @Override
    Set<String> operations() {
        return Set.of(SimCommand.SET);
    }

    @Override
    ObjectNode validateSet(ObjectNode values) throws ApiError {
        Fields.onlyWritable(values, Set.of("position"), what());
        return NODES.objectNode().put("position", Fields.whole("position", values.get("position"), 0, 100));
    }

    @Override
    void apply(SimCommand command, Instant at) {
        position = command.values().get("position").intValue();
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        if (!key.equals("position")) {
            throw unknownKey(key, "position");
        }
        int target = Fields.control(key, () -> Fields.whole("position", value, 0, 100));
        return at -> position = target;
    }
}
