package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the Arbor API checks the values of an operation (docs/vendors/arbor-cloud-api.md, "Errors"):
 * a value of the wrong JSON type is {@code 400 bad_request}; a value of the right type that the
 * appliance cannot take is {@code 422} ({@code value_out_of_range} with {@code field}, {@code min},
 * {@code max}; {@code invalid_value}; {@code unsupported_operation}). The same checks serve
 * {@code changeDeviceState}, whose refusals are {@link IllegalArgumentException}s ({@link #control}).
 */
final class Fields {
    static final List<String> POWER = List.of("on", "off");

    private Fields() {
    }

    /** A whole number within {@code min..max}. */
    static int whole(String field, JsonNode value, int min, int max) throws ApiError {
        if (!value.isNumber()) {
            throw ApiError.badRequest(field + " must be a number");
        }
        double number = value.doubleValue();
        if (number != Math.rint(number)) {
            throw invalidValue(field + " must be a whole number, got " + value);
        }
        if (number < min || number > max) {
            throw outOfRange(field, value.toString(), min, max);
        }
        return (int) number;
    }

    /** Degrees Celsius rounded to one decimal (half up), then within {@code min..max}. */
    static double celsius(String field, JsonNode value, double min, double max) throws ApiError {
        if (!value.isNumber()) {
            throw ApiError.badRequest(field + " must be a number (°C)");
        }
        double rounded = oneDecimal(value.doubleValue());
        if (rounded < min - 1e-9 || rounded > max + 1e-9) {
            throw outOfRange(field, rounded + " °C", min, max);
        }
        return rounded;
    }

    static boolean bool(String field, JsonNode value) throws ApiError {
        if (!value.isBoolean()) {
            throw ApiError.badRequest(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** One of {@code allowed}. */
    static String oneOf(String field, JsonNode value, List<String> allowed) throws ApiError {
        if (!value.isTextual()) {
            throw ApiError.badRequest(field + " must be a string");
        }
        if (!allowed.contains(value.asText())) {
            throw invalidValue(field + " '" + value.asText() + "' is not one of " + allowed);
        }
        return value.asText();
    }

    /** Copies the checked {@code power} ({@code "on"}/{@code "off"}) of a {@code set}, if it has one, into {@code checked}. */
    static void power(ObjectNode values, ObjectNode checked) throws ApiError {
        if (values.has("power")) {
            checked.put("power", oneOf("power", values.get("power"), POWER));
        }
    }

    /** Whether checked values switch the appliance on (true), off (false) or leave its power alone (null). */
    static Boolean powerOn(ObjectNode checked) {
        return checked.has("power") ? checked.get("power").asText().equals("on") : null;
    }

    /** The power the checked values ask for, else {@code current}. */
    static boolean powerOr(ObjectNode checked, boolean current) {
        Boolean on = powerOn(checked);
        return on == null ? current : on;
    }

    /** Refuses fields of a {@code set} other than {@code writable}: {@code 422 unsupported_operation}. */
    static void onlyWritable(ObjectNode values, Set<String> writable, String what) throws ApiError {
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            if (!writable.contains(entry.getKey())) {
                throw unsupported(what + " has no writable field '" + entry.getKey() + "'; it takes " + writable.stream().sorted().toList());
            }
            if (entry.getValue().isNull()) {
                throw ApiError.badRequest(entry.getKey() + " must not be null");
            }
        }
    }

    static ApiError outOfRange(String field, String value, double min, double max) {
        return ApiError.of(422, "value_out_of_range", field + " " + value + " is outside " + number(min) + ".." + number(max))
                .with("field", field)
                .with("min", min)
                .with("max", max);
    }

    static ApiError invalidValue(String message) {
        return ApiError.of(422, "invalid_value", message);
    }

    static ApiError unsupported(String message) {
        return ApiError.of(422, "unsupported_operation", message);
    }

    static double oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** A check of the API used for {@code changeDeviceState}: its refusal as an {@link IllegalArgumentException}. */
    static <T> T control(String key, Check<T> check) {
        try {
            return check.run();
        } catch (ApiError refused) {
            throw new IllegalArgumentException(key + ": " + refused.getMessage());
        }
    }

    @FunctionalInterface
    interface Check<T> {
        T run() throws ApiError;
    }
}
