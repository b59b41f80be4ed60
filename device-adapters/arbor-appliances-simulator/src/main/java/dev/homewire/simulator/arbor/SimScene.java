package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scene of the Arbor app: {@code activate} runs its steps (a {@code set} of other appliances of the
 * account, which the simulator makes) and shows it {@code active}. A deactivatable scene stays active
 * until {@code deactivate}; the others are momentary and end by themselves after {@code runTime}.
 */
final class SimScene extends SimAppliance {
    static final String TYPE = "scene";

    final boolean deactivatable;
    private final Duration runTime;
    /** What activation sets, by appliance id (in order). */
    final Map<String, ObjectNode> steps = new LinkedHashMap<>();

    boolean active;
    Instant lastRunAt;
    /** When a running momentary scene ends; null otherwise. */
    Instant endsAt;

    SimScene(String id, String accountId, String name, String revisionTag, Instant now, boolean deactivatable, Duration runTime) {
        super(id, accountId, TYPE, name, "Arbor Scene", revisionTag, now);
        this.deactivatable = deactivatable;
        this.runTime = runTime;
    }

    SimScene step(String applianceId, ObjectNode values) {
        steps.put(applianceId, values);
        return this;
    }

    @Override
    ObjectNode specs() {
        ObjectNode specs = NODES.objectNode().put("deactivatable", deactivatable);
        specs.putArray("steps").addAll(steps.keySet().stream().map(NODES::textNode).toList());
        return specs;
    }

    @Override
    ObjectNode state() {
        return NODES.objectNode().put("active", active).put("lastRunAt", timeOrNull(lastRunAt));
    }

    @Override
    Set<String> operations() {
        return Set.of(SimCommand.ACTIVATE, SimCommand.DEACTIVATE);
    }

    @Override
    void validate(SimCommand command) throws ApiError {
        if (command.type().equals(SimCommand.DEACTIVATE) && !deactivatable) {
            throw ApiError.of(422, "not_deactivatable", "scene " + id + " runs once and cannot be deactivated")
                    .with("applianceId", id);
        }
    }

    /** The activation itself; the simulator then runs {@link #steps}. */
    @Override
    void apply(SimCommand command, Instant at) {
        if (command.type().equals(SimCommand.ACTIVATE)) {
            active = true;
            lastRunAt = at;
            endsAt = deactivatable ? null : at.plus(runTime);
        } else {
            active = false;
            endsAt = null;
        }
    }

    @Override
    Instant nextTransitionAt() {
        return endsAt;
    }

    @Override
    void transition(Instant at) {
        active = false;
        endsAt = null;
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        throw unknownKey(key, "nothing else (scenes have no physical state)");
    }
}
