package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.TemperatureSensor}: property {@code temperature {value, scale}}, the ambient temperature; no directives. */
public final class TemperatureSensorInterface implements AlexaInterface {
    public static final String NAMESPACE = "Alexa.TemperatureSensor";

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean appliesTo(Device device) {
        return device.has(Trait.TEMPERATURE_SENSOR);
    }

    @Override
    public ObjectNode discovery(Device device) {
        return Capabilities.reportable(NAMESPACE, "temperature");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        if (state.temperature() == null) {
            return List.of();
        }
        return List.of(Capabilities.property(NAMESPACE, "temperature", Capabilities.temperature(state.temperature()), state, now));
    }

    @Override
    public Set<String> directiveNames() {
        return Set.of();
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        throw Capabilities.unsupported(directive);
    }
}
