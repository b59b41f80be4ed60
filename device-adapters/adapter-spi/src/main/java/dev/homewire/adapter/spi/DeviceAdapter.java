package dev.homewire.adapter.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One manufacturer's cloud, seen through the neutral device model.
 *
 * <p>Implementations are created by a {@link DeviceAdapterFactory} found through
 * {@link java.util.ServiceLoader}; adding a manufacturer never edits core code. Every method
 * may be called concurrently from several threads and must respect the time limits of the
 * {@link AdapterContext} it was created with: Alexa waits 8 s for synchronous answers.
 *
 * <p>Failures are reported as {@link AdapterException} with a {@link AdapterException.Reason};
 * core maps each reason to an Alexa ErrorResponse in one place.
 */
public interface DeviceAdapter {

    /** Stable id (lower-case letters, digits and '-'): the key for linked accounts and endpoint ids. */
    String id();

    /** Which network the vendor's cloud needs: answers with state, answers 202 and pushes, or answers 202 and must be polled. */
    InteractionStyle interactionStyle();

    /**
     * How old stored state may be before ReportState asks the vendor again. Vendors that push
     * state can afford long bounds; poll-only vendors need short ones.
     */
    Duration stateFreshness();

    /** How long a command typically takes end to end; used to promise an honest {@code estimatedDeferralInSeconds}. */
    Duration typicalCommandLatency();

    /**
     * How long a command to this device typically takes, for clouds whose devices differ (a garage
     * door travels for seconds, a fan answers at once): what Alexa is promised and when a pending
     * operation gives up. By default {@link #typicalCommandLatency()}.
     */
    default Duration typicalCommandLatency(Device device) {
        return typicalCommandLatency();
    }

    /** Every device of that vendor account, with the traits it supports. */
    List<Device> discover(VendorAccount account) throws AdapterException;

    /**
     * Executes one absolute command (relative Alexa directives are resolved by core beforehand).
     * A {@link InteractionStyle#SYNC} adapter answers {@link CommandResult.Completed} with the
     * device's resulting state.
     */
    CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException;

    /** The device's current state as the vendor reports it now. */
    DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException;

    /**
     * The current state of several devices of one account, for background sync. Clouds with a
     * summary endpoint answer in one call; the default asks device by device. Devices the vendor
     * no longer knows are left out.
     */
    default Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) throws AdapterException {
        Map<String, DeviceState> states = new LinkedHashMap<>();
        for (String deviceId : deviceIds) {
            try {
                states.put(deviceId, queryState(account, deviceId));
            } catch (AdapterException e) {
                if (e.reason() != AdapterException.Reason.DEVICE_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return states;
    }

    /** The webhook side of an {@link InteractionStyle#ASYNC_PUSH} adapter (or a SYNC one whose cloud also pushes changes); empty for the others. */
    default Optional<PushNotifications> push() {
        return Optional.empty();
    }

    /**
     * Whether Homewire learns of changes made outside Alexa (a wall switch, the vendor's app): by the
     * cloud's pushes, or by polling a poll-only cloud in the background. Discovery then announces the
     * device's properties {@code proactivelyReported}, and Alexa relies on ChangeReports instead of
     * asking. By default: push and poll clouds do, a SYNC cloud only if it pushes.
     */
    default boolean reportsChanges() {
        return interactionStyle() != InteractionStyle.SYNC || push().isPresent();
    }
}
