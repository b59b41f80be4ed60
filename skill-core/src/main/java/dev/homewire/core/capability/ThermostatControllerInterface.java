package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaError.ThermostatErrorType;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.ThermostatController} for single-, dual- and triple-setpoint thermostats
 * ({@link ThermostatProfile.Setpoints}): SetTargetTemperature, AdjustTargetTemperature and
 * SetThermostatMode; properties {@code targetSetpoint}, {@code lowerSetpoint},
 * {@code upperSetpoint} ({value, scale}) and {@code thermostatMode}. Discovery announces the
 * profile's modes ({@code configuration.supportedModes}) and no scheduling.
 *
 * <p>SetTargetTemperature takes a target, a lower and an upper setpoint (dual), or all three
 * (triple); a dual thermostat given only one bound keeps its current other bound.
 * AdjustTargetTemperature moves the target, or — for a thermostat holding a lower and an upper
 * setpoint in AUTO — both bounds by the same delta, in either scale.
 *
 * <p>Refusals, in the namespace Alexa expects them:
 * <ul>
 *   <li>dual / triple setpoints the profile does not take →
 *       {@code Alexa.ThermostatController} DUAL_SETPOINTS_UNSUPPORTED / TRIPLE_SETPOINTS_UNSUPPORTED;</li>
 *   <li>a lower and an upper setpoint closer than the profile's minimum delta →
 *       REQUESTED_SETPOINTS_TOO_CLOSE with {@code minimumTemperatureDelta}; a target outside them →
 *       {@code Alexa} INVALID_VALUE;</li>
 *   <li>a setpoint outside the profile's range → {@code Alexa} TEMPERATURE_VALUE_OUT_OF_RANGE with
 *       {@code validRange}, in the scale the user spoke;</li>
 *   <li>a setpoint (set or adjusted) while the thermostat is OFF → THERMOSTAT_IS_OFF (so both
 *       setpoint directives read the current state first);</li>
 *   <li>a mode the profile does not list (or CUSTOM) → UNSUPPORTED_THERMOSTAT_MODE.</li>
 * </ul>
 */
