package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One Alexa interface (PowerController, BrightnessController, …): how it is announced at
 * discovery, which properties it reports from the neutral state, and how its directives become
 * neutral {@link DeviceCommand}s. One class per interface; registered in {@link CapabilityRegistry}.
 */
public interface AlexaInterface {

    /** The interface name, e.g. {@code Alexa.PowerController}. */
    String namespace();

    /** Whether a device exposes this interface. */
    boolean appliesTo(Device device);

    /** The discovery capability object. */
    ObjectNode discovery(Device device);

    /** The properties of this interface in a state; empty for values the state does not hold. */
    List<Property> properties(Device device, DeviceState state, Instant now);

    /** Directive names of this interface that turn into device commands. */
    Set<String> directiveNames();

    /**
     * Whether answering this directive needs the device's current state (relative changes such as
     * AdjustBrightness).
     */
    default boolean needsCurrentState(String directiveName) {
        return false;
    }

    /**
     * The neutral command for a directive.
     *
     * @param current the device's current state; non-null whenever {@link #needsCurrentState} is true
     * @throws dev.homewire.alexa.AlexaErrorException INVALID_DIRECTIVE / INVALID_VALUE / VALUE_OUT_OF_RANGE
     *         for payloads the directive or device cannot take
     */
    DeviceCommand toCommand(Directive directive, Device device, DeviceState current);
}
