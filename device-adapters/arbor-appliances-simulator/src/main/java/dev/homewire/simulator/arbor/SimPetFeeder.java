package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A pet feeder: {@code foodLevel} (percent of the hopper) drops by {@code portion} every
 * {@code interval} while there is food; it takes no operations (the feeding plan lives in the app).
 */
final class SimPetFeeder extends SimAppliance {
    static final String TYPE = "pet_feeder";

    private final Duration interval;
    private final int portion;
    /** Amazon Dash replenishment id of the food, or null. */
    final String replenishmentId;

    int foodLevel;
    Instant lastDispensedAt;

    SimPetFeeder(String id, String accountId, String name, String model, String revisionTag, Instant now, int foodLevel,
                 Duration interval, int portion, String replenishmentId) {
        super(id, accountId, TYPE, name, model, revisionTag, now);
        this.foodLevel = foodLevel;
        this.interval = interval;
        this.portion = portion;
        this.replenishmentId = replenishmentId;
        this.lastDispensedAt = now;
    }

    @Override
    ObjectNode specs() {
        ObjectNode specs = NODES.objectNode().put("dispenseIntervalSeconds", interval.toMillis() / 1000.0).put("portion", portion);
        if (replenishmentId != null) {
            specs.put("dashReplenishmentId", replenishmentId);
        }
        return specs;
    }

    @Override
    ObjectNode state() {
        return NODES.objectNode().put("foodLevel", foodLevel).put("lastDispensedAt", lastDispensedAt.toString());
    }

    @Override
    Set<String> operations() {
        return Set.of();
    }

    @Override
    void apply(SimCommand command, Instant at) {
        throw new IllegalStateException("a pet feeder takes no operations");
    }

    @Override
    Instant nextTransitionAt() {
        return foodLevel > 0 ? lastDispensedAt.plus(interval) : null;
    }

    /** Dispenses a portion. */
    @Override
    void transition(Instant at) {
        foodLevel = Math.max(0, foodLevel - portion);
        lastDispensedAt = at;
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        switch (key) {
            case "foodLevel": {
                int level = Fields.control(key, () -> Fields.whole(key, value, 0, 100));
                return at -> setLevel(level, at);
            }
            case "refill": {
                if (!Fields.control(key, () -> Fields.bool(key, value))) {
                    throw new IllegalArgumentException("refill takes true");
                }
                return at -> setLevel(100, at);
            }
            default:
                throw unknownKey(key, "foodLevel, refill");
        }
    }

    /** Someone filled (or emptied) the hopper: dispensing goes on from now. */
    private void setLevel(int level, Instant at) {
        if (foodLevel == 0 && level > 0) {
            lastDispensedAt = at; // an empty feeder restarts its plan when filled
        }
        foodLevel = level;
    }
}
