package dev.homewire.core.capability;

import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.TemperatureSensor}: property {@code temperature {value, scale}}, the ambient temperature; no directives. */
public final class TemperatureSensorInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.TemperatureSensor";

    public TemperatureSensorInterface() {
        super(NAMESPACE, Trait.TemperatureSensor.class, Set.of(), "temperature");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        return property("temperature", state.temperature() == null ? null : Capabilities.temperature(state.temperature()), state, now);
    }
}
