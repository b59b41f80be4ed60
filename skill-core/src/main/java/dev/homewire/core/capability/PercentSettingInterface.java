package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The shape Brightness, PowerLevel and Percentage share: one 0–100 property, a Set directive with
 * the value and an Adjust directive with a delta of -100..100 that saturates at the bounds.
 */
abstract class PercentSettingInterface extends TraitInterface {
    private final StateKey<Integer> key;
    private final String property;
    private final String setName;
    private final String adjustName;
    private final String deltaField;
    private final IntFunction<DeviceCommand> command;

    PercentSettingInterface(String namespace, Class<? extends Trait> trait, StateKey<Integer> key, String property,
                            String setName, String adjustName, String deltaField, IntFunction<DeviceCommand> command) {
        super(namespace, trait, Set.of(setName, adjustName), property);
        this.key = key;
        this.property = property;
        this.setName = setName;
        this.adjustName = adjustName;
        this.deltaField = deltaField;
        this.command = command;
    }

    @Override
    public final List<Property> properties(Device device, DeviceState state, Instant now) {
        Integer value = state.get(key);
        return property(property, value == null ? null : IntNode.valueOf(value), state, now);
    }

    @Override
    public final boolean needsCurrentState(Directive directive) {
        return adjustName.equals(directive.name());
    }

    @Override
    public final void validate(Directive directive, Device device) {
        if (adjustName.equals(directive.name())) {
            Capabilities.percentageDelta(directive, deltaField);
        } else {
            toCommand(directive, device, null);
        }
    }

    @Override
    public final DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        if (setName.equals(directive.name())) {
            return command.apply(Capabilities.percentage(directive, property));
        }
        if (adjustName.equals(directive.name())) {
            return command.apply(Capabilities.clampPercent(current.get(key), Capabilities.percentageDelta(directive, deltaField)));
        }
        throw Capabilities.unsupported(directive);
    }
}
