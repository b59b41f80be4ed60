package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.PlaybackOperation;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import java.util.Map;
import java.util.Set;

/**
 * {@code Alexa.PlaybackController}: Play, Pause, Stop, StartOver, Previous, Next, Rewind and
 * FastForward, as far as the player lists them in {@code supportedOperations}; answered with
 * {@code Alexa.Response} and the endpoint's state (the interface has no properties of its own).
 */
public final class PlaybackControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.PlaybackController";
    private static final Map<String, PlaybackOperation> OPERATIONS = Map.of(
            "Play", PlaybackOperation.PLAY, "Pause", PlaybackOperation.PAUSE, "Stop", PlaybackOperation.STOP,
            "StartOver", PlaybackOperation.START_OVER, "Previous", PlaybackOperation.PREVIOUS, "Next", PlaybackOperation.NEXT,
            "Rewind", PlaybackOperation.REWIND, "FastForward", PlaybackOperation.FAST_FORWARD);

    public PlaybackControllerInterface() {
        super(NAMESPACE, Trait.Playback.class, OPERATIONS.keySet());
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        Set<PlaybackOperation> supported = device.trait(Trait.Playback.class).orElseThrow().operations();
        ArrayNode operations = capability.putArray("supportedOperations");
        OPERATIONS.entrySet().stream().filter(e -> supported.contains(e.getValue()))
                .sorted(Map.Entry.comparingByValue()).forEach(e -> operations.add(e.getKey()));
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        PlaybackOperation operation = OPERATIONS.get(directive.name());
        if (operation == null) {
            throw Capabilities.unsupported(directive);
        }
        if (!device.trait(Trait.Playback.class).orElseThrow().operations().contains(operation)) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "this player does not support " + directive.name());
        }
        return new DeviceCommand.Playback(operation);
    }
}
