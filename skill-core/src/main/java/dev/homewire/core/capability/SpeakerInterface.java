package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.Speaker}: SetVolume (0–100), AdjustVolume (by -100..100 from the current volume,
 * {@link #DEFAULT_STEP} when Alexa says {@code volumeDefault}), SetMute; properties {@code volume}
 * and {@code muted}.
 */
public final class SpeakerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.Speaker";
    static final int DEFAULT_STEP = 10;

    public SpeakerInterface() {
        super(NAMESPACE, Trait.Speaker.class, Set.of("SetVolume", "AdjustVolume", "SetMute"), "volume", "muted");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>(2);
        Integer volume = state.get(StateKey.VOLUME);
        Boolean muted = state.get(StateKey.MUTED);
        properties.addAll(property("volume", volume == null ? null : IntNode.valueOf(volume), state, now));
        properties.addAll(property("muted", muted == null ? null : BooleanNode.valueOf(muted), state, now));
        return properties;
    }

    @Override
    public boolean needsCurrentState(Directive directive) {
        return "AdjustVolume".equals(directive.name());
    }

    @Override
    public void validate(Directive directive, Device device) {
        if ("AdjustVolume".equals(directive.name())) {
            Capabilities.percentageDelta(directive, "volume");
        } else {
            toCommand(directive, device, null);
        }
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "SetVolume":
                return new DeviceCommand.SetVolume(Capabilities.percentage(directive, "volume"));
            case "AdjustVolume": {
                double delta = Capabilities.percentageDelta(directive, "volume");
                if (directive.payload().path("volumeDefault").asBoolean(false)) {
                    delta = Math.signum(delta == 0 ? 1 : delta) * DEFAULT_STEP;
                }
                return new DeviceCommand.SetVolume(Capabilities.clampPercent(current.get(StateKey.VOLUME), delta));
            }
            case "SetMute":
                return new DeviceCommand.SetMute(Capabilities.requiredBoolean(directive, "mute"), false);
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
