package dev.homewire.core.testing;

import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.core.store.DeviceStateStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests, with the same "never older over newer" rule. */
public final class InMemoryDeviceStateStore implements DeviceStateStore {
    public final Map<String, DeviceState> states = new ConcurrentHashMap<>();

    private static String key(String userId, String endpointId) {
        return userId + "\u0000" + endpointId;
    }

    @Override
    public Optional<DeviceState> get(String userId, String endpointId) {
        return Optional.ofNullable(states.get(key(userId, endpointId)));
    }

    @Override
    public synchronized PutResult put(String userId, String endpointId, DeviceState state) {
        DeviceState previous = states.get(key(userId, endpointId));
        if (previous != null && previous.observedAt().isAfter(state.observedAt())) {
            return new PutResult(false, previous);
        }
        states.put(key(userId, endpointId), state);
        return new PutResult(true, previous);
    }
}
