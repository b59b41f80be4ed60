package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.FriendlyNames;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Helpers shared by the interface classes. */
final class Capabilities {
    private Capabilities() {
    }

    /** An {@code AlexaInterface} capability object without properties. */
    static ObjectNode capability(String namespace) {
        ObjectNode capability = Json.object();
        capability.put("type", "AlexaInterface");
        capability.put("interface", namespace);
        capability.put("version", "3");
        return capability;
    }

    /** A capability announcing retrievable properties, proactively reported when the vendor tells us changes. */
    static ObjectNode reportable(String namespace, boolean proactive, String... propertyNames) {
        ObjectNode capability = capability(namespace);
        properties(capability, proactive, false, propertyNames);
        return capability;
    }

    /** The {@code properties} block: supported names, {@code proactivelyReported}, {@code retrievable} (and {@code nonControllable}). */
    static ObjectNode properties(ObjectNode capability, boolean proactive, boolean nonControllable, String... propertyNames) {
        ObjectNode properties = capability.putObject("properties");
        ArrayNode supported = properties.putArray("supported");
        for (String name : propertyNames) {
            supported.addObject().put("name", name);
        }
        properties.put("proactivelyReported", proactive);
        properties.put("retrievable", true);
        if (nonControllable) {
            properties.put("nonControllable", true);
        }
        return properties;
    }

    /** A capability of an instance interface: {@code instance} and {@code capabilityResources.friendlyNames}. */
    static ObjectNode instanceCapability(String namespace, String instance, FriendlyNames names) {
        ObjectNode capability = capability(namespace);
        capability.put("instance", instance);
        capability.putObject("capabilityResources").set("friendlyNames", friendlyNames(names));
        return capability;
    }

    /** Alexa's friendly-name list: catalogue assets, then texts. */
    static ArrayNode friendlyNames(FriendlyNames names) {
        ArrayNode list = Json.array();
        for (String assetId : names.assetIds()) {
            ObjectNode asset = list.addObject();
            asset.put("@type", "asset");
            asset.putObject("value").put("assetId", assetId);
        }
        for (FriendlyNames.Text text : names.texts()) {
            ObjectNode entry = list.addObject();
            entry.put("@type", "text");
            entry.putObject("value").put("text", text.text()).put("locale", text.locale());
        }
        return list;
    }

