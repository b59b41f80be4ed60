package dev.homewire.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
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
        if (device.thermostat() != null) {
            ThermostatProfile profile = device.thermostat();
            ObjectNode thermostat = json.putObject("thermostat");
            ArrayNode modes = thermostat.putArray("supportedModes");
            EnumSet<ThermostatMode> sortedModes = profile.supportedModes().isEmpty()
                    ? EnumSet.noneOf(ThermostatMode.class) : EnumSet.copyOf(profile.supportedModes());
            sortedModes.forEach(mode -> modes.add(mode.name()));
            thermostat.set("minimumSetpoint", temperatureToJson(profile.minimumSetpoint()));
            thermostat.set("maximumSetpoint", temperatureToJson(profile.maximumSetpoint()));
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
        ThermostatProfile thermostat = null;
        JsonNode thermostatJson = json.path("thermostat");
        if (thermostatJson.isObject()) {
            Set<ThermostatMode> modes = EnumSet.noneOf(ThermostatMode.class);
            JsonNode modesJson = thermostatJson.path("supportedModes");
            if (!modesJson.isMissingNode() && !modesJson.isNull()) {
                if (!modesJson.isArray()) {
                    throw new IllegalArgumentException("malformed device: field 'thermostat.supportedModes' must be an array");
                }
                modesJson.forEach(m -> modes.add(enumValue(ThermostatMode.class, m, "thermostat mode")));
            }
            thermostat = new ThermostatProfile(modes, requiredTemperature(thermostatJson, "minimumSetpoint", "thermostat"),
                    requiredTemperature(thermostatJson, "maximumSetpoint", "thermostat"));
        } else if (!thermostatJson.isMissingNode() && !thermostatJson.isNull()) {
            throw new IllegalArgumentException("malformed device: field 'thermostat' must be an object");
        }
        return new Device(requiredText(json, "deviceId", "device"), requiredText(json, "friendlyName", "device"),
                optionalText(json, "description"), optionalText(json, "manufacturer"), optionalText(json, "model"),
                enumValue(DeviceKind.class, json.path("kind"), "device kind"), traits, range, thermostat);
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
        if (state.lockState() != null) {
            json.put("lockState", state.lockState().name());
        }
        if (state.targetSetpoint() != null) {
            json.set("targetSetpoint", temperatureToJson(state.targetSetpoint()));
        }
        if (state.thermostatMode() != null) {
            json.put("thermostatMode", state.thermostatMode().name());
        }
        if (state.temperature() != null) {
            json.set("temperature", temperatureToJson(state.temperature()));
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
        return new DeviceState(
                enumValue(Connectivity.class, json.path("connectivity"), "connectivity"),
                optionalEnum(PowerState.class, json, "power", "power state"),
                optionalInt(json, "brightness", "device state"),
                color,
                optionalInt(json, "colorTemperatureKelvin", "device state"),
                optionalEnum(LockState.class, json, "lockState", "lock state"),
                optionalTemperature(json, "targetSetpoint", "device state"),
                optionalEnum(ThermostatMode.class, json, "thermostatMode", "thermostat mode"),
                optionalTemperature(json, "temperature", "device state"),
                epochMillis(json, "observedAt", "device state"));
    }

    public static String writeState(DeviceState state) {
        return Json.write(stateToJson(state));
    }

    public static DeviceState readState(String json) {
        return stateFromJson(parse(json, "device state"));
    }

    // --- Temperature ------------------------------------------------------------------------

    /** {@code {"value": 21.5, "scale": "CELSIUS"}}, the shape Alexa uses too. */
    public static ObjectNode temperatureToJson(Temperature temperature) {
        ObjectNode json = Json.object();
        json.put("value", temperature.value());
        json.put("scale", temperature.scale().name());
        return json;
    }

    public static Temperature temperatureFromJson(JsonNode json) {
        requireObject(json, "temperature");
        return new Temperature(requiredDouble(json, "value", "temperature"),
                enumValue(Temperature.Scale.class, json.path("scale"), "temperature scale"));
    }

    // --- DeviceCommand ----------------------------------------------------------------------

    /**
     * A command as pending operations store it: {@code {"type": "<record name>", ...fields}}, e.g.
     * {@code {"type":"SetLockState","lockState":"LOCKED"}} or
     * {@code {"type":"SetTargetSetpoint","setpoint":{"value":21.0,"scale":"CELSIUS"}}}.
     */
    public static ObjectNode commandToJson(DeviceCommand command) {
        ObjectNode json = Json.object();
        if (command instanceof DeviceCommand.SetPower c) {
            json.put("type", "SetPower");
            json.put("power", c.power().name());
        } else if (command instanceof DeviceCommand.SetBrightness c) {
            json.put("type", "SetBrightness");
            json.put("brightness", c.brightness());
        } else if (command instanceof DeviceCommand.SetColor c) {
            json.put("type", "SetColor");
            ObjectNode color = json.putObject("color");
            color.put("hue", c.color().hue());
            color.put("saturation", c.color().saturation());
            color.put("brightness", c.color().brightness());
        } else if (command instanceof DeviceCommand.SetColorTemperature c) {
            json.put("type", "SetColorTemperature");
            json.put("kelvin", c.kelvin());
        } else if (command instanceof DeviceCommand.SetLockState c) {
            json.put("type", "SetLockState");
            json.put("lockState", c.lockState().name());
        } else if (command instanceof DeviceCommand.SetTargetSetpoint c) {
            json.put("type", "SetTargetSetpoint");
            json.set("setpoint", temperatureToJson(c.setpoint()));
        } else if (command instanceof DeviceCommand.SetThermostatMode c) {
            json.put("type", "SetThermostatMode");
            json.put("mode", c.mode().name());
        } else {
            throw new IllegalArgumentException("no JSON form for command " + command.getClass().getName());
        }
        return json;
    }

    public static DeviceCommand commandFromJson(JsonNode json) {
        requireObject(json, "device command");
        String type = requiredText(json, "type", "device command");
        try {
            switch (type) {
                case "SetPower":
                    return new DeviceCommand.SetPower(enumValue(PowerState.class, json.get("power"), "power state"));
                case "SetBrightness":
                    return new DeviceCommand.SetBrightness(requiredInt(json, "brightness", "SetBrightness command"));
                case "SetColor": {
                    JsonNode color = json.get("color");
                    requireObject(color, "SetColor command color");
                    return new DeviceCommand.SetColor(new Hsb(requiredDouble(color, "hue", "color"),
                            requiredDouble(color, "saturation", "color"), requiredDouble(color, "brightness", "color")));
                }
                case "SetColorTemperature":
                    return new DeviceCommand.SetColorTemperature(requiredInt(json, "kelvin", "SetColorTemperature command"));
                case "SetLockState":
                    return new DeviceCommand.SetLockState(enumValue(LockState.class, json.get("lockState"), "lock state"));
                case "SetTargetSetpoint":
                    return new DeviceCommand.SetTargetSetpoint(requiredTemperature(json, "setpoint", "SetTargetSetpoint command"));
                case "SetThermostatMode":
                    return new DeviceCommand.SetThermostatMode(enumValue(ThermostatMode.class, json.get("mode"), "thermostat mode"));
                default:
                    throw new IllegalArgumentException("unknown device command type '" + type + "'");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && (e.getMessage().startsWith("malformed") || e.getMessage().startsWith("unknown"))) {
                throw e;
            }
            // the record refused the value (e.g. brightness 101, lock state JAMMED)
            throw new IllegalArgumentException("malformed " + type + " command: " + e.getMessage(), e);
        }
    }

    public static String writeCommand(DeviceCommand command) {
        return Json.write(commandToJson(command));
    }

    public static DeviceCommand readCommand(String json) {
        return commandFromJson(parse(json, "device command"));
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

    private static <E extends Enum<E>> E optionalEnum(Class<E> type, JsonNode json, String field, String what) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : enumValue(type, value, what);
    }

    private static Temperature requiredTemperature(JsonNode json, String field, String what) {
        Temperature value = optionalTemperature(json, field, what);
        if (value == null) {
            throw new IllegalArgumentException("malformed " + what + ": field '" + field + "' is missing");
        }
        return value;
    }

    private static Temperature optionalTemperature(JsonNode json, String field, String what) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("malformed " + what + ": field '" + field + "' must be an object {value, scale}");
        }
        return temperatureFromJson(value);
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
