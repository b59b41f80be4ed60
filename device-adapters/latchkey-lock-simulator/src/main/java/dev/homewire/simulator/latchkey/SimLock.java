package dev.homewire.simulator.latchkey;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One simulated Latchkey lock. Mutable; every access goes through the simulator's lock. */
final class SimLock {
    static final String LOCKED = "locked";
    static final String UNLOCKED = "unlocked";
    static final String JAMMED = "jammed";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final String accountId;
    final String name;
    final String model;

    /** {@code locked}, {@code unlocked} or {@code jammed}; the last known value while offline. */
    String state;
    boolean online = true;
    int battery;
    /** When the cloud last heard a report from the lock (state, operation result or connectivity change). */
    Instant updatedAt;
    /** The next operation that reaches the lock ends {@code jammed}. */
    boolean jamOnNextOperation;

    SimLock(String id, String accountId, String name, String model, String state, int battery, Instant updatedAt) {
        this.id = id;
        this.accountId = accountId;
        this.name = name;
        this.model = model;
        this.state = state;
        this.battery = battery;
        this.updatedAt = updatedAt;
    }

    /** The API's lock object. */
    ObjectNode apiLock() {
        ObjectNode lock = NODES.objectNode();
        lock.put("id", id);
        lock.put("name", name);
        lock.put("model", model);
        lock.put("state", state);
        lock.put("online", online);
        lock.put("battery", battery);
        lock.put("updated_at", updatedAt.toString());
        return lock;
    }

    /** The simulator's control view (flat, camelCase), as {@code devices()} lists it. */
    ObjectNode controlView(int pendingOperations) {
        ObjectNode lock = NODES.objectNode();
        lock.put("deviceId", id);
        lock.put("accountId", accountId);
        lock.put("name", name);
        lock.put("model", model);
        lock.put("online", online);
        lock.put("state", state);
        lock.put("battery", battery);
        lock.put("updatedAt", updatedAt.toString());
        lock.put("jamOnNextOperation", jamOnNextOperation);
        lock.put("pendingOperations", pendingOperations);
        return lock;
    }
}
