package dev.homewire.adapters.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.http.VendorHttp;
import dev.homewire.adapter.spi.http.VendorJson;
import java.time.Instant;
import java.util.List;

/**
 * Translation between the Latchkey API's JSON (docs/vendors/latchkey-cloud-api.md) and the
 * neutral device model. Malformed vendor JSON raises {@link IllegalArgumentException}.
 */
final class LatchkeyMapping {
    static final String MANUFACTURER = "Latchkey";

    private LatchkeyMapping() {
    }

    /** A lock object of {@code GET /v1/locks} as a {@link Device}. */
    static Device toDevice(JsonNode lock) {
        String id = VendorJson.requiredText(lock, "id");
        String name = lock.path("name").isTextual() && !lock.path("name").asText().isBlank() ? lock.path("name").asText() : id;
        String model = lock.path("model").isTextual() && !lock.path("model").asText().isBlank() ? lock.path("model").asText() : null;
        String description = Device.modelDescription(MANUFACTURER, model, "smart lock");
        return new Device(id, name, description, MANUFACTURER, model, DeviceKind.SMARTLOCK, List.of(new Trait.Lock()));
    }

    /**
     * A lock object as a {@link DeviceState}. While the lock is online its state is current, so
     * it was observed when the answer arrived; an offline lock's state is the last known one, as
     * of {@code updated_at}.
     *
     * @param receivedAt when the answer arrived
     */
    static DeviceState toState(JsonNode lock, Instant receivedAt) {
        if (!lock.path("online").isBoolean()) {
            throw new IllegalArgumentException("lock without 'online'");
        }
        boolean online = lock.path("online").booleanValue();
        return DeviceState.builder()
                .connectivity(online ? Connectivity.OK : Connectivity.UNREACHABLE)
                .lockState(lockState(lock.path("state")))
                .observedAt(online ? receivedAt : VendorJson.instantOr(lock.path("updated_at"), receivedAt))
                .build();
    }

    /** {@code locked}, {@code unlocked}, {@code jammed}; anything else is malformed. */
    static LockState lockState(JsonNode state) {
        if (!state.isTextual()) {
            throw new IllegalArgumentException("lock state missing or not a string");
        }
        return switch (state.asText()) {
            case "locked" -> LockState.LOCKED;
            case "unlocked" -> LockState.UNLOCKED;
            case "jammed" -> LockState.JAMMED;
            default -> throw new IllegalArgumentException("unknown lock state '" + VendorHttp.truncate(state.asText()) + "'");
        };
    }

    /** The {@code action} of an operation that brings the lock to the state. */
    static String action(LockState target) {
        return switch (target) {
            case LOCKED -> "lock";
            case UNLOCKED -> "unlock";
            case JAMMED -> throw new IllegalArgumentException("a lock cannot be asked to jam");
        };
    }
}
