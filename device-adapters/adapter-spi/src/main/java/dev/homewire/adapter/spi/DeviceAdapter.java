package dev.homewire.adapter.spi;

import java.time.Duration;
import java.util.List;

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
}
