package dev.homewire.core.capability;

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
public final class PowerControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.PowerController";

    public PowerControllerInterface() {
        super(NAMESPACE, Trait.Power.class, Set.of("TurnOn", "TurnOff"), "powerState");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        PowerState power = state.power();
        return property("powerState", power == null ? null : TextNode.valueOf(power.name()), state, now);
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
