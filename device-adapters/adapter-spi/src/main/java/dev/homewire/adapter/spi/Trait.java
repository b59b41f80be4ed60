package dev.homewire.adapter.spi;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A neutral ability of a device, with what it needs to be described (ranges, modes, inputs…). A
 * {@link Device} lists its traits; core maps each to one Alexa interface (one class per interface
 * in {@code core.capability}), announces it at discovery, reports its {@link StateKey properties}
 * and turns the interface's directives into {@link DeviceCommand}s.
 *
 * <p>Most traits appear at most once per device. {@link Range}, {@link Mode}, {@link Toggle} and
 * {@link InventoryLevel} are <em>instance</em> traits: a device may have several, told apart by
 * their {@link #instance()} (a fan's {@code Fan.Speed} range, {@code Fan.Oscillate} toggle and
 * {@code Fan.Direction} mode).
 */
public sealed interface Trait {

    /** The instance name of an instance trait (e.g. {@code Blind.Lift}); null for the others. */
    default String instance() {
        return null;
    }

    // --- power and light --------------------------------------------------------------------------

    /** On and off ({@link StateKey#POWER}). */
    record Power() implements Trait {
    }

    /** Dimmable 0–100 ({@link StateKey#BRIGHTNESS}). */
    record Brightness() implements Trait {
    }

    /** Hue/saturation/brightness colour ({@link StateKey#COLOR}). */
    record Color() implements Trait {
    }

    /** White temperature within {@code range} ({@link StateKey#COLOR_TEMPERATURE_KELVIN}). */
    record ColorTemperature(Device.KelvinRange range) implements Trait {
        public ColorTemperature {
            range = range == null ? Device.KelvinRange.TYPICAL_WHITE : range;
        }

        public ColorTemperature() {
            this(Device.KelvinRange.TYPICAL_WHITE);
        }
    }

    /** A power level 0–100, e.g. a heater's output ({@link StateKey#POWER_LEVEL}). */
    record PowerLevel() implements Trait {
    }

    /** A percentage 0–100 of something the device does, e.g. a humidifier's output ({@link StateKey#PERCENTAGE}). */
    record Percentage() implements Trait {
    }

    // --- locks and climate --------------------------------------------------------------------------

    /** Locks and unlocks; reports LOCKED, UNLOCKED or JAMMED ({@link StateKey#LOCK_STATE}). */
    record Lock() implements Trait {
    }

    /** Setpoint(s) and a mode, as the profile describes ({@link StateKey#TARGET_SETPOINT} …). */
    record Thermostat(ThermostatProfile profile) implements Trait {
        public Thermostat {
            Objects.requireNonNull(profile, "a thermostat needs a ThermostatProfile");
        }
    }

    /** Reports the ambient temperature ({@link StateKey#TEMPERATURE}). */
    record TemperatureSensor() implements Trait {
    }

    // --- instance settings -----------------------------------------------------------------------------

