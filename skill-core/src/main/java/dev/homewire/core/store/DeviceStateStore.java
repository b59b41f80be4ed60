package dev.homewire.core.store;

import dev.homewire.adapter.spi.DeviceState;
import java.util.Optional;

/** Last known state per endpoint (DynamoDB: PK userId, SK endpointId). */
public interface DeviceStateStore {

    Optional<DeviceState> get(String userId, String endpointId);

    /**
     * Stores the state unless a state observed later is already stored, so an older state never
     * replaces a newer one (conditional write on {@code observedAt}).
     *
     * @return the state that was stored before (empty if none), or empty also when nothing was stored before;
     *         use {@link PutResult#written()} to know whether this state was written
     */
    PutResult put(String userId, String endpointId, DeviceState state);

    /** Outcome of a conditional put. */
    record PutResult(boolean written, DeviceState previous) {
        public Optional<DeviceState> previousState() {
            return Optional.ofNullable(previous);
        }
    }
}
