package dev.homewire.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON codecs for the neutral device model as it is stored (DynamoDB attributes) and queued.
 * The envelope is written by hand; traits and commands are their records' components
 * ({@link ModelJson}), and state values are written by their {@link StateKey}s, so the stored
 * shape never changes by accident when a record gains a method ({@code DeviceJsonTest} pins it).
 * Instants are epoch milliseconds (so they keep millisecond precision only); absent (null)
 * properties are left out. Reading throws {@link IllegalArgumentException} on malformed input.
 */
public final class DeviceJson {
    private DeviceJson() {
    }

    // --- Device -----------------------------------------------------------------------------

    /**
     * {@code {"deviceId", "friendlyName", "description", "manufacturer", "model", "kind", "traits": [...]}};
     * each trait is {@code {"type": "<record name>", ...its components}}, e.g.
     * {@code {"type":"Range","instance":"Blind.Lift","minimum":0.0,...}} ({@link ModelJson}).
     */
    public static ObjectNode deviceToJson(Device device) {
        ObjectNode json = Json.object();
        json.put("deviceId", device.deviceId());
        json.put("friendlyName", device.friendlyName());
        json.put("description", device.description());
        json.put("manufacturer", device.manufacturer());
        json.put("model", device.model());
        json.put("kind", device.kind().name());
        ArrayNode traits = json.putArray("traits");
        device.traits().forEach(trait -> traits.add(ModelJson.toJson(trait, Trait.class)));
        return json;
    }

    public static Device deviceFromJson(JsonNode json) {
        requireObject(json, "device");
        List<Trait> traits = new ArrayList<>();
        JsonNode traitsJson = json.path("traits");
        if (!traitsJson.isMissingNode() && !traitsJson.isNull()) {
            if (!traitsJson.isArray()) {
                throw new IllegalArgumentException("malformed device: field 'traits' must be an array");
            }
            for (JsonNode trait : traitsJson) {
                traits.add(trait.isTextual() ? LegacyTraits.trait(trait.asText(), json) : ModelJson.fromJson(trait, Trait.class, "device trait"));
            }
        }
        return new Device(requiredText(json, "deviceId", "device"), requiredText(json, "friendlyName", "device"),
                optionalText(json, "description"), optionalText(json, "manufacturer"), optionalText(json, "model"),
                enumValue(DeviceKind.class, json.path("kind"), "device kind"), traits);
    }

    public static String writeDevice(Device device) {
        return Json.write(deviceToJson(device));
    }

    public static Device readDevice(String json) {
        return deviceFromJson(parse(json, "device"));
    }

    // --- DeviceState ------------------------------------------------------------------------

    /**
     * {@code {"connectivity": "OK", <property>: <value>, ..., "instances": {<instance>: {<property>: <value>}},
     * "observedAt": <epoch ms>}}: each {@link StateKey} writes its own value, instance properties
     * are grouped by instance.
     */
    public static ObjectNode stateToJson(DeviceState state) {
        ObjectNode json = Json.object();
        json.put("connectivity", state.connectivity().name());
        ObjectNode instances = null;
        for (Map.Entry<StateKey<?>, Object> entry : state.values().entrySet()) {
            StateKey<?> key = entry.getKey();
            JsonNode value = key.toJson(entry.getValue());
            if (key.instance() == null) {
                json.set(key.name(), value);
            } else {
                if (instances == null) {
                    instances = Json.object();
                }
                ObjectNode instance = instances.has(key.instance()) ? (ObjectNode) instances.get(key.instance())
                        : instances.putObject(key.instance());
                instance.set(key.name(), value);
            }
        }
        if (instances != null) {
            json.set("instances", instances);
        }
        json.put("observedAt", state.observedAt().toEpochMilli());
        return json;
    }

    public static DeviceState stateFromJson(JsonNode json) {
        requireObject(json, "device state");
        DeviceState.Builder state = DeviceState.builder()
                .connectivity(enumValue(Connectivity.class, json.path("connectivity"), "connectivity"))
                .observedAt(epochMillis(json, "observedAt", "device state"));
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            String name = field.getKey();
            if (name.equals("connectivity") || name.equals("observedAt") || name.equals("instances") || field.getValue().isNull()) {
                continue;
            }
            // properties this version does not know (written by a newer one) are left out, not fatal
            StateKey.forName(name, null).filter(k -> !k.instanced())
                    .ifPresent(key -> state.setUnchecked(key, read(key, field.getValue())));
        }
        JsonNode instances = json.path("instances");
        if (instances.isObject()) {
            for (Map.Entry<String, JsonNode> instance : instances.properties()) {
                requireObject(instance.getValue(), "device state instance " + instance.getKey());
                for (Map.Entry<String, JsonNode> field : instance.getValue().properties()) {
                    StateKey.forName(field.getKey(), null).filter(StateKey::instanced)
                            .map(k -> k.withInstance(instance.getKey()))
                            .ifPresent(key -> state.setUnchecked(key, read(key, field.getValue())));
                }
            }
        } else if (!instances.isMissingNode() && !instances.isNull()) {
            throw new IllegalArgumentException("malformed device state: field 'instances' must be an object");
        }
        return state.build();
    }

    private static Object read(StateKey<?> key, JsonNode value) {
        try {
            return key.fromJson(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed device state: " + e.getMessage(), e);
        }
    }

    public static String writeState(DeviceState state) {
        return Json.write(stateToJson(state));
    }

    public static DeviceState readState(String json) {
        return stateFromJson(parse(json, "device state"));
    }

    // --- Temperature ------------------------------------------------------------------------

    /** A stored {@code {"value": 21.5, "scale": "CELSIUS"}} ({@link StateKey#temperatureToJson} writes it). */
    public static Temperature temperatureFromJson(JsonNode json) {
        requireObject(json, "temperature");
        try {
            return StateKey.temperatureFromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed temperature: " + e.getMessage(), e);
        }
    }

    // --- DeviceCommand ----------------------------------------------------------------------

    /**
     * A command as pending operations store it: {@code {"type": "<record name>", ...components}}, e.g.
     * {@code {"type":"SetLockState","lockState":"LOCKED"}} or
     * {@code {"type":"SetTargetSetpoint","setpoint":{"value":21.0,"scale":"CELSIUS"}}}. A
     * {@link DeviceCommand.Disarm} is stored without its PIN: secrets are never written.
     */
    public static ObjectNode commandToJson(DeviceCommand command) {
        DeviceCommand stored = command instanceof DeviceCommand.Disarm ? new DeviceCommand.Disarm(null) : command;
        return ModelJson.toJson(stored, DeviceCommand.class);
    }

    public static DeviceCommand commandFromJson(JsonNode json) {
        requireObject(json, "device command");
        requiredText(json, "type", "device command");
        return ModelJson.fromJson(json, DeviceCommand.class, "device command");
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
