package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One accepted operation: {@code pending} until it falls due, then {@code succeeded} or
 * {@code failed} (with the error that a request made at that moment would have got). A dropped one
 * ({@code FaultSpec.dropCommands}) stays pending for ever. Mutable; guarded by the simulator's lock.
 */
final class SimOperation {
    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    final String id;
    final String accountId;
    final String applianceId;
    final SimCommand command;
    final Instant acceptedAt;
    final Instant dueAt;

    private String status = PENDING;
    private Instant completedAt;
    private ObjectNode error;

    SimOperation(String id, String accountId, String applianceId, SimCommand command, Instant acceptedAt, Instant dueAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.applianceId = Objects.requireNonNull(applianceId, "applianceId");
        this.command = Objects.requireNonNull(command, "command");
        this.acceptedAt = Objects.requireNonNull(acceptedAt, "acceptedAt");
        this.dueAt = Objects.requireNonNull(dueAt, "dueAt");
    }

    void succeed(Instant at) {
        status = SUCCEEDED;
        completedAt = at;
    }

    /** @param error the error body ({@code error}, {@code message}, …) */
    void fail(ObjectNode error, Instant at) {
        status = FAILED;
        completedAt = at;
        this.error = error.deepCopy();
    }

    /** The operation object of {@code GET /v1/operations/{id}}. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("operationId", id);
        json.put("applianceId", applianceId);
        command.toJson(json);
        json.put("status", status);
        json.put("acceptedAt", acceptedAt.toString());
        if (completedAt != null) {
            json.put("completedAt", completedAt.toString());
        }
        if (error != null) {
            json.set("error", error.deepCopy());
        }
        return json;
    }
}
