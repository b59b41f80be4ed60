package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@code Alexa.RangeController}, once per {@link Trait.Range} instance: SetRangeValue and
 * AdjustRangeValue (relative to the current value; {@code rangeValueDeltaDefault} means one
 * precision step), property {@code rangeValue}. Discovery carries the instance's friendly names,
 * {@code supportedRange}, unit, presets and semantics ("open the blinds" → SetRangeValue 100).
 * Values outside the range, and a read-only instance, are refused before any vendor is called.
 */
public final class RangeControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.RangeController";

    public RangeControllerInterface() {
        super(NAMESPACE, Trait.Range.class, Set.of("SetRangeValue", "AdjustRangeValue"));
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        List<ObjectNode> capabilities = new ArrayList<>();
        for (Trait.Range range : device.traits(Trait.Range.class)) {
            ObjectNode capability = Capabilities.instanceCapability(NAMESPACE, range.instance(), range.names());
            Capabilities.properties(capability, proactive, range.readOnly(), "rangeValue");
            ObjectNode configuration = capability.putObject("configuration");
            ObjectNode supported = configuration.putObject("supportedRange");
            supported.put("minimumValue", range.minimum());
            supported.put("maximumValue", range.maximum());
            supported.put("precision", range.precision());
            if (range.unitOfMeasure() != null) {
                configuration.put("unitOfMeasure", range.unitOfMeasure());
            }
            if (!range.presets().isEmpty()) {
                ArrayNode presets = configuration.putArray("presets");
                for (Trait.Range.Preset preset : range.presets()) {
                    ObjectNode entry = presets.addObject();
                    entry.put("rangeValue", preset.value());
                    entry.putObject("presetResources").set("friendlyNames", Capabilities.friendlyNames(preset.names()));
                }
            }
            if (range.semantics() != null && !range.readOnly()) {
                capability.set("semantics", Capabilities.semantics(range.semantics(),
                        target -> directiveFor(range, target), value -> stateFor(range, value)));
            }
            capabilities.add(capability);
        }
        return capabilities;
    }

    private static ObjectNode directiveFor(Trait.Range range, Semantics.Target target) {
        ObjectNode payload = Json.object();
        if (target instanceof Semantics.Target.SetNumber set) {
            payload.put("rangeValue", set.value());
            return Capabilities.semanticDirective("SetRangeValue", payload);
        }
        if (target instanceof Semantics.Target.AdjustNumber adjust) {
            payload.put("rangeValueDelta", adjust.delta());
            payload.put("rangeValueDeltaDefault", false);
            return Capabilities.semanticDirective("AdjustRangeValue", payload);
        }
        throw Capabilities.semanticsMismatch(range.instance(), target);
    }

    private static ObjectNode stateFor(Trait.Range range, Semantics.StateValue value) {
        if (value instanceof Semantics.StateValue.Number number) {
            return Capabilities.statesToValue(DoubleNode.valueOf(number.value()));
        }
        if (value instanceof Semantics.StateValue.NumberRange span) {
            ObjectNode node = Json.object();
            node.put("@type", "StatesToRange");
            node.putObject("range").put("minimumValue", span.minimum()).put("maximumValue", span.maximum());
            return node;
        }
        throw Capabilities.semanticsMismatch(range.instance(), value);
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>();
        for (Trait.Range range : device.traits(Trait.Range.class)) {
            Double value = state.get(StateKey.rangeValue(range.instance()));
            if (value != null) {
                properties.add(Capabilities.property(NAMESPACE, range.instance(), "rangeValue", DoubleNode.valueOf(value), state, now));
            }
        }
        return properties;
    }

    @Override
    public boolean needsCurrentState(Directive directive) {
        return "AdjustRangeValue".equals(directive.name());
    }

    @Override
    public void validate(Directive directive, Device device) {
        Trait.Range range = controllable(directive, device);
        if ("AdjustRangeValue".equals(directive.name())) {
            delta(directive, range);
        } else {
            toCommand(directive, device, null);
        }
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        Trait.Range range = controllable(directive, device);
        switch (directive.name()) {
            case "SetRangeValue": {
                double value = Capabilities.numberWithin(directive, "rangeValue", range.minimum(), range.maximum());
                return new DeviceCommand.SetRangeValue(range.instance(), snapped(range, value));
            }
            case "AdjustRangeValue": {
                double delta = delta(directive, range);
                Double base = current.get(StateKey.rangeValue(range.instance()));
                double from = base == null ? range.minimum() : base;
                double target = Math.max(range.minimum(), Math.min(range.maximum(), from + delta));
                return new DeviceCommand.SetRangeValue(range.instance(), snapped(range, target));
            }
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    private static Trait.Range controllable(Directive directive, Device device) {
        Trait.Range range = Capabilities.instanceTrait(directive, device, Trait.Range.class);
        if (range.readOnly()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, range.instance() + " can only be read, not set");
        }
        return range;
    }

    /** The delta of an AdjustRangeValue: the payload's, or one precision step when {@code rangeValueDeltaDefault}. */
    private static double delta(Directive directive, Trait.Range range) {
        double span = range.maximum() - range.minimum();
        double delta = Capabilities.numberWithin(directive, "rangeValueDelta", -span, span);
        boolean byDefault = directive.payload().path("rangeValueDeltaDefault").asBoolean(false);
        return byDefault ? Math.signum(delta == 0 ? 1 : delta) * range.precision() : delta;
    }

    /** The value on the range's precision grid (from its minimum), within the bounds. */
    private static double snapped(Trait.Range range, double value) {
        double steps = Math.round((value - range.minimum()) / range.precision());
        double snapped = range.minimum() + steps * range.precision();
        snapped = Math.round(snapped * 1e6) / 1e6;
        return Math.max(range.minimum(), Math.min(range.maximum(), snapped));
    }
}
