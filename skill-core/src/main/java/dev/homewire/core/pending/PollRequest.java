package dev.homewire.core.pending;

import java.util.Objects;

/** "Look at this device again": a delayed message of the polling fast path for one pending operation. */
public record PollRequest(String userId, String endpointId, String correlationToken, int attempt) {
    public PollRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(correlationToken, "correlationToken");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
    }

    public PollRequest next() {
        return new PollRequest(userId, endpointId, correlationToken, attempt + 1);
    }
}
