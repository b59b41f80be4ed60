package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaTime;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.TimeHoldController}: Hold (optionally {@code until} a time) and Resume of an
 * appliance's program; properties {@code holdStartTime} and {@code holdEndTime} while held.
 * Discovery says whether the program may be resumed remotely; Resume is refused otherwise.
 */
public final class TimeHoldControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.TimeHoldController";

    public TimeHoldControllerInterface() {
        super(NAMESPACE, Trait.TimeHold.class, Set.of("Hold", "Resume"), "holdStartTime", "holdEndTime");
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        capability.putObject("configuration").put("allowRemoteResume", device.trait(Trait.TimeHold.class).orElseThrow().remoteResume());
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        if (!Boolean.TRUE.equals(state.get(StateKey.ON_HOLD))) {
            return List.of();
        }
        List<Property> properties = new ArrayList<>();
        Instant started = state.get(StateKey.HOLD_STARTED_AT);
        Instant ends = state.get(StateKey.HOLD_ENDS_AT);
        properties.addAll(property("holdStartTime", started == null ? null : TextNode.valueOf(AlexaTime.formatSeconds(started)), state, now));
        properties.addAll(property("holdEndTime", ends == null ? null : TextNode.valueOf(AlexaTime.formatSeconds(ends)), state, now));
        return properties;
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "Hold": {
                JsonNode until = directive.payload().get("until");
                if (until == null || until.isNull()) {
                    return new DeviceCommand.Hold(null);
                }
                try {
                    return new DeviceCommand.Hold(Instant.parse(until.asText()));
                } catch (DateTimeParseException e) {
                    throw new AlexaErrorException(ErrorType.INVALID_VALUE, "Hold payload.until must be an ISO-8601 time");
                }
            }
            case "Resume":
                if (!device.trait(Trait.TimeHold.class).orElseThrow().remoteResume()) {
                    throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "this appliance is resumed at the appliance only");
                }
                return new DeviceCommand.Resume();
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