    /**
     * Alexa {@code semantics}: action mappings to the directive each target becomes, state mappings
     * to values or ranges.
     */
    static ObjectNode semantics(Semantics semantics, Function<Semantics.Target, ObjectNode> directive,
                                Function<Semantics.StateValue, ObjectNode> state) {
        ObjectNode node = Json.object();
        if (!semantics.actionMappings().isEmpty()) {
            ArrayNode actions = node.putArray("actionMappings");
            for (Semantics.ActionMapping mapping : semantics.actionMappings()) {
                ObjectNode entry = actions.addObject();
                entry.put("@type", "ActionsToDirective");
                ArrayNode names = entry.putArray("actions");
                mapping.actions().stream().sorted().forEach(a -> names.add(actionName(a)));
                entry.set("directive", directive.apply(mapping.target()));
            }
        }
        if (!semantics.stateMappings().isEmpty()) {
            ArrayNode states = node.putArray("stateMappings");
            for (Semantics.StateMapping mapping : semantics.stateMappings()) {
                ObjectNode entry = state.apply(mapping.value());
                ArrayNode names = Json.array();
                mapping.states().stream().sorted().forEach(s -> names.add(stateName(s)));
                ObjectNode ordered = states.addObject();
                ordered.put("@type", entry.get("@type").asText());
                ordered.set("states", names);
                entry.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("@type")) {
                        ordered.set(f.getKey(), f.getValue());
                    }
                });
            }
        }
        return node;
    }

    /** A semantics directive object {@code {"name": ..., "payload": {...}}}. */
    static ObjectNode semanticDirective(String name, ObjectNode payload) {
        ObjectNode directive = Json.object();
        directive.put("name", name);
        directive.set("payload", payload == null ? Json.object() : payload);
        return directive;
    }

    /** {@code StatesToValue} with {@code value}. */
    static ObjectNode statesToValue(JsonNode value) {
        ObjectNode node = Json.object();
        node.put("@type", "StatesToValue");
        node.set("value", value);
        return node;
    }

    /**
     * Semantics of a kind the instance's interface cannot announce. The traits refuse semantics
     * that do not fit them when they are made, so this only guards the mapping.
     */
    static IllegalArgumentException semanticsMismatch(String instance, Object target) {
        return new IllegalArgumentException("instance " + instance + " cannot map semantics to " + target);
    }

    private static String actionName(Semantics.Action action) {
        switch (action) {
            case OPEN:
                return "Alexa.Actions.Open";
            case CLOSE:
                return "Alexa.Actions.Close";
            case RAISE:
                return "Alexa.Actions.Raise";
            default:
                return "Alexa.Actions.Lower";
        }
    }

    private static String stateName(Semantics.State state) {
        return state == Semantics.State.OPEN ? "Alexa.States.Open" : "Alexa.States.Closed";
    }

    /** A property with Alexa's uncertainty: the time since the value was last confirmed. */
    static Property property(String namespace, String name, JsonNode value, DeviceState state, Instant now) {
        return property(namespace, null, name, value, state, now);
    }

    /** A property of an instance interface. */
    static Property property(String namespace, String instance, String name, JsonNode value, DeviceState state, Instant now) {
        long age = Math.max(0, Duration.between(state.observedAt(), now).toMillis());
        return new Property(namespace, instance, name, value, state.observedAt(), age);
    }

    /** The trait of the directive's {@code header.instance}, or INVALID_DIRECTIVE when the device has none. */
    static <T extends Trait> T instanceTrait(Directive directive, Device device, Class<T> kind) {
        String instance = directive.header().instance();
        if (instance == null || instance.isBlank()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " needs header.instance");
        }
        Optional<T> trait = device.instance(kind, instance);
        return trait.orElseThrow(() -> new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                "endpoint has no " + directive.namespace() + " instance '" + instance + "'"));
    }

    /**
     * A required number of the payload within {@code min..max}. Not a number → INVALID_DIRECTIVE;
     * outside the bounds → VALUE_OUT_OF_RANGE with {@code validRange}. A literal beyond the double
     * range ({@code 1e400} reads as infinity) is outside every bound, so it is the client's
     * VALUE_OUT_OF_RANGE too, never a failure further on. Every numeric read of a payload goes
     * through here or {@link #requiredTemperature}, so each has bounds.
     */
    static double numberWithin(Directive directive, String field, double min, double max) {
        JsonNode node = directive.payload().get(field);
        if (node == null || !node.isNumber()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " needs a numeric payload." + field);
        }
        double value = node.asDouble();
        if (!(value >= min && value <= max)) { // NaN-safe
            throw new AlexaErrorException(AlexaError.valueOutOfRange(field + " must be within " + number(min) + ".." + number(max)
                    + ", got " + number(value), min, max));
        }
        return value;
    }

    /** A bound as people write it: {@code 100}, not {@code 100.0}. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static String requiredText(Directive directive, String field) {
        JsonNode value = directive.payload().get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " needs a text payload." + field);
        }
        return value.asText();
    }

    static boolean requiredBoolean(Directive directive, String field) {
        JsonNode value = directive.payload().get(field);
        if (value == null || !value.isBoolean()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " needs a true/false payload." + field);
        }
        return value.booleanValue();
    }

    /** A whole-number percentage 0–100, or VALUE_OUT_OF_RANGE. */
    static int percentage(Directive directive, String field) {
        return (int) Math.round(numberWithin(directive, field, 0, 100));
    }

    /** A delta within -100..100, or VALUE_OUT_OF_RANGE. */
    static double percentageDelta(Directive directive, String field) {
        return numberWithin(directive, field, -100, 100);
    }

    /** {@code base + delta} kept within 0..100 (a relative change saturates rather than fails). */
    static int clampPercent(Integer base, double delta) {
        int from = base == null ? 0 : base;
        return (int) Math.max(0, Math.min(100, Math.round(from + delta)));
    }

    /**
     * A temperature as Alexa reports it, {@code {"value": 21.5, "scale": "CELSIUS"}}. Kelvin is
     * reported in Celsius (the schema bounds setpoints to -100..100, which Kelvin values exceed);
     * converted values are rounded to hundredths.
     */
    static ObjectNode temperature(Temperature temperature) {
        Temperature reported = temperature.scale() == Temperature.Scale.KELVIN
                ? round(temperature.in(Temperature.Scale.CELSIUS), 100) : temperature;
        ObjectNode value = Json.object();
        value.put("value", reported.value());
        value.put("scale", reported.scale().name());
        return value;
    }

    /** The temperature rounded to 1/{@code per} of a degree. */
    static Temperature round(Temperature temperature, int per) {
        return new Temperature(Math.round(temperature.value() * per) / (double) per, temperature.scale());
    }

    /**
     * Degrees beyond which no temperature, setpoint or difference makes sense; values beyond it are
     * refused before any arithmetic (a finite 1e308 °F overflows converting to °C).
     */
    static final double MAX_TEMPERATURE_DEGREES = 1e6;

    /**
     * A {@code {value, scale}} object of the directive's payload.
     *
     * @param outOfRange the refusal for a value that is not finite ({@code 1e400} reads as infinity)
     *                   or beyond {@value #MAX_TEMPERATURE_DEGREES} degrees, given the scale it was
     *                   spoken in: the interface's TEMPERATURE_VALUE_OUT_OF_RANGE with its range
     * @throws AlexaErrorException INVALID_DIRECTIVE when missing or malformed
     */
    static Temperature requiredTemperature(Directive directive, String field,
                                           java.util.function.Function<Temperature.Scale, AlexaErrorException> outOfRange) {
        JsonNode node = directive.payload().get(field);
        if (node == null || !node.isObject() || !node.path("value").isNumber() || !node.path("scale").isTextual()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " needs payload." + field + " {value, scale}");
        }
        Temperature.Scale scale;
        try {
            scale = Temperature.Scale.valueOf(node.get("scale").asText());
        } catch (IllegalArgumentException e) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    "unknown temperature scale '" + node.get("scale").asText() + "' in payload." + field);
        }
        double value = node.get("value").asDouble();
        if (!(Math.abs(value) <= MAX_TEMPERATURE_DEGREES)) { // NaN-safe
            throw outOfRange.apply(scale);
        }
        return new Temperature(value, scale);
    }

    static AlexaErrorException unsupported(Directive directive) {
        return new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                directive.namespace() + "." + directive.name() + " is not supported");
    }

    /** An enum constant by Alexa's name, or INVALID_VALUE naming what is accepted. */
    static <E extends Enum<E>> E enumValue(String value, String what, List<E> accepted) {
        for (E candidate : accepted) {
            if (candidate.name().equals(value)) {
                return candidate;
            }
        }
        throw new AlexaErrorException(ErrorType.INVALID_VALUE, what + " '" + value + "' is not supported; use one of " + accepted);
    }
}
