package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Header;
import dev.homewire.alexa.Property;
import java.util.List;
import java.util.Objects;

/**
 * A directive whose command took effect, as its interface needs it to build the answer.
 *
 * @param name       the directive's name (e.g. {@code Activate})
 * @param output     what the command produced besides state, or null
 * @param properties the endpoint's full state as Alexa properties (EndpointHealth included)
 */
public record Completion(String name, String correlationToken, String endpointId, DeviceState state, CommandOutput output,
                         List<Property> properties) {
    public Completion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(state, "state");
        properties = List.copyOf(properties);
    }

    /** The answer {@code namespace.name} with this payload, for the directive's endpoint and correlationToken, the full state as context. */
    public AlexaEvent answer(String namespace, String answerName, ObjectNode payload) {
        return AlexaEvent.builder(Header.outbound(namespace, answerName, correlationToken))
                .endpoint(endpointId, null).payload(payload).context(properties).build();
    }
}
