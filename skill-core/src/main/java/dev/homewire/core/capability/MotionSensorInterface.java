package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.MotionSensor}: property {@code detectionState}, DETECTED while there is motion; no directives. */
public final class MotionSensorInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.MotionSensor";

    public MotionSensorInterface() {
        super(NAMESPACE, Trait.MotionSensor.class, Set.of(), "detectionState");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        Boolean motion = state.get(StateKey.MOTION_DETECTED);
        return property("detectionState", motion == null ? null : TextNode.valueOf(motion ? "DETECTED" : "NOT_DETECTED"), state, now);
    }
}
