package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.EndpointHealth}: every endpoint reports whether its vendor can reach it. */
public final class EndpointHealthInterface implements AlexaInterface {
    public static final String NAMESPACE = "Alexa.EndpointHealth";

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean appliesTo(Device device) {
        return true;
    }

    @Override
    public ObjectNode discovery(Device device) {
        return Capabilities.reportable(NAMESPACE, "connectivity");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        ObjectNode value = Json.object();
        value.put("value", state.connectivity().name());
        return List.of(Capabilities.property(NAMESPACE, "connectivity", value, state, now));
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