    /**
     * A numeric setting within {@code minimum..maximum} in steps of {@code precision}: a blind's
     * lift, a fan's speed ({@link StateKey#rangeValue}).
     *
     * @param unitOfMeasure Alexa's unit id (e.g. {@code Alexa.Unit.Percent}), or null
     * @param presets       named values ("maximum", "low"), may be empty
     * @param semantics     what "open"/"close"/"raise"/"lower" mean for it, or null
     * @param readOnly      reported but not settable by voice (Alexa's {@code nonControllable})
     */
    record Range(String instance, FriendlyNames names, double minimum, double maximum, double precision,
                 String unitOfMeasure, List<Preset> presets, Semantics semantics, boolean readOnly) implements Trait {
        public Range {
            requireInstance(instance);
            Objects.requireNonNull(names, "names");
            if (!(minimum < maximum) || !(precision > 0) || precision > maximum - minimum) {
                throw new IllegalArgumentException("range " + instance + ": bad bounds " + minimum + ".." + maximum
                        + " step " + precision);
            }
            presets = List.copyOf(presets == null ? List.of() : presets);
            for (Preset preset : presets) {
                if (preset.value() < minimum || preset.value() > maximum) {
                    throw new IllegalArgumentException("range " + instance + ": preset " + preset.value() + " outside the range");
                }
            }
            if (semantics != null) {
                for (Semantics.ActionMapping mapping : semantics.actionMappings()) {
                    boolean fits = mapping.target() instanceof Semantics.Target.SetNumber set
                            ? set.value() >= minimum && set.value() <= maximum
                            : mapping.target() instanceof Semantics.Target.AdjustNumber;
                    if (!fits) {
                        throw new IllegalArgumentException("range " + instance + ": semantics target " + mapping.target() + " does not fit");
                    }
                }
                for (Semantics.StateMapping mapping : semantics.stateMappings()) {
                    if (!(mapping.value() instanceof Semantics.StateValue.Number || mapping.value() instanceof Semantics.StateValue.NumberRange)) {
                        throw new IllegalArgumentException("range " + instance + ": semantics state " + mapping.value() + " is not a number");
                    }
                }
            }
        }

        /** A controllable range without unit, presets or semantics. */
        public Range(String instance, FriendlyNames names, double minimum, double maximum, double precision) {
            this(instance, names, minimum, maximum, precision, null, List.of(), null, false);
        }

        public boolean contains(double value) {
            return value >= minimum - 1e-9 && value <= maximum + 1e-9;
        }

        /** A named value of a range. */
        public record Preset(double value, FriendlyNames names) {
            public Preset {
                Objects.requireNonNull(names, "names");
            }
        }
    }

