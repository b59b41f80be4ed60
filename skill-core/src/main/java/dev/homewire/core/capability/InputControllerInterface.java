package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.InputController}: SelectInput of one of the device's inputs (names compared without
 * case, passed on as the device names them), property {@code input}; discovery lists the inputs
 * with their friendly names.
 */
public final class InputControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.InputController";

    public InputControllerInterface() {
        super(NAMESPACE, Trait.Input.class, Set.of("SelectInput"), "input");
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        ArrayNode inputs = capability.putArray("inputs");
        for (Trait.Input.InputSource source : device.trait(Trait.Input.class).orElseThrow().inputs()) {
            ObjectNode input = inputs.addObject();
            input.put("name", source.name());
            if (!source.friendlyNames().isEmpty()) {
                ArrayNode names = input.putArray("friendlyNames");
                source.friendlyNames().forEach(names::add);
            }
        }
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        String input = state.get(StateKey.INPUT);
        return property("input", input == null ? null : TextNode.valueOf(input), state, now);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        if (!"SelectInput".equals(directive.name())) {
            throw Capabilities.unsupported(directive);
        }
        String requested = Capabilities.requiredText(directive, "input");
        Trait.Input inputs = device.trait(Trait.Input.class).orElseThrow();
        return inputs.inputs().stream().filter(i -> i.name().equalsIgnoreCase(requested)).findFirst()
                .map(i -> (DeviceCommand) new DeviceCommand.SelectInput(i.name()))
                .orElseThrow(() -> new AlexaErrorException(ErrorType.INVALID_VALUE, "no input '" + requested + "'; this device has "
                        + inputs.inputs().stream().map(Trait.Input.InputSource::name).toList()));
    }
}
