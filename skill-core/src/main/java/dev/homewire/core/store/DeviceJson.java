package dev.homewire.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON codecs for the neutral device model as it is stored (DynamoDB attributes) and queued.
 * Written by hand so the stored shape never changes by accident when a record gains a method.
 * Instants are epoch milliseconds (so they keep millisecond precision only); absent (null)
 * properties are left out. Reading throws {@link IllegalArgumentException} on malformed input.
 */
public final class DeviceJson {
    private DeviceJson() {
    }

    // --- Device -----------------------------------------------------------------------------

    public static ObjectNode deviceToJson(Device device) {
        ObjectNode json = Json.object();
        json.put("deviceId", device.deviceId());
        json.put("friendlyName", device.friendlyName());
        json.put("description", device.description());
        json.put("manufacturer", device.manufacturer());
        json.put("model", device.model());
        json.put("kind", device.kind().name());
        ArrayNode traits = json.putArray("traits");
        EnumSet<Trait> sorted = device.traits().isEmpty() ? EnumSet.noneOf(Trait.class) : EnumSet.copyOf(device.traits());
        sorted.forEach(trait -> traits.add(trait.name()));
        if (device.colorTemperatureRange() != null) {
            ObjectNode range = json.putObject("colorTemperatureRange");
            range.put("minimumKelvin", device.colorTemperatureRange().minimumKelvin());
            range.put("maximumKelvin", device.colorTemperatureRange().maximumKelvin());
        }
        return json;
    }

    public static Device deviceFromJson(JsonNode json) {
        requireObject(json, "device");
        Set<Trait> traits = EnumSet.noneOf(Trait.class);
        JsonNode traitsJson = json.path("traits");
        if (!traitsJson.isMissingNode() && !traitsJson.isNull()) {
            if (!traitsJson.isArray()) {
                throw new IllegalArgumentException("malformed device: field 'traits' must be an array");
            }
            traitsJson.forEach(t -> traits.add(enumValue(Trait.class, t, "device trait")));
        }
        Device.KelvinRange range = null;
        JsonNode rangeJson = json.path("colorTemperatureRange");
        if (rangeJson.isObject()) {
            range = new Device.KelvinRange(requiredInt(rangeJson, "minimumKelvin", "colorTemperatureRange"),
                    requiredInt(rangeJson, "maximumKelvin", "colorTemperatureRange"));
        } else if (!rangeJson.isMissingNode() && !rangeJson.isNull()) {
            throw new IllegalArgumentException("malformed device: field 'colorTemperatureRange' must be an object");
        }
        return new Device(requiredText(json, "deviceId", "device"), requiredText(json, "friendlyName", "device"),
                optionalText(json, "description"), optionalText(json, "manufacturer"), optionalText(json, "model"),
                enumValue(DeviceKind.class, json.path("kind"), "device kind"), traits, range);
    }

    public static String writeDevice(Device device) {
        return Json.write(deviceToJson(device));
    }

    public static Device readDevice(String json) {
        return deviceFromJson(parse(json, "device"));
    }

    // --- DeviceState ------------------------------------------------------------------------

    public static ObjectNode stateToJson(DeviceState state) {
        ObjectNode json = Json.object();
        json.put("connectivity", state.connectivity().name());
        if (state.power() != null) {
            json.put("power", state.power().name());
        }
        if (state.brightness() != null) {
            json.put("brightness", state.brightness());
        }
        if (state.color() != null) {
            ObjectNode color = json.putObject("color");
            color.put("hue", state.color().hue());
            color.put("saturation", state.color().saturation());
            color.put("brightness", state.color().brightness());
        }
        if (state.colorTemperatureKelvin() != null) {
            json.put("colorTemperatureKelvin", state.colorTemperatureKelvin());
        }
        json.put("observedAt", state.observedAt().toEpochMilli());
        return json;
    }

