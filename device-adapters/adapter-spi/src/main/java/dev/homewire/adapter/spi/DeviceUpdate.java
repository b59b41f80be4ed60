package dev.homewire.adapter.spi;

import java.util.Objects;

/**
 * One device's news from a vendor push (or a poll): its new state, which may be partial (only
 * the properties that changed, the rest null), why it changed, and — for the outcome of a
 * command — the vendor's operation reference and, when the operation failed, why.
 *
 * @param operationRef the reference {@link CommandResult.Accepted} carried, or null
 * @param failure      set when the vendor reports the operation failed; the state may then be null
 */
public record DeviceUpdate(String accountId, String deviceId, DeviceState state, UpdateCause cause, String operationRef,
                           AdapterException failure) {
    public DeviceUpdate {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(cause, "cause");
        if (state == null && failure == null) {
            throw new IllegalArgumentException("an update carries a state or a failure");
        }
    }

    public static DeviceUpdate state(String accountId, String deviceId, DeviceState state, UpdateCause cause) {
        return new DeviceUpdate(accountId, deviceId, state, cause, null, null);
    }
}
