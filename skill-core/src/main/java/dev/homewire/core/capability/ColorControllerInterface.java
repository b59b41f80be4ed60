package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.Trait;
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
        try {
            return new DeviceCommand.SetColor(new Hsb(color.get("hue").asDouble(), color.get("saturation").asDouble(),
                    color.get("brightness").asDouble()));
        } catch (IllegalArgumentException e) {
            throw new AlexaErrorException(ErrorType.INVALID_VALUE, e.getMessage());
        }
    }
}
