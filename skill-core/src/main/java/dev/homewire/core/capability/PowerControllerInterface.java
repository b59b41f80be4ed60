package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.PowerController}: TurnOn / TurnOff, property {@code powerState}. */
public final class PowerControllerInterface implements AlexaInterface {
    public static final String NAMESPACE = "Alexa.PowerController";

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean appliesTo(Device device) {
        return device.has(Trait.POWER);
    }

    @Override
    public ObjectNode discovery(Device device) {
        return Capabilities.reportable(NAMESPACE, "powerState");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        if (state.power() == null) {
            return List.of();
        }
        return List.of(Capabilities.property(NAMESPACE, "powerState", TextNode.valueOf(state.power().name()), state, now));
    }

    @Override
    public Set<String> directiveNames() {
        return Set.of("TurnOn", "TurnOff");
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "TurnOn":
                return new DeviceCommand.SetPower(PowerState.ON);
            case "TurnOff":
                return new DeviceCommand.SetPower(PowerState.OFF);
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
