package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import java.util.Set;

/**
 * {@code Alexa.SeekController}: AdjustSeekPosition by {@code deltaPositionMilliseconds}; the player
 * knows where it is, so the delta goes to it as it is and the answer is
 * {@code Alexa.SeekController.StateReport} with the new {@code positionMilliseconds} the player
 * reports.
 */
public final class SeekControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.SeekController";
    static final long MAX_POSITION_MS = 86_400_000L;

    public SeekControllerInterface() {
        super(NAMESPACE, Trait.Seek.class, Set.of("AdjustSeekPosition"));
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        if (!"AdjustSeekPosition".equals(directive.name())) {
            throw Capabilities.unsupported(directive);
        }
        double delta = Capabilities.numberWithin(directive, "deltaPositionMilliseconds", -MAX_POSITION_MS, MAX_POSITION_MS);
        return new DeviceCommand.Seek(Math.round(delta));
    }

    @Override
    public AlexaEvent answer(Completion completion) {
        Long position = completion.state().get(StateKey.PLAYBACK_POSITION_MS);
        if (position == null) {
            return AlexaMessages.errorResponse(completion.correlationToken(), completion.endpointId(), null,
                    AlexaError.of(ErrorType.INTERNAL_ERROR, "the player reported no position"));
        }
        ObjectNode payload = Json.object();
        payload.putArray("properties").addObject().put("name", "positionMilliseconds")
                .put("value", Math.max(0, Math.min(MAX_POSITION_MS, position)));
        return completion.answer(NAMESPACE, "StateReport", payload);
    }
}
