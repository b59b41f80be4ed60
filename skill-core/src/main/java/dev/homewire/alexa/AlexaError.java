package dev.homewire.alexa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The payload of an ErrorResponse: namespace of the ErrorResponse event, type, message and the
 * fields some types require (e.g. {@code validRange} for VALUE_OUT_OF_RANGE).
 */
public final class AlexaError {
    private final String namespace;
    private final String type;
    private final String message;
    private final ObjectNode extra;

    private AlexaError(String namespace, String type, String message, ObjectNode extra) {
        this.namespace = Objects.requireNonNull(namespace);
        this.type = Objects.requireNonNull(type);
        this.message = message == null || message.isBlank() ? type : message;
        this.extra = extra == null ? Json.object() : extra.deepCopy();
    }

    public static AlexaError of(ErrorType type, String message) {
        return new AlexaError("Alexa", type.name(), message, null);
    }

    public static AlexaError valueOutOfRange(String message, double minimumValue, double maximumValue) {
        ObjectNode extra = Json.object();
        ObjectNode range = extra.putObject("validRange");
        putNumber(range, "minimumValue", minimumValue);
        putNumber(range, "maximumValue", maximumValue);
        return new AlexaError("Alexa", ErrorType.VALUE_OUT_OF_RANGE.name(), message, extra);
    }

    public static AlexaError acceptGrantFailed(String message) {
        return new AlexaError("Alexa.Authorization", "ACCEPT_GRANT_FAILED", message, null);
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
    }

    public String namespace() {
        return namespace;
    }

    public String type() {
        return type;
    }

    public String message() {
        return message;
    }

    public ObjectNode payload() {
        ObjectNode payload = Json.object();
        payload.put("type", type);
        payload.put("message", message);
        payload.setAll(extra);
        return payload;
    }

    @Override
    public String toString() {
        return namespace + ".ErrorResponse[" + type + ": " + message + "]";
    }
}
