package dev.homewire.adapter.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A typed property of the neutral device state: its name, for the traits a device may have several
 * times its {@linkplain #instance() instance} (a fan's {@code Fan.Speed} range, a blind's
 * {@code Blind.Lift}), and how its value is checked and written as JSON. {@link DeviceState} maps
 * keys to values; core maps them to Alexa properties, one interface class each.
 *
 * <p>The well-known keys are the constants and instance factories of this class. Two keys are
 * equal when name and instance are; the JSON form ({@link #toJson}, {@link #fromJson}) is the
 * shape stored in DynamoDB and must never change for an existing name.
 *
 * @param <T> the Java type of the value
 */
public final class StateKey<T> {
    /** Declared first: the constants below register themselves here while the class initialises. */
    private static final Map<String, StateKey<?>> BY_NAME = new LinkedHashMap<>();

    // --- power, lights -------------------------------------------------------------------------
    public static final StateKey<PowerState> POWER = enumKey("power", PowerState.class);
    /** 0–100. */
    public static final StateKey<Integer> BRIGHTNESS = percentKey("brightness");
    public static final StateKey<Hsb> COLOR = register(new StateKey<>("color", null, false, Hsb.class, StateKey::hsbToJson, StateKey::hsbFromJson, null));
    public static final StateKey<Integer> COLOR_TEMPERATURE_KELVIN = intKey("colorTemperatureKelvin", 1000, 10000);
    /** 0–100. */
    public static final StateKey<Integer> POWER_LEVEL = percentKey("powerLevel");
    /** 0–100. */
    public static final StateKey<Integer> PERCENTAGE = percentKey("percentage");

    // --- locks, climate ------------------------------------------------------------------------
    public static final StateKey<LockState> LOCK_STATE = enumKey("lockState", LockState.class);
    public static final StateKey<Temperature> TARGET_SETPOINT = temperatureKey("targetSetpoint");
    /** The lower bound of a dual- or triple-setpoint thermostat. */
    public static final StateKey<Temperature> LOWER_SETPOINT = temperatureKey("lowerSetpoint");
    /** The upper bound of a dual- or triple-setpoint thermostat. */
    public static final StateKey<Temperature> UPPER_SETPOINT = temperatureKey("upperSetpoint");
    public static final StateKey<ThermostatMode> THERMOSTAT_MODE = enumKey("thermostatMode", ThermostatMode.class);
    /** The ambient temperature. */
    public static final StateKey<Temperature> TEMPERATURE = temperatureKey("temperature");

    // --- sensors, security ---------------------------------------------------------------------
    public static final StateKey<ContactState> CONTACT = enumKey("contact", ContactState.class);
    public static final StateKey<Boolean> MOTION_DETECTED = booleanKey("motionDetected");
    /** A camera's person detection (Alexa's EventDetectionSensor humanPresence). */
    public static final StateKey<Boolean> PERSON_DETECTED = booleanKey("personDetected");
    public static final StateKey<ArmState> ARM_STATE = enumKey("armState", ArmState.class);
    /** true while the panel's burglary alarm sounds. */
    public static final StateKey<Boolean> BURGLARY_ALARM = booleanKey("burglaryAlarm");
    public static final StateKey<Boolean> FIRE_ALARM = booleanKey("fireAlarm");
    public static final StateKey<Boolean> WATER_ALARM = booleanKey("waterAlarm");
    public static final StateKey<Boolean> CARBON_MONOXIDE_ALARM = booleanKey("carbonMonoxideAlarm");
    /** Whether a scene is running (scenes report no Alexa property; the outcome of Activate/Deactivate shows here). */
    public static final StateKey<Boolean> SCENE_ACTIVE = booleanKey("sceneActive");
    /** Whether an appliance's running program is held (paused). */
    public static final StateKey<Boolean> ON_HOLD = booleanKey("onHold");
    /** When the current hold began; meaningful while {@link #ON_HOLD}. */
    public static final StateKey<Instant> HOLD_STARTED_AT = instantKey("holdStartedAt");
    /** When the current hold ends by itself, if it does. */
    public static final StateKey<Instant> HOLD_ENDS_AT = instantKey("holdEndsAt");

    // --- media ---------------------------------------------------------------------------------
    /** 0–100. */
    public static final StateKey<Integer> VOLUME = percentKey("volume");
    public static final StateKey<Boolean> MUTED = booleanKey("muted");
    public static final StateKey<PlaybackState> PLAYBACK_STATE = enumKey("playbackState", PlaybackState.class);
    /** Position in the content being played, in milliseconds. */
    public static final StateKey<Long> PLAYBACK_POSITION_MS = register(new StateKey<>("playbackPositionMs", null, false, Long.class,
            v -> JsonNodeFactory.instance.numberNode(v), StateKey::longFromJson, v -> require(v >= 0, "position must be >= 0")));
    public static final StateKey<ChannelInfo> CHANNEL = register(new StateKey<>("channel", null, false, ChannelInfo.class,
            StateKey::channelToJson, StateKey::channelFromJson, null));
    /** The selected input, one of the device's {@link Trait.Input} names. */
    public static final StateKey<String> INPUT = textKey("input");
    /** The app or shortcut last launched. */
    public static final StateKey<LaunchTarget> LAUNCHED_TARGET = register(new StateKey<>("launchedTarget", null, false, LaunchTarget.class,
            StateKey::targetToJson, StateKey::targetFromJson, null));
    public static final StateKey<Boolean> RECORDING = booleanKey("recording");
    public static final StateKey<EqualizerMode> EQUALIZER_MODE = enumKey("equalizerMode", EqualizerMode.class);

    // --- instance properties (prototypes; use the factories) -------------------------------------
    private static final StateKey<Double> RANGE_VALUE = register(new StateKey<>("rangeValue", null, true, Double.class,
            v -> JsonNodeFactory.instance.numberNode(v), StateKey::doubleFromJson, v -> require(Double.isFinite(v), "range value must be finite")));
    private static final StateKey<String> MODE = textKey("mode", true);
    private static final StateKey<Boolean> TOGGLE = booleanKey("toggle", true);
    private static final StateKey<Double> INVENTORY_LEVEL = register(new StateKey<>("inventoryLevel", null, true, Double.class,
            v -> JsonNodeFactory.instance.numberNode(v), StateKey::doubleFromJson, v -> require(v >= 0 && Double.isFinite(v), "inventory level must be >= 0")));
    private static final StateKey<Integer> EQUALIZER_LEVEL = register(new StateKey<>("equalizerLevel", null, true, Integer.class,
            v -> JsonNodeFactory.instance.numberNode(v), StateKey::intFromJson, null));

    /** The value of a {@link Trait.Range} instance. */
    public static StateKey<Double> rangeValue(String instance) {
        return RANGE_VALUE.withInstance(instance);
    }

    /** The current mode value of a {@link Trait.Mode} instance. */
    public static StateKey<String> mode(String instance) {
        return MODE.withInstance(instance);
    }

    /** Whether a {@link Trait.Toggle} instance is on. */
    public static StateKey<Boolean> toggle(String instance) {
        return TOGGLE.withInstance(instance);
    }

    /** The level of a {@link Trait.InventoryLevel} instance, in that trait's unit. */
    public static StateKey<Double> inventoryLevel(String instance) {
        return INVENTORY_LEVEL.withInstance(instance);
    }

    /** The level of one equalizer band. */
    public static StateKey<Integer> equalizerLevel(EqualizerBand band) {
        return EQUALIZER_LEVEL.withInstance(band.name());
    }

    // ------------------------------------------------------------------------------------------

    private final String name;
    private final String instance;
    /** Whether the property is one of an instance trait: set on the prototypes, kept by {@link #withInstance}. */
    private final boolean instanced;
    private final Class<T> type;
    private final Function<T, JsonNode> writer;
    private final Function<JsonNode, T> reader;
    private final java.util.function.Consumer<T> check;

    private StateKey(String name, String instance, boolean instanced, Class<T> type, Function<T, JsonNode> writer,
                     Function<JsonNode, T> reader, java.util.function.Consumer<T> check) {
        this.name = name;
        this.instance = instance;
        this.instanced = instanced;
        this.type = type;
        this.writer = writer;
        this.reader = reader;
        this.check = check;
    }

    public String name() {
        return name;
    }

    /** The instance, for keys of instance traits; null otherwise. */
    public String instance() {
        return instance;
    }

    public Class<T> type() {
        return type;
    }

    /** The same property of another instance. */
    public StateKey<T> withInstance(String instance) {
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("property " + name + " needs an instance name");
        }
        if (!instanced) {
            throw new IllegalArgumentException("property " + name + " has no instances");
        }
        return new StateKey<>(name, instance, true, type, writer, reader, check);
    }

    /** The value, checked: the right type and within the property's bounds. */
    public T cast(Object value) {
        Objects.requireNonNull(value, name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(this + " takes a " + type.getSimpleName() + ", not " + value.getClass().getSimpleName());
        }
        T typed = type.cast(value);
        if (check != null) {
            try {
                check.accept(typed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
            }
        }
        return typed;
    }

    public JsonNode toJson(Object value) {
        return writer.apply(cast(value));
    }

    /** @throws IllegalArgumentException for a value of the wrong shape */
    public T fromJson(JsonNode json) {
        T value;
        try {
            value = reader.apply(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed " + this + ": " + e.getMessage(), e);
        }
        return cast(value);
    }

    /** The key of a stored property name (and instance, for instance properties). */
    public static Optional<StateKey<?>> forName(String name, String instance) {
        StateKey<?> prototype = BY_NAME.get(name);
        if (prototype == null) {
            return Optional.empty();
        }
        return Optional.of(instance == null ? prototype : prototype.withInstance(instance));
    }

    /** Whether the property is one of an instance trait. */
    public boolean instanced() {
        return instanced;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateKey<?> other && name.equals(other.name) && Objects.equals(instance, other.instance);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Objects.hashCode(instance);
    }

    @Override
    public String toString() {
        return instance == null ? name : name + "[" + instance + "]";
    }

    // --- construction helpers --------------------------------------------------------------------

    private static <T> StateKey<T> register(StateKey<T> key) {
        if (BY_NAME.put(key.name, key) != null) {
            throw new IllegalStateException("two state keys named " + key.name);
        }
        return key;
    }

    private static <E extends Enum<E>> StateKey<E> enumKey(String name, Class<E> type) {
        return register(new StateKey<>(name, null, false, type, v -> JsonNodeFactory.instance.textNode(v.name()), json -> {
            if (!json.isTextual()) {
                throw new IllegalArgumentException("expected one of " + EnumSet.allOf(type));
            }
            try {
                return Enum.valueOf(type, json.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown value '" + json.asText() + "', expected one of " + EnumSet.allOf(type));
            }
        }, null));
    }

    private static StateKey<Integer> intKey(String name, int min, int max) {
        return register(new StateKey<>(name, null, false, Integer.class, v -> JsonNodeFactory.instance.numberNode(v), StateKey::intFromJson,
                v -> require(v >= min && v <= max, "out of range " + min + ".." + max + ": " + v)));
    }

    private static StateKey<Integer> percentKey(String name) {
        return intKey(name, 0, 100);
    }

    private static StateKey<Boolean> booleanKey(String name) {
        return booleanKey(name, false);
    }

    private static StateKey<Boolean> booleanKey(String name, boolean instanced) {
        return register(new StateKey<>(name, null, instanced, Boolean.class, v -> JsonNodeFactory.instance.booleanNode(v), json -> {
            if (!json.isBoolean()) {
                throw new IllegalArgumentException("expected true or false");
            }
            return json.booleanValue();
        }, null));
    }

    private static StateKey<String> textKey(String name) {
        return textKey(name, false);
    }

    private static StateKey<String> textKey(String name, boolean instanced) {
        return register(new StateKey<>(name, null, instanced, String.class, v -> JsonNodeFactory.instance.textNode(v), StateKey::textFromJson,
                v -> require(!v.isEmpty(), "must not be empty")));
    }

    private static StateKey<Instant> instantKey(String name) {
        return register(new StateKey<>(name, null, false, Instant.class, v -> JsonNodeFactory.instance.numberNode(v.toEpochMilli()), json -> {
            if (!json.isIntegralNumber() || !json.canConvertToLong()) {
                throw new IllegalArgumentException("expected epoch milliseconds");
            }
            return Instant.ofEpochMilli(json.longValue());
        }, null));
    }

    private static StateKey<Temperature> temperatureKey(String name) {
        return register(new StateKey<>(name, null, false, Temperature.class, StateKey::temperatureToJson, StateKey::temperatureFromJson, null));
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    // --- codecs ------------------------------------------------------------------------------------

    private static Integer intFromJson(JsonNode json) {
        if (!json.isIntegralNumber() || !json.canConvertToInt()) {
            throw new IllegalArgumentException("expected an integer");
        }
        return json.intValue();
    }

    private static Long longFromJson(JsonNode json) {
        if (!json.isIntegralNumber() || !json.canConvertToLong()) {
            throw new IllegalArgumentException("expected an integer");
        }
        return json.longValue();
    }

    private static Double doubleFromJson(JsonNode json) {
        if (!json.isNumber()) {
            throw new IllegalArgumentException("expected a number");
        }
        return json.doubleValue();
    }

    private static String textFromJson(JsonNode json) {
        if (!json.isTextual()) {
            throw new IllegalArgumentException("expected a string");
        }
        return json.asText();
    }

    private static double number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be a number");
        }
        return value.doubleValue();
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static void requireObject(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
    }

    /** {@code {"value": 21.5, "scale": "CELSIUS"}}, the shape Alexa uses too. */
    public static ObjectNode temperatureToJson(Temperature temperature) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("value", temperature.value());
        json.put("scale", temperature.scale().name());
        return json;
    }

    public static Temperature temperatureFromJson(JsonNode json) {
        requireObject(json);
        String scale = optionalText(json, "scale");
        if (scale == null) {
            throw new IllegalArgumentException("field 'scale' is missing");
        }
        Temperature.Scale parsed;
        try {
            parsed = Temperature.Scale.valueOf(scale);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown temperature scale '" + scale + "'", e);
        }
        return new Temperature(number(json, "value"), parsed);
    }

    private static JsonNode hsbToJson(Hsb color) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("hue", color.hue());
        json.put("saturation", color.saturation());
        json.put("brightness", color.brightness());
        return json;
    }

    private static Hsb hsbFromJson(JsonNode json) {
        requireObject(json);
        return new Hsb(number(json, "hue"), number(json, "saturation"), number(json, "brightness"));
    }

    private static JsonNode channelToJson(ChannelInfo channel) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (channel.number() != null) {
            json.put("number", channel.number());
        }
        if (channel.callSign() != null) {
            json.put("callSign", channel.callSign());
        }
        if (channel.affiliateCallSign() != null) {
            json.put("affiliateCallSign", channel.affiliateCallSign());
        }
        return json;
    }

    private static ChannelInfo channelFromJson(JsonNode json) {
        requireObject(json);
        return new ChannelInfo(optionalText(json, "number"), optionalText(json, "callSign"), optionalText(json, "affiliateCallSign"));
    }

    private static JsonNode targetToJson(LaunchTarget target) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("identifier", target.identifier());
        json.put("name", target.name());
        return json;
    }

    private static LaunchTarget targetFromJson(JsonNode json) {
        requireObject(json);
        return new LaunchTarget(optionalText(json, "identifier"), optionalText(json, "name"));
    }
}
