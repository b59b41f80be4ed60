package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.ColorTemperatureController}: Set/Increase/DecreaseColorTemperature, property
 * {@code colorTemperatureInKelvin}. Increase and decrease step by {@link #STEP_KELVIN} within the
 * device's range ("cooler" / "warmer").
 */
public final class ColorTemperatureControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.ColorTemperatureController";
    static final int STEP_KELVIN = 500;

    public ColorTemperatureControllerInterface() {
        super(NAMESPACE, Trait.ColorTemperature.class,
                Set.of("SetColorTemperature", "IncreaseColorTemperature", "DecreaseColorTemperature"), "colorTemperatureInKelvin");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        Integer kelvin = state.colorTemperatureKelvin();
        return property("colorTemperatureInKelvin", kelvin == null ? null : IntNode.valueOf(kelvin), state, now);
    }

    @Override
    public boolean needsCurrentState(Directive directive) {
        return !"SetColorTemperature".equals(directive.name());
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        Device.KelvinRange range = device.trait(Trait.ColorTemperature.class).orElseThrow().range();
        switch (directive.name()) {
            case "SetColorTemperature": {
                double kelvin = Capabilities.numberWithin(directive, "colorTemperatureInKelvin", range.minimumKelvin(),
                        range.maximumKelvin());
                return new DeviceCommand.SetColorTemperature((int) Math.round(kelvin));
            }
            case "IncreaseColorTemperature":
            case "DecreaseColorTemperature": {
                int base = current.colorTemperatureKelvin() == null
                        ? (range.minimumKelvin() + range.maximumKelvin()) / 2 : current.colorTemperatureKelvin();
                int step = directive.name().startsWith("Increase") ? STEP_KELVIN : -STEP_KELVIN;
                int target = Math.max(range.minimumKelvin(), Math.min(range.maximumKelvin(), base + step));
                return new DeviceCommand.SetColorTemperature(target);
            }
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
