package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaTime;
import dev.homewire.alexa.Header;
import dev.homewire.alexa.Json;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.DoorbellEventSource}: no directives and no properties; each
 * {@link DeviceEvent.DoorbellPressed} the vendor reports becomes a {@code DoorbellPress} event
 * (cause PHYSICAL_INTERACTION, the press time in whole seconds), which Echo devices announce.
 */
public final class DoorbellEventSourceInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.DoorbellEventSource";

    public DoorbellEventSourceInterface() {
        super(NAMESPACE, Trait.Doorbell.class, Set.of());
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        capability.put("proactivelyReported", true);
    }

    @Override
    public List<AlexaEvent> eventsFor(DeviceEvent event, Device device, String endpointId) {
        if (!(event instanceof DeviceEvent.DoorbellPressed press)) {
            return List.of();
        }
        ObjectNode payload = Json.object();
        payload.putObject("cause").put("type", "PHYSICAL_INTERACTION");
        payload.put("timestamp", AlexaTime.formatSeconds(press.at()));
        return List.of(AlexaEvent.builder(Header.outbound(NAMESPACE, "DoorbellPress", null))
                .endpoint(endpointId, null).payload(payload).build());
    }
}
