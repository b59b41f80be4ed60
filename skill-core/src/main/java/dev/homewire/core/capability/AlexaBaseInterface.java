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

/** The {@code Alexa} interface every endpoint declares (it carries ReportState, answered elsewhere). */
public final class AlexaBaseInterface implements AlexaInterface {
    @Override
    public String namespace() {
        return "Alexa";
    }

    @Override
    public boolean appliesTo(Device device) {
        return true;
    }

    @Override
    public ObjectNode discovery(Device device) {
        ObjectNode capability = Json.object();
        capability.put("type", "AlexaInterface");
        capability.put("interface", "Alexa");
        capability.put("version", "3");
        return capability;
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        return List.of();
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
