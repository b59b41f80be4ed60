package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.ModeController}, once per {@link Trait.Mode} instance: SetMode (one of the
 * instance's values) and AdjustMode (steps through an ordered mode, saturating at its ends),
 * property {@code mode}. Discovery carries friendly names, {@code ordered}, every value with its
 * {@code modeResources}, and semantics ("open the garage door" → SetMode Position.Up).
 */
public final class ModeControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.ModeController";

    public ModeControllerInterface() {
        super(NAMESPACE, Trait.Mode.class, Set.of("SetMode", "AdjustMode"));
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        List<ObjectNode> capabilities = new ArrayList<>();
        for (Trait.Mode mode : device.traits(Trait.Mode.class)) {
            ObjectNode capability = Capabilities.instanceCapability(NAMESPACE, mode.instance(), mode.names());
            Capabilities.properties(capability, proactive, mode.readOnly(), "mode");
            ObjectNode configuration = capability.putObject("configuration");
            configuration.put("ordered", mode.ordered());
            ArrayNode values = configuration.putArray("supportedModes");
            for (Trait.Mode.ModeValue value : mode.values()) {
                ObjectNode entry = values.addObject();
                entry.put("value", value.value());
                entry.putObject("modeResources").set("friendlyNames", Capabilities.friendlyNames(value.names()));
            }
            if (mode.semantics() != null && !mode.readOnly()) {
                capability.set("semantics", Capabilities.semantics(mode.semantics(),
                        target -> directiveFor(mode, target), value -> stateFor(mode, value)));
            }
            capabilities.add(capability);
        }
        return capabilities;
    }

    private static ObjectNode directiveFor(Trait.Mode mode, Semantics.Target target) {
        ObjectNode payload = Json.object();
        // Trait.Mode refuses semantics that name a mode it lacks, or adjust an unordered mode
        if (target instanceof Semantics.Target.SetMode set) {
            payload.put("mode", set.mode());
            return Capabilities.semanticDirective("SetMode", payload);
        }
        if (target instanceof Semantics.Target.AdjustMode adjust) {
            payload.put("modeDelta", adjust.delta());
            return Capabilities.semanticDirective("AdjustMode", payload);
        }
        throw Capabilities.semanticsMismatch(mode.instance(), target);
    }

    private static ObjectNode stateFor(Trait.Mode mode, Semantics.StateValue value) {
        if (value instanceof Semantics.StateValue.Mode state) {
            return Capabilities.statesToValue(TextNode.valueOf(state.mode()));
        }
        throw Capabilities.semanticsMismatch(mode.instance(), value);
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>();
        for (Trait.Mode mode : device.traits(Trait.Mode.class)) {
            String value = state.get(StateKey.mode(mode.instance()));
            if (value != null) {
                properties.add(Capabilities.property(NAMESPACE, mode.instance(), "mode", TextNode.valueOf(value), state, now));
            }
        }
        return properties;
    }

    @Override
    public boolean needsCurrentState(Directive directive) {
        return "AdjustMode".equals(directive.name());
    }

    @Override
    public void validate(Directive directive, Device device) {
        Trait.Mode mode = controllable(directive, device);
        if ("AdjustMode".equals(directive.name())) {
            delta(directive, mode);
        } else {
            toCommand(directive, device, null);
        }
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        Trait.Mode mode = controllable(directive, device);
        switch (directive.name()) {
            case "SetMode": {
                String value = Capabilities.requiredText(directive, "mode");
                if (!mode.has(value)) {
                    throw new AlexaErrorException(ErrorType.INVALID_VALUE, mode.instance() + " has no mode '" + value + "'; it has "
                            + mode.values().stream().map(Trait.Mode.ModeValue::value).toList());
                }
                return new DeviceCommand.SetMode(mode.instance(), value);
            }
            case "AdjustMode": {
                int delta = delta(directive, mode);
                int index = mode.indexOf(current.get(StateKey.mode(mode.instance())));
                int from = index < 0 ? 0 : index;
                int target = Math.max(0, Math.min(mode.values().size() - 1, from + delta));
                return new DeviceCommand.SetMode(mode.instance(), mode.values().get(target).value());
            }
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    private static Trait.Mode controllable(Directive directive, Device device) {
        Trait.Mode mode = Capabilities.instanceTrait(directive, device, Trait.Mode.class);
        if (mode.readOnly()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, mode.instance() + " can only be read, not set");
        }
        return mode;
    }

    private static int delta(Directive directive, Trait.Mode mode) {
        if (!mode.ordered()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, mode.instance() + " is not ordered; name the mode to set");
        }
        int span = mode.values().size() - 1;
        double delta = Capabilities.numberWithin(directive, "modeDelta", -Math.max(1, span), Math.max(1, span));
        if (delta != Math.rint(delta) || Math.abs(delta) > Math.max(1, span)) {
            throw new AlexaErrorException(AlexaError.valueOutOfRange("modeDelta must be a whole number within " + -span + ".." + span
                    + ", got " + delta, -span, span));
        }
        return (int) delta;
    }
}
