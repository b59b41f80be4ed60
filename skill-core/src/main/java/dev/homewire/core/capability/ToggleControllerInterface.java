package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.ToggleController}, once per {@link Trait.Toggle} instance: TurnOn / TurnOff of that
 * instance (a fan's oscillation), property {@code toggleState} ON/OFF, with friendly names and
 * semantics.
 */
public final class ToggleControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.ToggleController";

    public ToggleControllerInterface() {
        super(NAMESPACE, Trait.Toggle.class, Set.of("TurnOn", "TurnOff"));
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        List<ObjectNode> capabilities = new ArrayList<>();
        for (Trait.Toggle toggle : device.traits(Trait.Toggle.class)) {
            ObjectNode capability = Capabilities.instanceCapability(NAMESPACE, toggle.instance(), toggle.names());
            Capabilities.properties(capability, proactive, toggle.readOnly(), "toggleState");
            if (toggle.semantics() != null && !toggle.readOnly()) {
                capability.set("semantics", Capabilities.semantics(toggle.semantics(), target -> {
                    if (target instanceof Semantics.Target.SetToggle set) {
                        return Capabilities.semanticDirective(set.on() ? "TurnOn" : "TurnOff", null);
                    }
                    throw Capabilities.semanticsMismatch(toggle.instance(), target);
                }, value -> {
                    if (value instanceof Semantics.StateValue.Toggle state) {
                        return Capabilities.statesToValue(TextNode.valueOf(state.on() ? "ON" : "OFF"));
                    }
                    throw Capabilities.semanticsMismatch(toggle.instance(), value);
                }));
            }
            capabilities.add(capability);
        }
        return capabilities;
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>();
        for (Trait.Toggle toggle : device.traits(Trait.Toggle.class)) {
            Boolean on = state.get(StateKey.toggle(toggle.instance()));
            if (on != null) {
                properties.add(Capabilities.property(NAMESPACE, toggle.instance(), "toggleState",
                        TextNode.valueOf(on ? "ON" : "OFF"), state, now));
            }
        }
        return properties;
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        Trait.Toggle toggle = Capabilities.instanceTrait(directive, device, Trait.Toggle.class);
        if (toggle.readOnly()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, toggle.instance() + " can only be read, not set");
        }
        switch (directive.name()) {
            case "TurnOn":
                return new DeviceCommand.SetToggle(toggle.instance(), true);
            case "TurnOff":
                return new DeviceCommand.SetToggle(toggle.instance(), false);
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