    public static DeviceState stateFromJson(JsonNode json) {
        requireObject(json, "device state");
        Hsb color = null;
        JsonNode colorJson = json.path("color");
        if (colorJson.isObject()) {
            color = new Hsb(requiredDouble(colorJson, "hue", "color"), requiredDouble(colorJson, "saturation", "color"),
                    requiredDouble(colorJson, "brightness", "color"));
        } else if (!colorJson.isMissingNode() && !colorJson.isNull()) {
            throw new IllegalArgumentException("device state field 'color' must be an object");
        }
        JsonNode power = json.path("power");
        return new DeviceState(
                enumValue(Connectivity.class, json.path("connectivity"), "connectivity"),
                power.isMissingNode() || power.isNull() ? null : enumValue(PowerState.class, power, "power state"),
                optionalInt(json, "brightness", "device state"),
                color,
                optionalInt(json, "colorTemperatureKelvin", "device state"),
                epochMillis(json, "observedAt", "device state"));
    }

    public static String writeState(DeviceState state) {
        return Json.write(stateToJson(state));
    }

    public static DeviceState readState(String json) {
        return stateFromJson(parse(json, "device state"));
    }

    // --- VendorAccount ----------------------------------------------------------------------

    /** The credentials as a JSON object of strings. The result holds secrets: never log it. */
    public static ObjectNode credentialsToJson(Map<String, String> credentials) {
        ObjectNode json = Json.object();
        new TreeMap<>(credentials).forEach(json::put);
        return json;
    }

    public static Map<String, String> credentialsFromJson(JsonNode json) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return Map.of();
        }
        requireObject(json, "credentials");
        Map<String, String> credentials = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (!field.getValue().isTextual()) {
                // name the key, never the value
                throw new IllegalArgumentException("credential '" + field.getKey() + "' must be a string");
            }
            credentials.put(field.getKey(), field.getValue().asText());
        }
        return Map.copyOf(credentials);
    }

    /** {@code {"adapterId", "accountId", "credentials": {...}}}. The result holds secrets: never log it. */
    public static ObjectNode vendorAccountToJson(VendorAccount account) {
        ObjectNode json = Json.object();
        json.put("adapterId", account.adapterId());
        json.put("accountId", account.accountId());
        json.set("credentials", credentialsToJson(account.credentials()));
        return json;
    }

    public static VendorAccount vendorAccountFromJson(JsonNode json) {
        requireObject(json, "vendor account");
        return new VendorAccount(requiredText(json, "adapterId", "vendor account"), requiredText(json, "accountId", "vendor account"),
                credentialsFromJson(json.get("credentials")));
    }

    // --- helpers ----------------------------------------------------------------------------

    static JsonNode parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("malformed " + what + ": empty");
        }
        try {
            return Json.read(text);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed " + what + ": not JSON (" + e.getCause().getClass().getSimpleName() + ")", e);
        }
    }

    static void requireObject(JsonNode json, String what) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("malformed " + what + ": expected a JSON object");
        }
    }

    static String requiredText(JsonNode json, String field, String what) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("malformed " + what + ": field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    static String optionalText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int requiredInt(JsonNode json, String field, String what) {
        Integer value = optionalInt(json, field, what);
        if (value == null) {
            throw new IllegalArgumentException("malformed " + what + ": field '" + field + "' is missing");
        }
        return value;
    }

    private static Integer optionalInt(JsonNode json, String field, String what) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("malformed " + what + ": field '" + field + "' must be an integer");
        }
        return value.intValue();
    }

    private static double requiredDouble(JsonNode json, String field, String what) {
        JsonNode value = json.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("malformed " + what + ": field '" + field + "' must be a number");
        }
        return value.doubleValue();
    }

    /** An instant stored as epoch milliseconds. */
    static Instant epochMillis(JsonNode json, String field, String what) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("malformed " + what + ": field '" + field + "' must be epoch milliseconds");
        }
        return Instant.ofEpochMilli(value.longValue());
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode value, String what) {
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("malformed " + what + ": expected one of " + EnumSet.allOf(type));
        }
        try {
            return Enum.valueOf(type, value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + value.asText() + "', expected one of " + EnumSet.allOf(type), e);
        }
    }
}
