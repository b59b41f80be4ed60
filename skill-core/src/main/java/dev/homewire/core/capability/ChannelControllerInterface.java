package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
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

/**
 * {@code Alexa.ChannelController}: ChangeChannel (by number, call sign, affiliate call sign or — when
 * Alexa only knows a name — the channel's name as call sign) and SkipChannels (up or down the
 * tuner's line-up, which only the tuner knows); property {@code channel}.
 */
public final class ChannelControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.ChannelController";
    static final int MAX_SKIP = 999;

    public ChannelControllerInterface() {
        super(NAMESPACE, Trait.Channel.class, Set.of("ChangeChannel", "SkipChannels"), "channel");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        ChannelInfo channel = state.get(StateKey.CHANNEL);
        if (channel == null) {
            return List.of();
        }
        ObjectNode value = Json.object();
        if (channel.number() != null) {
            value.put("number", channel.number());
        }
        if (channel.callSign() != null) {
            value.put("callSign", channel.callSign());
        }
        if (channel.affiliateCallSign() != null) {
            value.put("affiliateCallSign", channel.affiliateCallSign());
        }
        return property("channel", value, state, now);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "ChangeChannel": {
                JsonNode channel = directive.payload().path("channel");
                String name = text(directive.payload().path("channelMetadata"), "name");
                String number = text(channel, "number");
                String callSign = text(channel, "callSign");
                String affiliate = text(channel, "affiliateCallSign");
                if (number == null && callSign == null && affiliate == null && name == null) {
                    throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                            "ChangeChannel needs payload.channel with a number or call sign, or payload.channelMetadata.name");
                }
                return new DeviceCommand.ChangeChannel(new ChannelInfo(number, callSign != null ? callSign
                        : number == null && affiliate == null ? name : null, affiliate));
            }
            case "SkipChannels": {
                double count = Capabilities.numberWithin(directive, "channelCount", -MAX_SKIP, MAX_SKIP);
                if (count == 0 || count != Math.rint(count) || Math.abs(count) > MAX_SKIP) {
                    throw new AlexaErrorException(AlexaError.valueOutOfRange("channelCount must be a whole number within -"
                            + MAX_SKIP + ".." + MAX_SKIP + " and not 0, got " + count, -MAX_SKIP, MAX_SKIP));
                }
                return new DeviceCommand.SkipChannels((int) count);
            }
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
