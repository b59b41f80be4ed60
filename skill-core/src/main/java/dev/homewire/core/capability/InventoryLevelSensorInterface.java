package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.InventoryLevelSensor}, once per {@link Trait.InventoryLevel} instance: property
 * {@code level} ({@code {"@type": "Percentage", "value": 40}}, or a count, volume or weight with its
 * unit); no directives. Discovery carries the measurement and the Dash replenishment id.
 */
public final class InventoryLevelSensorInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.InventoryLevelSensor";

    public InventoryLevelSensorInterface() {
        super(NAMESPACE, Trait.InventoryLevel.class, Set.of());
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        List<ObjectNode> capabilities = new ArrayList<>();
        for (Trait.InventoryLevel level : device.traits(Trait.InventoryLevel.class)) {
            ObjectNode capability = Capabilities.instanceCapability(NAMESPACE, level.instance(), level.names());
            Capabilities.properties(capability, proactive, false, "level");
            ObjectNode configuration = capability.putObject("configuration");
            ObjectNode measurement = configuration.putObject("measurement");
            measurement.put("@type", typeName(level.measurement().kind()));
            if (level.measurement().unit() != null) {
                measurement.put("unit", level.measurement().unit());
            }
            ObjectNode replenishment = configuration.putObject("replenishment");
            if (level.replenishmentId() != null) {
                replenishment.put("@type", "DashReplenishmentId");
                replenishment.put("value", level.replenishmentId());
            }
            capabilities.add(capability);
        }
        return capabilities;
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>();
        for (Trait.InventoryLevel level : device.traits(Trait.InventoryLevel.class)) {
            Double value = state.get(StateKey.inventoryLevel(level.instance()));
            if (value == null) {
                continue;
            }
            Trait.InventoryLevel.Measurement measurement = level.measurement();
            ObjectNode json = Json.object();
            json.put("@type", typeName(measurement.kind()));
            switch (measurement.kind()) {
                case COUNT:
                    json.put("value", Math.round(value));
                    break;
                case PERCENTAGE:
                    json.put("value", Math.max(0, Math.min(100, value)));
                    break;
                default:
                    json.put("value", value);
                    json.put("unit", measurement.unit());
            }
            properties.add(Capabilities.property(NAMESPACE, level.instance(), "level", json, state, now));
        }
        return properties;
    }

    private static String typeName(Trait.InventoryLevel.Measurement.Kind kind) {
        switch (kind) {
            case COUNT:
                return "Count";
            case VOLUME:
                return "Volume";
            case WEIGHT:
                return "Weight";
            default:
                return "Percentage";
        }
    }
}
