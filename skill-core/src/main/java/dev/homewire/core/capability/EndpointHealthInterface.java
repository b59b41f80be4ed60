package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.EndpointHealth}: every endpoint reports whether its vendor can reach it. */
public final class EndpointHealthInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.EndpointHealth";

    public EndpointHealthInterface() {
        super(NAMESPACE, null, Set.of(), "connectivity");
    }

    @Override
    public boolean appliesTo(Device device) {
        return true;
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        ObjectNode value = Json.object();
        value.put("value", state.connectivity().name());
        return property("connectivity", value, state, now);
    }
}
