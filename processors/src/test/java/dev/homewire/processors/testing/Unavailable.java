package dev.homewire.processors.testing;

import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.core.store.DeviceStateStore;
import java.util.Optional;

/** Stores whose backend is down: every call throws, as a DynamoDB client would. */
public final class Unavailable {
    private Unavailable() {
    }

    public static DeviceStateStore deviceStateStore() {
        return new DeviceStateStore() {
            @Override
            public Optional<DeviceState> get(String userId, String endpointId) {
                throw new IllegalStateException("DynamoDB unavailable");
            }

            @Override
            public PutResult put(String userId, String endpointId, DeviceState state) {
                throw new IllegalStateException("DynamoDB unavailable");
            }
        };
    }
}
