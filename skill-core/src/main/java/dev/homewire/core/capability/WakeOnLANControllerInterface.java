package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Header;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.WakeOnLANController}: discovery gives the device's MAC addresses; before a
 * {@code PowerController.TurnOn} is carried out, a {@code WakeUp} event (same correlationToken) goes
 * to the gateway so that an Echo on the user's network sends the magic packet to a device whose
 * network is asleep. No directives of its own.
 */
public final class WakeOnLANControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.WakeOnLANController";

    public WakeOnLANControllerInterface() {
        super(NAMESPACE, Trait.WakeOnLan.class, Set.of());
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        ArrayNode macs = capability.putObject("configuration").putArray("MACAddresses");
        device.trait(Trait.WakeOnLan.class).orElseThrow().macAddresses().forEach(macs::add);
    }

    @Override
    public List<AlexaEvent> eventsBefore(Directive directive, Device device, String endpointId) {
        if (!PowerControllerInterface.NAMESPACE.equals(directive.namespace()) || !"TurnOn".equals(directive.name())) {
            return List.of();
        }
        return List.of(AlexaEvent.builder(Header.outbound(NAMESPACE, "WakeUp", directive.correlationToken()))
                .endpoint(endpointId, null).build());
    }
}
