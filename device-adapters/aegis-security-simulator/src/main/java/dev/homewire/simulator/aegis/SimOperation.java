package dev.homewire.simulator.aegis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One panel operation ({@code arm} or {@code disarm}). Never holds a PIN: the PIN is checked when
 * the disarm is accepted and then forgotten. Mutable; guarded by the simulator's monitor.
 */
final class SimOperation {
    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    static final String ARM = "arm";
    static final String DISARM = "disarm";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final String panelId;
    final String accountId;
    final String action;
    /** The arm mode ({@code away}, {@code stay}, {@code night}) of an arm; null for a disarm. */
    final String mode;
    final boolean bypassOpenSensors;
    final Instant createdAt;

    String status = PENDING;
    /** Why it failed: {@code sensors_open}, {@code alarm_active} or {@code device_offline}. */
    String error;
    /** The open contact sensors that stopped an arm ({@code sensors_open}), or were bypassed. */
    List<String> openSensors = List.of();
    /** The exit delay of a successful arm. */
    Integer exitDelaySeconds;
    Instant completedAt;

    SimOperation(String id, String panelId, String accountId, String action, String mode, boolean bypassOpenSensors,
                 Instant createdAt) {
        this.id = id;
        this.panelId = panelId;
        this.accountId = accountId;
        this.action = action;
        this.mode = mode;
        this.bypassOpenSensors = bypassOpenSensors;
        this.createdAt = createdAt;
    }

    /** The API's operation object. */
    ObjectNode apiOperation() {
        ObjectNode operation = NODES.objectNode();
        operation.put("operation_id", id);
        operation.put("panel_id", panelId);
        operation.put("action", action);
        if (mode != null) {
            operation.put("mode", mode);
            operation.put("bypass_open_sensors", bypassOpenSensors);
        }
        operation.put("status", status);
        if (error != null) {
            operation.put("error", error);
        }
        if (!openSensors.isEmpty()) {
            ArrayNode list = operation.putArray(SUCCEEDED.equals(status) ? "bypassed_sensors" : "open_sensors");
            openSensors.forEach(list::add);
        }
        if (exitDelaySeconds != null) {
            operation.put("exit_delay_seconds", exitDelaySeconds);
        }
        operation.put("created_at", createdAt.toString());
        if (completedAt != null) {
            operation.put("completed_at", completedAt.toString());
        }
        return operation;
    }
}
