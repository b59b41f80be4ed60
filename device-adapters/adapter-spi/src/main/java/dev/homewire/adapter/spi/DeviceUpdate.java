package dev.homewire.adapter.spi;

import java.util.List;
import java.util.Objects;

/**
 * One device's news from a vendor push (or a poll): its new state, which may be partial (only
 * the properties that changed, the rest absent), why it changed, events that are not state (a
 * doorbell press, a changed device list), and — for the outcome of a command — the vendor's
 * operation reference, what the command produced and, when the operation failed, why.
 *
 * @param operationRef the reference {@link CommandResult.Accepted} carried, or null
 * @param failure      set when the vendor reports the operation failed; the state may then be null
 * @param output       what a completed operation produced besides state (e.g. a panel's exit delay), or null
 * @param complete     whether {@code state} is the device's whole state (a query), so a property it
 *                     lacks no longer holds; false for a push, which may carry only what changed
 */
public record DeviceUpdate(String accountId, String deviceId, DeviceState state, UpdateCause cause, String operationRef,
                           AdapterException failure, CommandOutput output, List<DeviceEvent> events, boolean complete) {
    public DeviceUpdate {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(cause, "cause");
        events = List.copyOf(events == null ? List.of() : events);
        if (state == null && failure == null && events.isEmpty()) {
            throw new IllegalArgumentException("an update carries a state, a failure or events");
        }
        if (complete && state == null) {
            throw new IllegalArgumentException("a complete update carries a state");
        }
    }

    /** News from a push (possibly partial state), with events. */
    public DeviceUpdate(String accountId, String deviceId, DeviceState state, UpdateCause cause, String operationRef,
                        AdapterException failure, CommandOutput output, List<DeviceEvent> events) {
        this(accountId, deviceId, state, cause, operationRef, failure, output, events, false);
    }

    /** The outcome of an operation, or news without events, from a push (possibly partial state). */
    public DeviceUpdate(String accountId, String deviceId, DeviceState state, UpdateCause cause, String operationRef,
                        AdapterException failure) {
        this(accountId, deviceId, state, cause, operationRef, failure, null, List.of());
    }

    /** The device's whole state as a query ({@code queryState}, {@code queryStates}) found it. */
    public static DeviceUpdate queried(String accountId, String deviceId, DeviceState state, UpdateCause cause) {
        return new DeviceUpdate(accountId, deviceId, state, cause, null, null, null, List.of(), true);
    }

    /** A pushed (possibly partial) state. */
    public static DeviceUpdate state(String accountId, String deviceId, DeviceState state, UpdateCause cause) {
        return new DeviceUpdate(accountId, deviceId, state, cause, null, null);
    }

    /** Events (with the state that came with them, or null). */
    public static DeviceUpdate events(String accountId, String deviceId, DeviceState state, UpdateCause cause,
                                      List<DeviceEvent> events) {
        return new DeviceUpdate(accountId, deviceId, state, cause, null, null, null, events);
    }
}
