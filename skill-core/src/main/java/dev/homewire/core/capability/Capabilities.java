package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Duration;
import java.time.Instant;

/** Helpers shared by the interface classes. */
final class Capabilities {
    private Capabilities() {
    }

    /** An {@code AlexaInterface} capability announcing retrievable, proactively reported properties. */
    static ObjectNode reportable(String namespace, String... propertyNames) {
        ObjectNode capability = Json.object();
        capability.put("type", "AlexaInterface");
        capability.put("interface", namespace);
        capability.put("version", "3");
        ObjectNode properties = capability.putObject("properties");
        ArrayNode supported = properties.putArray("supported");
        for (String name : propertyNames) {
            supported.addObject().put("name", name);
        }
        properties.put("proactivelyReported", true);
        properties.put("retrievable", true);
        return capability;
    }

    /** A property with Alexa's uncertainty: the time since the value was last confirmed. */
    static Property property(String namespace, String name, JsonNode value, DeviceState state, Instant now) {
        long age = Math.max(0, Duration.between(state.observedAt(), now).toMillis());
        return Property.of(namespace, name, value, state.observedAt(), age);
    }

    static JsonNode requiredNumber(Directive directive, String field) {
        JsonNode value = directive.payload().get(field);
        if (value == null || !value.isNumber()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " needs a numeric payload." + field);
        }
        return value;
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
     * A {@code {value, scale}} object of the directive's payload.
     *
     * @throws AlexaErrorException INVALID_DIRECTIVE when missing or malformed
     */
    static Temperature requiredTemperature(Directive directive, String field) {
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
        return new Temperature(node.get("value").asDouble(), scale);
    }

    static AlexaErrorException unsupported(Directive directive) {
        return new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                directive.namespace() + "." + directive.name() + " is not supported");
    }
}
