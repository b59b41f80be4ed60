package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.DetectionMethod;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.EventDetectionSensor} for person detection ({@link Trait.PersonDetection}): property
 * {@code humanPresenceDetectionState} {@code {"value": "DETECTED" | "NOT_DETECTED", "detectionMethods": [...]}}.
 * A person seen becomes a ChangeReport of that property (Alexa has no separate detection event).
 */
public final class EventDetectionSensorInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.EventDetectionSensor";
    static final String PROPERTY = "humanPresenceDetectionState";

    public EventDetectionSensorInterface() {
        super(NAMESPACE, Trait.PersonDetection.class, Set.of(), PROPERTY);
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        Trait.PersonDetection detection = device.trait(Trait.PersonDetection.class).orElseThrow();
        ObjectNode configuration = capability.putObject("configuration");
        configuration.set("detectionMethods", methods(detection));
        ObjectNode humanPresence = configuration.putObject("detectionModes").putObject("humanPresence");
        humanPresence.put("featureAvailability", "ENABLED");
        humanPresence.put("supportsNotDetected", true);
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        Boolean detected = state.get(StateKey.PERSON_DETECTED);
        if (detected == null) {
            return List.of();
        }
        ObjectNode value = Json.object();
        value.put("value", detected ? "DETECTED" : "NOT_DETECTED");
        value.set("detectionMethods", methods(device.trait(Trait.PersonDetection.class).orElseThrow()));
        return property(PROPERTY, value, state, now);
    }

    private static ArrayNode methods(Trait.PersonDetection detection) {
        ArrayNode methods = Json.array();
        detection.methods().stream().sorted().map(DetectionMethod::name).forEach(methods::add);
        return methods;
    }
}
