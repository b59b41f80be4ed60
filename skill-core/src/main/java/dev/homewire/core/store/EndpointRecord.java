package dev.homewire.core.store;

import dev.homewire.adapter.spi.Device;
import java.util.Objects;

/** One discovered endpoint of one user: which adapter and vendor device stand behind it. */
public record EndpointRecord(String userId, String endpointId, String adapterId, String deviceId, Device device) {
    public EndpointRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(adapterId, "adapterId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(device, "device");
    }
}
