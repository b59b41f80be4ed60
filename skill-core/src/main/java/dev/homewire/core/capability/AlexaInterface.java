package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One Alexa interface (PowerController, RangeController, SceneController …): how it is announced
 * at discovery, which properties it reports from the neutral state, how its directives are checked
 * and become neutral {@link DeviceCommand}s, and how their outcome is answered. One class per
 * interface; registered in {@link CapabilityRegistry}. A device type (a blind, a fan) needs no
 * class of its own: it is a set of traits these classes map.
 */
public interface AlexaInterface {

    /** The interface name, e.g. {@code Alexa.PowerController}. */
    String namespace();

    /** Whether a device exposes this interface. */
    boolean appliesTo(Device device);

    /**
     * The discovery capability objects: one, or one per instance for instance interfaces.
     *
     * @param proactive whether the vendor tells us about changes (then properties are announced
     *                  {@code proactivelyReported}); all are {@code retrievable}
     */
    List<ObjectNode> discovery(Device device, boolean proactive);

    /** The properties of this interface in a state; empty for values the state does not hold. */
    List<Property> properties(Device device, DeviceState state, Instant now);

    /** Directive names of this interface that turn into device commands. */
    Set<String> directiveNames();

    /**
     * Whether turning this directive into a command needs the device's current state (relative
     * changes such as AdjustBrightness, or rules that depend on the state).
     */
    default boolean needsCurrentState(Directive directive) {
        return false;
    }

    /**
     * Refuses what the directive's payload or the device's description rule out, before anything is
     * queued or any vendor is called: a malformed payload, an unknown instance, a value out of range,
     * a mode the device lacks, a PIN of the wrong form. By default, directives that need no state are
     * checked by building their command.
     *
     * @throws dev.homewire.alexa.AlexaErrorException the ErrorResponse to answer
     */
    default void validate(Directive directive, Device device) {
        if (!needsCurrentState(directive)) {
            toCommand(directive, device, null);
        }
    }

    /**
     * The neutral command for a directive.
     *
     * @param current the device's current state; non-null whenever {@link #needsCurrentState} is true
     * @throws dev.homewire.alexa.AlexaErrorException for payloads the directive or device cannot take
     */
    DeviceCommand toCommand(Directive directive, Device device, DeviceState current);

    /** The answer to a completed directive of this interface; by default {@code Alexa.Response} with the full state. */
    default AlexaEvent answer(Completion completion) {
        return AlexaMessages.response(completion.correlationToken(), completion.endpointId(), completion.properties());
    }

    /** Events to send before a directive (of any interface) is carried out, e.g. WakeOnLAN's WakeUp before TurnOn. */
    default List<AlexaEvent> eventsBefore(Directive directive, Device device, String endpointId) {
        return List.of();
    }

    /** The Alexa events a device event becomes, e.g. a doorbell press becomes {@code DoorbellPress}. */
    default List<AlexaEvent> eventsFor(DeviceEvent event, Device device, String endpointId) {
        return List.of();
    }
}
