package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.ColorController}: SetColor, property {@code color} as hue/saturation/brightness. */
public final class ColorControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.ColorController";

    public ColorControllerInterface() {
        super(NAMESPACE, Trait.Color.class, Set.of("SetColor"), "color");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        Hsb color = state.color();
        if (color == null) {
            return List.of();
        }
        ObjectNode value = Json.object();
        value.put("hue", color.hue());
        value.put("saturation", color.saturation());
        value.put("brightness", color.brightness());
        return property("color", value, state, now);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        if (!"SetColor".equals(directive.name())) {
            throw Capabilities.unsupported(directive);
        }
        JsonNode color = directive.payload().get("color");
        if (color == null || !color.path("hue").isNumber() || !color.path("saturation").isNumber()
                || !color.path("brightness").isNumber()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "SetColor needs payload.color with hue, saturation and brightness");
        }
        return new DeviceCommand.SetColor(new Hsb(component(color, "hue", 360), component(color, "saturation", 1),
                component(color, "brightness", 1)));
    }

    /**
     * One colour component within {@code 0..max} (hue in degrees 0–360, saturation and brightness
     * 0–1, Alexa's model); VALUE_OUT_OF_RANGE with that {@code validRange} otherwise, 1e400 included.
     */
    private static double component(JsonNode color, String name, double max) {
        JsonNode node = color.get(name);
        double value = node.asDouble();
        if (!(value >= 0 && value <= max)) {
            throw new AlexaErrorException(AlexaError.valueOutOfRange("color." + name + " must be within 0.." + Capabilities.number(max)
                    + ", got " + Capabilities.number(value), 0, max));
        }
        return value;
    }
}
