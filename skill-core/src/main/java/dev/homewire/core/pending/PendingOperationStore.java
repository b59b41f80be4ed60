package dev.homewire.core.pending;

import java.util.List;
import java.util.Optional;

/** Durable pending operations; completion is atomic so Alexa gets exactly one answer. */
public interface PendingOperationStore {

    /** Records a new pending operation (a duplicate correlationToken for the endpoint is ignored). */
    void save(PendingOperation operation);

    /** The endpoint's operations still waiting, oldest first. */
    List<PendingOperation> forEndpoint(String userId, String endpointId);

    Optional<PendingOperation> find(String userId, String endpointId, String correlationToken);

    /**
     * Removes the operation if it is still pending (conditional delete).
     *
     * @return true for exactly one caller, who then sends Alexa the answer; false if another
     *         push, poll or deadline already completed it
     */
    boolean complete(PendingOperation operation);
}
