package dev.homewire.core.capability;

import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A directive whose command took effect, as its interface needs it to build the answer.
 *
 * @param name       the directive's name (e.g. {@code Activate})
 * @param output     what the command produced besides state, or null
 * @param properties the endpoint's full state as Alexa properties (EndpointHealth included)
 */
public record Completion(String name, String correlationToken, String endpointId, Device device, DeviceCommand command,
                         DeviceState state, CommandOutput output, List<Property> properties, Instant now) {
    public Completion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(state, "state");
        properties = List.copyOf(properties);
        Objects.requireNonNull(now, "now");
    }
}
