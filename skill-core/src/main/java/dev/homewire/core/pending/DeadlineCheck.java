package dev.homewire.core.pending;

import java.util.Objects;

/**
 * "Answer this pending operation if it is still waiting": the delayed message of the deadline
 * sweep, sent when the operation is saved and due shortly before its deadline. It does not depend
 * on the poll messages or the vendor's push, so a lost poll or a vendor that never reports still
 * ends with an answer.
 */
public record DeadlineCheck(String userId, String endpointId, String correlationToken) {
    public DeadlineCheck {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(correlationToken, "correlationToken");
    }

    public static DeadlineCheck of(PendingOperation operation) {
        return new DeadlineCheck(operation.userId(), operation.endpointId(), operation.correlationToken());
    }
}
