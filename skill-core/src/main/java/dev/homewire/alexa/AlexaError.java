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

    /**
     * TEMPERATURE_VALUE_OUT_OF_RANGE (namespace {@code Alexa}) with
     * {@code validRange {minimumValue: {value, scale}, maximumValue: {value, scale}}}.
     *
     * @param scale CELSIUS, FAHRENHEIT or KELVIN
     */
    public static AlexaError temperatureValueOutOfRange(String message, double minimumValue, double maximumValue, String scale) {
        Objects.requireNonNull(scale, "scale");
        ObjectNode extra = Json.object();
        ObjectNode range = extra.putObject("validRange");
        range.putObject("minimumValue").put("value", minimumValue).put("scale", scale);
        range.putObject("maximumValue").put("value", maximumValue).put("scale", scale);
        return new AlexaError("Alexa", ErrorType.TEMPERATURE_VALUE_OUT_OF_RANGE.name(), message, extra);
    }

    /** The ErrorResponse types of {@code Alexa.ThermostatController} that need no extra fields. */
    public enum ThermostatErrorType {
        THERMOSTAT_IS_OFF,
        UNSUPPORTED_THERMOSTAT_MODE,
        DUAL_SETPOINTS_UNSUPPORTED,
        TRIPLE_SETPOINTS_UNSUPPORTED,
        UNWILLING_TO_SET_SCHEDULE,
        UNWILLING_TO_SET_VALUE
    }

    public static final String THERMOSTAT_CONTROLLER = "Alexa.ThermostatController";

    /** An {@code Alexa.ThermostatController} ErrorResponse payload. */
    public static AlexaError thermostat(ThermostatErrorType type, String message) {
        return new AlexaError(THERMOSTAT_CONTROLLER, type.name(), message, null);
    }

    /** {@code Alexa.ThermostatController} REQUESTED_SETPOINTS_TOO_CLOSE with {@code minimumTemperatureDelta {value, scale}}. */
    public static AlexaError requestedSetpointsTooClose(String message, double minimumDelta, String scale) {
        Objects.requireNonNull(scale, "scale");
        ObjectNode extra = Json.object();
        extra.putObject("minimumTemperatureDelta").put("value", minimumDelta).put("scale", scale);
        return new AlexaError(THERMOSTAT_CONTROLLER, "REQUESTED_SETPOINTS_TOO_CLOSE", message, extra);
    }

    /** NOT_SUPPORTED_IN_CURRENT_MODE with the required {@code currentDeviceMode} (COLOR, ASLEEP, NOT_PROVISIONED, OTHER). */
    public static AlexaError notSupportedInCurrentMode(String message, String currentDeviceMode) {
        ObjectNode extra = Json.object();
        extra.put("currentDeviceMode", Objects.requireNonNull(currentDeviceMode, "currentDeviceMode"));
        return new AlexaError("Alexa", ErrorType.NOT_SUPPORTED_IN_CURRENT_MODE.name(), message, extra);
    }

    /** The ErrorResponse types of {@code Alexa.SecurityPanelController}. */
    public enum SecurityPanelErrorType {
        AUTHORIZATION_REQUIRED,
        BYPASS_NEEDED,
        NOT_READY,
        UNAUTHORIZED,
        UNCLEARED_ALARM,
        UNCLEARED_TROUBLE
    }

    public static final String SECURITY_PANEL_CONTROLLER = "Alexa.SecurityPanelController";

    /** An {@code Alexa.SecurityPanelController} ErrorResponse payload. */
    public static AlexaError securityPanel(SecurityPanelErrorType type, String message) {
        return new AlexaError(SECURITY_PANEL_CONTROLLER, type.name(), message, null);
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
