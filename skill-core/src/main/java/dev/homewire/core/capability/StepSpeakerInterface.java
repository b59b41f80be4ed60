package dev.homewire.core.capability;

import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import java.util.Set;

/**
 * {@code Alexa.StepSpeaker}: AdjustVolume by {@code volumeSteps} (-100..100, not 0) and SetMute, for
 * speakers whose level cannot be read (an IR sound bar). No properties: the steps go to the device
 * as they are, the one relative command core cannot resolve from state.
 */
public final class StepSpeakerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.StepSpeaker";

    public StepSpeakerInterface() {
        super(NAMESPACE, Trait.StepSpeaker.class, Set.of("AdjustVolume", "SetMute"));
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "AdjustVolume": {
                double steps = Capabilities.numberWithin(directive, "volumeSteps", -100, 100);
                if (steps == 0 || Math.abs(steps) > 100 || steps != Math.rint(steps)) {
                    throw new AlexaErrorException(AlexaError.valueOutOfRange(
                            "volumeSteps must be a whole number within -100..100 and not 0, got " + steps, -100, 100));
                }
                return new DeviceCommand.AdjustVolumeSteps((int) steps);
            }
            case "SetMute":
                return new DeviceCommand.SetMute(Capabilities.requiredBoolean(directive, "mute"), true);
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
