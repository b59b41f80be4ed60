package dev.homewire.core.pending;

import dev.homewire.adapter.spi.DeviceCommand;
import java.time.Instant;
import java.util.Objects;

/**
 * A command an asynchronous vendor accepted (HTTP 202) whose answer Alexa still waits for: it
 * completes with an {@code Alexa.Response} when a reported state satisfies {@link #command()},
 * or with an ErrorResponse when the vendor reports failure or {@link #deadline()} passes.
 * Durable (DynamoDB, PK {@code userId#endpointId}, SK {@code correlationToken}, TTL).
 *
 * @param operationRef the vendor's reference for the operation, if it gave one
 * @param deadline     when the answer must be at Alexa: the deferral we promised
 */
public record PendingOperation(String userId, String endpointId, String correlationToken, String adapterId, String deviceId,
                               String operationRef, DeviceCommand command, String directiveNamespace, String directiveName,
                               Instant createdAt, Instant deadline) {
    /** The message of the ENDPOINT_UNREACHABLE answer when no outcome came before the deadline. */
    public static final String NOT_CONFIRMED = "the device did not confirm the change in time";

    public PendingOperation {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(correlationToken, "correlationToken");
        Objects.requireNonNull(adapterId, "adapterId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(directiveNamespace, "directiveNamespace");
        Objects.requireNonNull(directiveName, "directiveName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deadline, "deadline");
    }
}
