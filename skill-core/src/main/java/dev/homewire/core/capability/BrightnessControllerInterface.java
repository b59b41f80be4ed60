package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.BrightnessController}: SetBrightness / AdjustBrightness, property {@code brightness} (0–100). */
public final class BrightnessControllerInterface implements AlexaInterface {
    public static final String NAMESPACE = "Alexa.BrightnessController";

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean appliesTo(Device device) {
        return device.has(Trait.BRIGHTNESS);
    }

    @Override
    public ObjectNode discovery(Device device) {
        return Capabilities.reportable(NAMESPACE, "brightness");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        if (state.brightness() == null) {
            return List.of();
        }
        return List.of(Capabilities.property(NAMESPACE, "brightness", IntNode.valueOf(state.brightness()), state, now));
    }

    @Override
    public Set<String> directiveNames() {
        return Set.of("SetBrightness", "AdjustBrightness");
    }

    @Override
    public boolean needsCurrentState(String directiveName) {
        return "AdjustBrightness".equals(directiveName);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "SetBrightness": {
                double value = Capabilities.requiredNumber(directive, "brightness").asDouble();
                if (value < 0 || value > 100) {
                    throw new AlexaErrorException(AlexaError.valueOutOfRange(
                            "brightness must be within 0..100, got " + value, 0, 100));
                }
                return new DeviceCommand.SetBrightness((int) Math.round(value));
            }
            case "AdjustBrightness": {
                double delta = Capabilities.requiredNumber(directive, "brightnessDelta").asDouble();
                if (delta < -100 || delta > 100) {
                    throw new AlexaErrorException(AlexaError.valueOutOfRange(
                            "brightnessDelta must be within -100..100, got " + delta, -100, 100));
                }
                int base = current.brightness() == null ? 0 : current.brightness();
                int target = (int) Math.max(0, Math.min(100, Math.round(base + delta)));
                return new DeviceCommand.SetBrightness(target);
            }
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
