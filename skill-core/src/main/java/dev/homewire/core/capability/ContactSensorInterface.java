package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.ContactState;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.ContactSensor}: property {@code detectionState}, DETECTED while the door or window is open; no directives. */
public final class ContactSensorInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.ContactSensor";

    public ContactSensorInterface() {
        super(NAMESPACE, Trait.ContactSensor.class, Set.of(), "detectionState");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        ContactState contact = state.get(StateKey.CONTACT);
        return property("detectionState", contact == null ? null
                : TextNode.valueOf(contact == ContactState.OPEN ? "DETECTED" : "NOT_DETECTED"), state, now);
    }
}
