package dev.homewire.core.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A control directive accepted by the entrypoint (answered with DeferredResponse), as put on the
 * directive queue. The linking token is removed from {@code directive} before queueing.
 *
 * @param deadline when the answer must have reached Alexa (the deferral we promised)
 */
public record QueuedDirective(String userId, String endpointId, String adapterId, String deviceId, ObjectNode directive,
                              Instant receivedAt, Instant deadline) {
    public QueuedDirective {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(adapterId, "adapterId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(deadline, "deadline");
    }
}
