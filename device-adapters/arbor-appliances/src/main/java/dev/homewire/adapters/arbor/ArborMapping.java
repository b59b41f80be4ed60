package dev.homewire.adapters.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.FriendlyNames;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.http.VendorJson;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Translation between Arbor appliances (docs/vendors/arbor-cloud-api.md) and the neutral device
 * model: each appliance {@code type} becomes a {@link DeviceKind} and a list of traits (the instance
 * traits named and described for Alexa here — Arbor knows nothing of Alexa's catalogue), and its
 * {@code state} fields become {@link StateKey} values. Describing an appliance of an unknown type, or
 * with malformed specs, raises {@link IllegalArgumentException}; state fields that are missing or
 * malformed are left out.
 */
final class ArborMapping {
    static final String MANUFACTURER = "Arbor";

    // appliance types of the API
    static final String BLINDS = "blinds";
    static final String FAN = "fan";
    static final String GARAGE_DOOR = "garage_door";
    static final String SCENE = "scene";
    static final String PET_FEEDER = "pet_feeder";
    static final String THERMOSTAT = "thermostat";
    static final String HEATER = "heater";
    static final String HUMIDIFIER = "humidifier";
    static final String WASHER = "washer";

    // instance names of the instance traits
    static final String BLIND_LIFT = "Blind.Lift";
    static final String FAN_SPEED = "Fan.Speed";
    static final String FAN_OSCILLATE = "Fan.Oscillate";
    static final String FAN_DIRECTION = "Fan.Direction";
    static final String GARAGE_POSITION = "GarageDoor.Position";
    static final String FOOD_LEVEL = "PetFood.Level";
    static final String WASH_CYCLE = "Wash.Cycle";

    static final String POSITION_UP = "Position.Up";
    static final String POSITION_DOWN = "Position.Down";

    private ArborMapping() {
    }

    // ------------------------------------------------------------------ devices

    /** The appliance as a {@link Device}. */
    static Device toDevice(ArborAppliance appliance) {
        String model = appliance.model();
        String description = Device.modelDescription(MANUFACTURER, model, appliance.type().replace('_', ' '));
        return new Device(appliance.id(), appliance.name(), description, MANUFACTURER, model, kind(appliance.type()),
                traits(appliance));
    }

    private static DeviceKind kind(String type) {
        return switch (type) {
            case BLINDS -> DeviceKind.INTERIOR_BLIND;
            case FAN -> DeviceKind.FAN;
            case GARAGE_DOOR -> DeviceKind.GARAGE_DOOR;
            case SCENE -> DeviceKind.SCENE;
            case PET_FEEDER, WASHER -> DeviceKind.APPLIANCE;
            case THERMOSTAT -> DeviceKind.THERMOSTAT;
            case HEATER, HUMIDIFIER -> DeviceKind.OTHER;
            default -> throw new IllegalArgumentException("unknown appliance type '" + shown(type) + "'");
        };
    }

    /** A vendor's type name as messages show it (cut). */
    private static String shown(String type) {
        return type.length() > 40 ? type.substring(0, 40) + "…" : type;
    }

    private static List<Trait> traits(ArborAppliance appliance) {
        JsonNode specs = appliance.specs();
        return switch (appliance.type()) {
            case BLINDS -> List.of(blindLift());
            case FAN -> fanTraits(specs);
            case GARAGE_DOOR -> List.of(garagePosition());
            case SCENE -> List.of(new Trait.Scene(specs.path("deactivatable").asBoolean(false)));
            case PET_FEEDER -> List.of(new Trait.InventoryLevel(FOOD_LEVEL, FriendlyNames.text("Food level"),
                    Trait.InventoryLevel.Measurement.percentage(), VendorJson.nonBlankText(specs, "dashReplenishmentId").orElse(null)));
            case THERMOSTAT -> List.of(new Trait.Thermostat(profile(specs)), new Trait.TemperatureSensor());
            case HEATER -> List.of(new Trait.Power(), new Trait.PowerLevel());
            case HUMIDIFIER -> List.of(new Trait.Power(), new Trait.Percentage());
            case WASHER -> List.of(new Trait.Power(), washCycle(specs), new Trait.TimeHold(specs.path("remoteResume").asBoolean(false)));
            default -> throw new IllegalArgumentException("unknown appliance type '" + shown(appliance.type()) + "'");
        };
    }

    /** 0 (closed) – 100 (open) %: "open the blinds" sets 100, "close" 0, "raise"/"lower" move by 10. */
    private static Trait.Range blindLift() {
        return new Trait.Range(BLIND_LIFT, FriendlyNames.asset("Alexa.Setting.Opening", "Position"), 0, 100, 1,
                "Alexa.Unit.Percent", List.of(), Semantics.openCloseRange(100, 0, 10), false);
    }

    private static List<Trait> fanTraits(JsonNode specs) {
        int speeds = specs.path("speeds").asInt(0);
        if (speeds < 2) {
            throw new IllegalArgumentException("a fan needs at least 2 speeds, got " + specs.path("speeds"));
        }
        List<Trait.Range.Preset> presets = new ArrayList<>();
        presets.add(new Trait.Range.Preset(1, FriendlyNames.asset("Alexa.Value.Low")));
        if (speeds >= 3) {
            presets.add(new Trait.Range.Preset(Math.round((1 + speeds) / 2.0), FriendlyNames.asset("Alexa.Value.Medium")));
        }
        presets.add(new Trait.Range.Preset(speeds, new FriendlyNames(List.of("Alexa.Value.High", "Alexa.Value.Maximum"), List.of())));
        List<Trait> traits = new ArrayList<>();
        traits.add(new Trait.Power());
        traits.add(new Trait.Range(FAN_SPEED, FriendlyNames.asset("Alexa.Setting.FanSpeed", "Speed"), 1, speeds, 1, null, presets,
                null, false));
        if (specs.path("oscillates").asBoolean(false)) {
            traits.add(new Trait.Toggle(FAN_OSCILLATE, FriendlyNames.asset("Alexa.Setting.Oscillate", "Oscillation")));
        }
        if (specs.path("reversible").asBoolean(false)) {
            traits.add(new Trait.Mode(FAN_DIRECTION, FriendlyNames.text("Direction"), false, List.of(
                    new Trait.Mode.ModeValue(modeValue("Direction", "forward"), FriendlyNames.text("Forward")),
                    new Trait.Mode.ModeValue(modeValue("Direction", "reverse"), FriendlyNames.text("Reverse")))));
        }
        return traits;
    }

    /** Up is open, down closed; "open/raise" and "close/lower" the garage door select them. */
    private static Trait.Mode garagePosition() {
        return new Trait.Mode(GARAGE_POSITION, FriendlyNames.asset("Alexa.Setting.Mode", "Position"), false, List.of(
                new Trait.Mode.ModeValue(POSITION_UP, FriendlyNames.asset("Alexa.Value.Open", "Open")),
                new Trait.Mode.ModeValue(POSITION_DOWN, FriendlyNames.asset("Alexa.Value.Close", "Closed"))),
                Semantics.openCloseModes(POSITION_UP, POSITION_DOWN), false);
    }

    private static Trait.Mode washCycle(JsonNode specs) {
        List<Trait.Mode.ModeValue> values = new ArrayList<>();
        for (JsonNode cycle : specs.path("cycles")) {
            if (cycle.isTextual() && cycle.asText().matches("[a-z][a-z_]{0,30}")) {
                values.add(new Trait.Mode.ModeValue(modeValue("Cycle", cycle.asText()), FriendlyNames.text(words(cycle.asText()))));
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a washer without cycles");
        }
        return new Trait.Mode(WASH_CYCLE, FriendlyNames.text("Wash cycle"), false, values);
    }

    /** The thermostat's modes, its setpoint range in °C and the least lower–upper distance: three setpoints. */
    static ThermostatProfile profile(JsonNode specs) {
        JsonNode range = specs.path("setpointRange");
        if (!range.path("min").isNumber() || !range.path("max").isNumber() || !(range.path("min").doubleValue() <= range.path("max")
                .doubleValue())) {
            throw new IllegalArgumentException("thermostat without a numeric setpointRange");
        }
        Set<ThermostatMode> modes = EnumSet.noneOf(ThermostatMode.class);
        for (JsonNode mode : specs.path("supportedModes")) {
            ThermostatMode known = thermostatMode(mode.asText(""));
            if (known != null) {
                modes.add(known); // modes we do not know (yet) are ignored
            }
        }
        return new ThermostatProfile(modes, Temperature.celsius(range.path("min").doubleValue()),
                Temperature.celsius(range.path("max").doubleValue()), ThermostatProfile.Setpoints.TRIPLE,
                Temperature.celsius(Math.max(0, specs.path("minDelta").asDouble(0))));
    }

    // ------------------------------------------------------------------ state

    /**
     * The appliance's state: an offline appliance is {@link Connectivity#UNREACHABLE} with the last
     * known values; {@code observedAt} is {@code updatedAt}. Of a type this adapter does not know,
     * only the connectivity.
     */
    static DeviceState toState(ArborAppliance appliance) {
        DeviceState.Builder builder = DeviceState.builder()
                .connectivity(appliance.online() ? Connectivity.OK : Connectivity.UNREACHABLE)
                .observedAt(appliance.updatedAt());
        JsonNode state = appliance.state();
        switch (appliance.type()) {
            case BLINDS -> number(state, "position").ifPresent(v -> builder.set(StateKey.rangeValue(BLIND_LIFT), v));
            case FAN -> {
                power(builder, state);
                number(state, "speed").ifPresent(v -> builder.set(StateKey.rangeValue(FAN_SPEED), v));
                if (state.path("oscillate").isBoolean()) {
                    builder.set(StateKey.toggle(FAN_OSCILLATE), state.path("oscillate").booleanValue());
                }
                VendorJson.nonBlankText(state, "direction").ifPresent(d -> builder.set(StateKey.mode(FAN_DIRECTION), modeValue("Direction", d)));
            }
            case GARAGE_DOOR -> {
                String position = garagePosition(state.path("door").asText(""));
                builder.set(StateKey.mode(GARAGE_POSITION), position);
            }
            case SCENE -> builder.set(StateKey.SCENE_ACTIVE, state.path("active").isBoolean() ? state.path("active").booleanValue() : null);
            case PET_FEEDER -> number(state, "foodLevel").filter(v -> v >= 0)
                    .ifPresent(v -> builder.set(StateKey.inventoryLevel(FOOD_LEVEL), v));
            case THERMOSTAT -> thermostat(builder, state);
            case HEATER -> {
                power(builder, state);
                percent(state, "powerLevel").ifPresent(v -> builder.set(StateKey.POWER_LEVEL, v));
            }
            case HUMIDIFIER -> {
                power(builder, state);
                percent(state, "output").ifPresent(v -> builder.set(StateKey.PERCENTAGE, v));
            }
            case WASHER -> washer(builder, state);
            default -> {
                // a type this adapter does not know: its connectivity only
            }
        }
        return builder.build();
    }

    /**
     * A door is closed only once it is fully closed: {@code opening} and {@code closing} count as open
     * (up), so "close the garage door" is confirmed on arrival, never while the door still moves.
     */
    private static String garagePosition(String door) {
        return door.equals("closed") ? POSITION_DOWN : door.isEmpty() ? null : POSITION_UP;
    }

    private static void thermostat(DeviceState.Builder builder, JsonNode state) {
        number(state, "target").ifPresent(v -> builder.set(StateKey.TARGET_SETPOINT, Temperature.celsius(v)));
        number(state, "lower").ifPresent(v -> builder.set(StateKey.LOWER_SETPOINT, Temperature.celsius(v)));
        number(state, "upper").ifPresent(v -> builder.set(StateKey.UPPER_SETPOINT, Temperature.celsius(v)));
        number(state, "ambient").ifPresent(v -> builder.set(StateKey.TEMPERATURE, Temperature.celsius(v)));
        builder.set(StateKey.THERMOSTAT_MODE, thermostatMode(state.path("mode").asText("")));
    }

    /** A paused program is on hold, since {@code pausedAt}, until {@code resumesAt} (if set). */
    private static void washer(DeviceState.Builder builder, JsonNode state) {
        power(builder, state);
        VendorJson.nonBlankText(state, "cycle").ifPresent(c -> builder.set(StateKey.mode(WASH_CYCLE), modeValue("Cycle", c)));
        boolean paused = state.path("program").asText("").equals("paused");
        builder.set(StateKey.ON_HOLD, paused);
        if (paused) {
            builder.set(StateKey.HOLD_STARTED_AT, VendorJson.instantOr(state.path("pausedAt"), null));
            builder.set(StateKey.HOLD_ENDS_AT, VendorJson.instantOr(state.path("resumesAt"), null));
        }
    }

    private static void power(DeviceState.Builder builder, JsonNode state) {
        String power = state.path("power").asText("");
        builder.power(power.equals("on") ? PowerState.ON : power.equals("off") ? PowerState.OFF : null);
    }

    private static Optional<Double> number(JsonNode state, String field) {
        JsonNode value = state.path(field);
        return value.isNumber() && Double.isFinite(value.doubleValue()) ? Optional.of(value.doubleValue())
                : Optional.empty();
    }

    private static Optional<Integer> percent(JsonNode state, String field) {
        JsonNode value = state.path(field);
        return value.canConvertToInt() && value.isIntegralNumber() && value.intValue() >= 0 && value.intValue() <= 100
                ? Optional.of(value.intValue()) : Optional.empty();
    }

    // ------------------------------------------------------------------ names

    /** An Arbor mode name ({@code heat}, {@code cool}, {@code auto}, {@code eco}, {@code off}: the neutral names in lower case); null for others. */
    static ThermostatMode thermostatMode(String name) {
        for (ThermostatMode mode : ThermostatMode.values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(name)) {
                return mode;
            }
        }
        return null;
    }

    /** {@code ("Cycle", "delicates")} → {@code Cycle.Delicates}, {@code ("Cycle", "quick_wash")} → {@code Cycle.QuickWash}. */
    static String modeValue(String prefix, String apiValue) {
        StringBuilder value = new StringBuilder(prefix).append('.');
        for (String part : apiValue.split("_")) {
            if (!part.isEmpty()) {
                value.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return value.toString();
    }

    /** The API value of a mode value built by {@link #modeValue}: {@code Cycle.QuickWash} → {@code quick_wash}. */
    static String apiValue(String modeValue) {
        String name = modeValue.substring(modeValue.indexOf('.') + 1);
        return name.replaceAll("(?<=[a-z0-9])([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** {@code quick_wash} → {@code Quick wash}. */
    private static String words(String apiValue) {
        String text = apiValue.replace('_', ' ');
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