public final class ThermostatControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.ThermostatController";
    public static final String TARGET_SETPOINT = "targetSetpoint";
    public static final String LOWER_SETPOINT = "lowerSetpoint";
    public static final String UPPER_SETPOINT = "upperSetpoint";
    public static final String THERMOSTAT_MODE = "thermostatMode";

    public ThermostatControllerInterface() {
        super(NAMESPACE, Trait.Thermostat.class, Set.of("SetTargetTemperature", "AdjustTargetTemperature", "SetThermostatMode"));
    }

    private static ThermostatProfile profile(Device device) {
        return device.trait(Trait.Thermostat.class).orElseThrow().profile();
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        ThermostatProfile profile = profile(device);
        ObjectNode capability = profile.dual()
                ? Capabilities.reportable(NAMESPACE, proactive, TARGET_SETPOINT, LOWER_SETPOINT, UPPER_SETPOINT, THERMOSTAT_MODE)
                : Capabilities.reportable(NAMESPACE, proactive, TARGET_SETPOINT, THERMOSTAT_MODE);
        ObjectNode configuration = capability.putObject("configuration");
        Set<ThermostatMode> modes = profile.supportedModes();
        if (!modes.isEmpty()) {
            ArrayNode supported = configuration.putArray("supportedModes");
            EnumSet.copyOf(modes).forEach(mode -> supported.add(mode.name()));
        }
        configuration.put("supportsScheduling", false);
        return List.of(capability);
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>(4);
        addSetpoint(properties, TARGET_SETPOINT, state.targetSetpoint(), state, now);
        addSetpoint(properties, LOWER_SETPOINT, state.get(StateKey.LOWER_SETPOINT), state, now);
        addSetpoint(properties, UPPER_SETPOINT, state.get(StateKey.UPPER_SETPOINT), state, now);
        if (state.thermostatMode() != null) {
            properties.addAll(property(THERMOSTAT_MODE, TextNode.valueOf(state.thermostatMode().name()), state, now));
        }
        return properties;
    }

    private void addSetpoint(List<Property> properties, String name, Temperature value, DeviceState state, Instant now) {
        if (value != null) {
            properties.addAll(property(name, Capabilities.temperature(value), state, now));
        }
    }

    /** Both setpoint directives: an OFF thermostat refuses setpoints, adjusting and half-given ranges start from the current ones. */
    @Override
    public boolean needsCurrentState(Directive directive) {
        return "SetTargetTemperature".equals(directive.name()) || "AdjustTargetTemperature".equals(directive.name());
    }

    @Override
    public void validate(Directive directive, Device device) {
        switch (directive.name()) {
            case "SetTargetTemperature":
                setTarget(directive, profile(device), null);
                return;
            case "AdjustTargetTemperature":
                requireReachableDelta(profile(device), delta(directive, profile(device)));
                return;
            default:
                toCommand(directive, device, null);
        }
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        ThermostatProfile profile = profile(device);
        switch (directive.name()) {
            case "SetTargetTemperature":
                refuseWhenOff(current);
                return setTarget(directive, profile, current);
            case "AdjustTargetTemperature":
                return adjustTarget(directive, profile, current);
            case "SetThermostatMode":
                return setMode(directive, profile);
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    /**
     * The command for SetTargetTemperature. Without a current state (checking before queueing) a
     * dual thermostat given only one bound is accepted; the processor completes it from the state.
     */
    private static DeviceCommand setTarget(Directive directive, ThermostatProfile profile, DeviceState current) {
        JsonNode payload = directive.payload();
        boolean hasTarget = payload.has(TARGET_SETPOINT);
        boolean hasLower = payload.has(LOWER_SETPOINT);
        boolean hasUpper = payload.has(UPPER_SETPOINT);
        if (!hasTarget && !hasLower && !hasUpper) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    "SetTargetTemperature needs payload.targetSetpoint, or lowerSetpoint and upperSetpoint");
        }
        if (hasTarget && hasLower && hasUpper && profile.setpoints() != ThermostatProfile.Setpoints.TRIPLE) {
            throw new AlexaErrorException(AlexaError.thermostat(ThermostatErrorType.TRIPLE_SETPOINTS_UNSUPPORTED,
                    "this thermostat takes " + (profile.dual() ? "a target or a lower and an upper setpoint" : "a single setpoint")));
        }
        if ((hasLower || hasUpper) && !profile.dual()) {
            throw new AlexaErrorException(AlexaError.thermostat(ThermostatErrorType.DUAL_SETPOINTS_UNSUPPORTED,
                    "this thermostat has a single setpoint"));
        }
        Temperature target = hasTarget ? setpoint(directive, TARGET_SETPOINT, profile) : null;
        Temperature lower = hasLower ? setpoint(directive, LOWER_SETPOINT, profile) : null;
        Temperature upper = hasUpper ? setpoint(directive, UPPER_SETPOINT, profile) : null;
        Temperature.Scale spoken = (target != null ? target : lower != null ? lower : upper).scale();
        for (Temperature t : new Temperature[] {target, lower, upper}) {
            if (t != null) {
                requireInRange(profile, t, spoken);
            }
        }
        if (!hasLower && !hasUpper) {
            return new DeviceCommand.SetTargetSetpoint(target);
        }
        if (hasTarget && hasLower != hasUpper) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    "SetTargetTemperature takes a target with both a lower and an upper setpoint, or one bound alone");
        }
        if (lower == null || upper == null) {
            if (current == null) {
                return null; // checked as far as the payload goes; the other bound comes from the state
            }
            lower = lower != null ? lower : current.get(StateKey.LOWER_SETPOINT);
            upper = upper != null ? upper : current.get(StateKey.UPPER_SETPOINT);
            if (lower == null || upper == null) {
                throw new AlexaErrorException(ErrorType.INVALID_VALUE,
                        "the thermostat's other setpoint is not known; give both a lower and an upper setpoint");
            }
        }
        requireApart(profile, lower, upper, target, spoken);
        return new DeviceCommand.SetSetpointRange(lower, upper, target);
    }

    private static DeviceCommand adjustTarget(Directive directive, ThermostatProfile profile, DeviceState current) {
        Temperature delta = delta(directive, profile);
        refuseWhenOff(current);
        // a difference of temperatures converts without the scales' offsets
        double deltaCelsius = delta.scale().degreesToCelsius(delta.value());
        Temperature lower = current == null ? null : current.get(StateKey.LOWER_SETPOINT);
        Temperature upper = current == null ? null : current.get(StateKey.UPPER_SETPOINT);
        Temperature base = current == null ? null : current.targetSetpoint();
        boolean range = profile.dual() && lower != null && upper != null
                && (base == null || current.thermostatMode() == ThermostatMode.AUTO);
        if (range) {
            Temperature newLower = shifted(lower, deltaCelsius);
            Temperature newUpper = shifted(upper, deltaCelsius);
            requireInRange(profile, newLower, delta.scale());
            requireInRange(profile, newUpper, delta.scale());
            Temperature newTarget = base == null || profile.setpoints() != ThermostatProfile.Setpoints.TRIPLE ? null : shifted(base, deltaCelsius);
            return new DeviceCommand.SetSetpointRange(newLower, newUpper, newTarget);
        }
        if (base == null) {
            throw new AlexaErrorException(ErrorType.INVALID_VALUE, "the thermostat reports no setpoint to adjust");
        }
        Temperature target = shifted(base, deltaCelsius);
        requireInRange(profile, target, delta.scale());
        return new DeviceCommand.SetTargetSetpoint(target);
    }

    /** {@code base} moved by a Celsius difference, in base's scale, to a tenth of a degree. */
    private static Temperature shifted(Temperature base, double deltaCelsius) {
        double deltaInBase = base.scale().celsiusToDegrees(deltaCelsius);
        return Capabilities.round(new Temperature(base.value() + deltaInBase, base.scale()), 10);
    }

    private static DeviceCommand setMode(Directive directive, ThermostatProfile profile) {
        JsonNode value = directive.payload().path(THERMOSTAT_MODE).path("value");
        if (!value.isTextual()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " needs payload.thermostatMode.value");
        }
        ThermostatMode mode;
        try {
            mode = ThermostatMode.valueOf(value.asText());
        } catch (IllegalArgumentException e) {
            throw new AlexaErrorException(AlexaError.thermostat(ThermostatErrorType.UNSUPPORTED_THERMOSTAT_MODE,
                    "thermostat mode " + value.asText() + " is not supported"));
        }
        // an empty profile list means the vendor did not say: every neutral mode is passed on
        if (!profile.supportedModes().isEmpty() && !profile.supportedModes().contains(mode)) {
            throw new AlexaErrorException(AlexaError.thermostat(ThermostatErrorType.UNSUPPORTED_THERMOSTAT_MODE,
                    "this thermostat supports " + EnumSet.copyOf(profile.supportedModes()) + ", not " + mode));
        }
        return new DeviceCommand.SetThermostatMode(mode);
    }

    private static void refuseWhenOff(DeviceState current) {
        if (current != null && current.thermostatMode() == ThermostatMode.OFF) {
            throw new AlexaErrorException(AlexaError.thermostat(ThermostatErrorType.THERMOSTAT_IS_OFF,
                    "the thermostat is off; set a mode first"));
        }
    }

    /** A setpoint of the payload; one no thermostat could take (infinite, absurdly large) is TEMPERATURE_VALUE_OUT_OF_RANGE. */
    private static Temperature setpoint(Directive directive, String field, ThermostatProfile profile) {
        return Capabilities.requiredTemperature(directive, field, scale -> outOfRange(profile, scale, "a value beyond any thermostat"));
    }

    /** {@code targetSetpointDelta}; an infinite or absurd one is TEMPERATURE_VALUE_OUT_OF_RANGE (no setpoint it leads to is). */
    private static Temperature delta(Directive directive, ThermostatProfile profile) {
        return Capabilities.requiredTemperature(directive, "targetSetpointDelta",
                scale -> outOfRange(profile, scale, "a change beyond any thermostat"));
    }

    /** A delta larger than the whole setpoint range leads out of it from any setpoint: refused before queueing. */
    private static void requireReachableDelta(ThermostatProfile profile, Temperature delta) {
        double span = profile.maximumSetpoint().toCelsius() - profile.minimumSetpoint().toCelsius();
        if (Math.abs(delta.scale().degreesToCelsius(delta.value())) > span + 1e-9) {
            throw outOfRange(profile, delta.scale(), "a change of " + Capabilities.number(delta.value()) + " degrees");
        }
    }

    /** Refuses a setpoint outside the profile's range, telling the range in {@code scale} (a tenth of a degree). */
    private static void requireInRange(ThermostatProfile profile, Temperature setpoint, Temperature.Scale scale) {
        if (profile.accepts(setpoint)) {
            return;
        }
        throw outOfRange(profile, scale, Double.toString(Capabilities.round(setpoint.in(scale), 10).value()));
    }

    /** TEMPERATURE_VALUE_OUT_OF_RANGE with the profile's range in {@code scale} (a tenth of a degree). */
    private static AlexaErrorException outOfRange(ThermostatProfile profile, Temperature.Scale scale, String got) {
        Temperature min = Capabilities.round(profile.minimumSetpoint().in(scale), 10);
        Temperature max = Capabilities.round(profile.maximumSetpoint().in(scale), 10);
        return new AlexaErrorException(AlexaError.temperatureValueOutOfRange(
                "the setpoint must be within " + min.value() + ".." + max.value() + " " + scale + ", got " + got,
                min.value(), max.value(), scale.name()));
    }

    /**
     * Refuses bounds closer than the profile's minimum delta (REQUESTED_SETPOINTS_TOO_CLOSE), or a
     * target outside them (INVALID_VALUE: no Alexa error type names that case, and "too close"
     * would tell the user something false).
     */
    private static void requireApart(ThermostatProfile profile, Temperature lower, Temperature upper, Temperature target,
                                     Temperature.Scale scale) {
        double gap = upper.toCelsius() - lower.toCelsius();
        if (gap + 1e-9 < profile.minimumDeltaCelsius()) {
            double minimum = scale.celsiusToDegrees(profile.minimumDeltaCelsius());
            Temperature.Scale reported = scale == Temperature.Scale.KELVIN ? Temperature.Scale.CELSIUS : scale;
            throw new AlexaErrorException(AlexaError.requestedSetpointsTooClose("the lower and upper setpoints must be at least "
                    + Math.round(minimum * 10) / 10.0 + " " + reported + " apart", Math.round(minimum * 10) / 10.0, reported.name()));
        }
        boolean targetInside = target == null
                || target.toCelsius() >= lower.toCelsius() - 1e-9 && target.toCelsius() <= upper.toCelsius() + 1e-9;
        if (!targetInside) {
            throw new AlexaErrorException(ErrorType.INVALID_VALUE,
                    "the target setpoint must lie between the lower and the upper setpoint");
        }
    }
}
