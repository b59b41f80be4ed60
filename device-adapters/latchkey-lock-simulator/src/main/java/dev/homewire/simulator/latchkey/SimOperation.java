package dev.homewire.simulator.latchkey;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One lock operation ({@code lock} or {@code unlock}). Mutable; guarded by the simulator's lock. */
final class SimOperation {
    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final String lockId;
    final String accountId;
    final String action;
    final Instant createdAt;

    String status = PENDING;
    /** {@code jammed} or {@code lock_offline} for a failed operation. */
    String error;
    /** The lock's state when the operation ended. */
    String resultState;
    Instant completedAt;

    SimOperation(String id, String lockId, String accountId, String action, Instant createdAt) {
        this.id = id;
        this.lockId = lockId;
        this.accountId = accountId;
        this.action = action;
        this.createdAt = createdAt;
    }

    /** The API's operation object. */
    ObjectNode apiOperation() {
        ObjectNode operation = NODES.objectNode();
        operation.put("operation_id", id);
        operation.put("lock_id", lockId);
        operation.put("action", action);
        operation.put("status", status);
        if (error != null) {
            operation.put("error", error);
        }
        if (resultState != null) {
            operation.put("state", resultState);
        }
        operation.put("created_at", createdAt.toString());
        if (completedAt != null) {
            operation.put("completed_at", completedAt.toString());
        }
        return operation;
    }
}