    /**
     * One of a set of named values: a fan's direction, a washer's cycle, a garage door's position
     * ({@link StateKey#mode}).
     *
     * @param ordered whether the values have an order (then "next"/"previous" and AdjustMode work)
     */
    record Mode(String instance, FriendlyNames names, boolean ordered, List<ModeValue> values, Semantics semantics,
                boolean readOnly) implements Trait {
        public Mode {
            requireInstance(instance);
            Objects.requireNonNull(names, "names");
            values = List.copyOf(values == null ? List.of() : values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("mode " + instance + " needs at least one value");
            }
            Set<String> seen = new HashSet<>();
            for (ModeValue value : values) {
                if (!seen.add(value.value())) {
                    throw new IllegalArgumentException("mode " + instance + " lists " + value.value() + " twice");
                }
            }
            if (semantics != null) {
                for (Semantics.ActionMapping mapping : semantics.actionMappings()) {
                    boolean fits = mapping.target() instanceof Semantics.Target.SetMode set ? seen.contains(set.mode())
                            : mapping.target() instanceof Semantics.Target.AdjustMode && ordered;
                    if (!fits) {
                        throw new IllegalArgumentException("mode " + instance + ": semantics target " + mapping.target() + " does not fit");
                    }
                }
                for (Semantics.StateMapping mapping : semantics.stateMappings()) {
                    if (!(mapping.value() instanceof Semantics.StateValue.Mode state) || !seen.contains(state.mode())) {
                        throw new IllegalArgumentException("mode " + instance + ": semantics state " + mapping.value() + " is not one of its modes");
                    }
                }
            }
        }

        public Mode(String instance, FriendlyNames names, boolean ordered, List<ModeValue> values) {
            this(instance, names, ordered, values, null, false);
        }

        public boolean has(String value) {
            return values.stream().anyMatch(v -> v.value().equals(value));
        }

        /** The position of a value, or -1. */
        public int indexOf(String value) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).value().equals(value)) {
                    return i;
                }
            }
            return -1;
        }

        /** One value of a mode and what people call it. */
        public record ModeValue(String value, FriendlyNames names) {
            public ModeValue {
                Objects.requireNonNull(value, "value");
                Objects.requireNonNull(names, "names");
                if (value.isBlank()) {
                    throw new IllegalArgumentException("a mode value must not be blank");
                }
            }
        }
    }

    /** Something that is on or off besides the device's power: a fan's oscillation ({@link StateKey#toggle}). */
    record Toggle(String instance, FriendlyNames names, Semantics semantics, boolean readOnly) implements Trait {
        public Toggle {
            requireInstance(instance);
            Objects.requireNonNull(names, "names");
            if (semantics != null && (semantics.actionMappings().stream().anyMatch(m -> !(m.target() instanceof Semantics.Target.SetToggle))
                    || semantics.stateMappings().stream().anyMatch(m -> !(m.value() instanceof Semantics.StateValue.Toggle)))) {
                throw new IllegalArgumentException("toggle " + instance + ": semantics must turn it on or off");
            }
        }

        public Toggle(String instance, FriendlyNames names) {
            this(instance, names, null, false);
        }
    }

    // --- sensors and security --------------------------------------------------------------------------

    /** A door or window contact ({@link StateKey#CONTACT}). */
    record ContactSensor() implements Trait {
    }

    /** Motion in an area ({@link StateKey#MOTION_DETECTED}). */
    record MotionSensor() implements Trait {
    }

    /** A camera that detects people ({@link StateKey#PERSON_DETECTED}). */
    record PersonDetection(Set<DetectionMethod> methods) implements Trait {
        public PersonDetection {
            methods = methods == null || methods.isEmpty() ? EnumSets.ordered(Set.of(DetectionMethod.VIDEO), DetectionMethod.class)
                    : EnumSets.ordered(methods, DetectionMethod.class);
        }
    }

    /** A doorbell; its presses arrive as {@link DeviceEvent.DoorbellPressed}. */
    record Doorbell() implements Trait {
    }

    /** A camera that streams ({@link DeviceCommand.InitializeCameraStreams}). */
    record CameraStream(List<CameraStreams.Configuration> configurations) implements Trait {
        public CameraStream {
            configurations = List.copyOf(configurations == null ? List.of() : configurations);
            if (configurations.isEmpty()) {
                throw new IllegalArgumentException("a camera needs at least one stream configuration");
            }
        }
    }

    /**
     * An alarm panel: the arm states it offers, the alarms it reports and whether disarming takes the
     * user's four-digit PIN ({@link StateKey#ARM_STATE}, {@link StateKey#BURGLARY_ALARM} …).
     */
    record SecurityPanel(Set<ArmState> armStates, Set<Alarm> alarms, boolean pinToDisarm) implements Trait {
        public enum Alarm {
            BURGLARY,
            FIRE,
            WATER,
            CARBON_MONOXIDE
        }

        public SecurityPanel {
            if (armStates == null || !armStates.contains(ArmState.DISARMED) || armStates.size() < 2) {
                throw new IllegalArgumentException("a security panel offers DISARMED and at least one armed state");
            }
            armStates = EnumSets.ordered(armStates, ArmState.class);
            alarms = EnumSets.ordered(alarms, Alarm.class);
        }
    }

    /** A running scene or routine that can be activated (and, if {@code deactivatable}, stopped) ({@link StateKey#SCENE_ACTIVE}). */
    record Scene(boolean deactivatable) implements Trait {
    }

    /**
     * A level of something the device holds, e.g. a pet feeder's food ({@link StateKey#inventoryLevel}).
     *
     * @param replenishmentId Amazon's Dash replenishment id, or null
     */
    record InventoryLevel(String instance, FriendlyNames names, Measurement measurement, String replenishmentId) implements Trait {
        public InventoryLevel {
            requireInstance(instance);
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(measurement, "measurement");
        }

        /** How a level is measured: a percentage, a count, or a volume or weight in Alexa's unit (e.g. {@code GRAM}). */
        public record Measurement(Kind kind, String unit) {
            public enum Kind {
                PERCENTAGE,
                COUNT,
                VOLUME,
                WEIGHT
            }

            public Measurement {
                Objects.requireNonNull(kind, "kind");
                boolean needsUnit = kind == Kind.VOLUME || kind == Kind.WEIGHT;
                if (needsUnit == (unit == null || unit.isBlank())) {
                    throw new IllegalArgumentException(needsUnit ? kind + " needs a unit" : kind + " takes no unit");
                }
            }

            public static Measurement percentage() {
                return new Measurement(Kind.PERCENTAGE, null);
            }
        }
    }

    /** An appliance whose program can be held and resumed, e.g. a washer ({@link StateKey#ON_HOLD}). */
    record TimeHold(boolean remoteResume) implements Trait {
    }

    // --- media -------------------------------------------------------------------------------------

    /** Absolute volume 0–100 and mute ({@link StateKey#VOLUME}, {@link StateKey#MUTED}). */
    record Speaker() implements Trait {
    }

    /** Volume steps up and down and mute, without a readable level (e.g. an IR sound bar). */
    record StepSpeaker() implements Trait {
    }

    /** Transport controls ({@link StateKey#PLAYBACK_STATE}). */
    record Playback(Set<PlaybackOperation> operations) implements Trait {
        public Playback {
            operations = EnumSets.nonEmpty(operations, PlaybackOperation.class, "a player supports at least one playback operation");
        }
    }

    /** Seeking forwards and backwards in what plays ({@link StateKey#PLAYBACK_POSITION_MS}). */
    record Seek() implements Trait {
    }

    /** A tuner ({@link StateKey#CHANNEL}). */
    record Channel() implements Trait {
    }

    /** Selectable inputs ({@link StateKey#INPUT}), by Alexa's input names (HDMI1, TV, AUX1 …). */
    record Input(List<InputSource> inputs) implements Trait {
        public Input {
            inputs = List.copyOf(inputs == null ? List.of() : inputs);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("an input selector needs at least one input");
            }
        }

        public boolean has(String name) {
            return inputs.stream().anyMatch(i -> i.name().equalsIgnoreCase(name));
        }

        /** One input: its name and what people may call it. */
        public record InputSource(String name, List<String> friendlyNames) {
            public InputSource {
                Objects.requireNonNull(name, "name");
                friendlyNames = List.copyOf(friendlyNames == null ? List.of() : friendlyNames);
            }
        }
    }

    /** Launches apps and shortcuts ({@link StateKey#LAUNCHED_TARGET}). */
    record Launcher() implements Trait {
    }

    /** Records what is on ({@link StateKey#RECORDING}). */
    record Recording() implements Trait {
    }

    /**
     * Equalizer bands within {@code minimumLevel..maximumLevel} (reset to {@code defaultLevel}) and
     * sound modes ({@link StateKey#equalizerLevel}, {@link StateKey#EQUALIZER_MODE}).
     */
    record Equalizer(Set<EqualizerBand> bands, int minimumLevel, int maximumLevel, int defaultLevel, Set<EqualizerMode> modes)
            implements Trait {
        public Equalizer {
            bands = EnumSets.ordered(bands, EqualizerBand.class);
            modes = EnumSets.ordered(modes, EqualizerMode.class);
            if (bands.isEmpty() && modes.isEmpty()) {
                throw new IllegalArgumentException("an equalizer has bands or modes");
            }
            if (minimumLevel >= maximumLevel || defaultLevel < minimumLevel || defaultLevel > maximumLevel) {
                throw new IllegalArgumentException("equalizer levels " + minimumLevel + ".." + maximumLevel + " default " + defaultLevel);
            }
        }
    }

    /** Woken over the LAN by Alexa before it is turned on: the MAC addresses an Echo sends the magic packet to. */
    record WakeOnLan(List<String> macAddresses) implements Trait {
        private static final java.util.regex.Pattern MAC = java.util.regex.Pattern.compile("([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}");

        public WakeOnLan {
            macAddresses = List.copyOf(macAddresses == null ? List.of() : macAddresses);
            if (macAddresses.isEmpty() || !macAddresses.stream().allMatch(m -> MAC.matcher(m).matches())) {
                throw new IllegalArgumentException("wake-on-LAN needs MAC addresses like 00:11:22:AA:BB:CC");
            }
        }
    }

    private static void requireInstance(String instance) {
        if (instance == null || instance.isBlank() || instance.length() > 64) {
            throw new IllegalArgumentException("an instance trait needs an instance name of 1-64 characters");
        }
    }
}
