package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
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
 * {@code Alexa.ThermostatController} for single-setpoint thermostats: SetTargetTemperature,
 * AdjustTargetTemperature and SetThermostatMode; properties {@code targetSetpoint {value, scale}}
 * and {@code thermostatMode}. Discovery announces the profile's modes
 * ({@code configuration.supportedModes}) and no scheduling.
 *
 * <p>Refusals, in the namespace Alexa expects them:
 * <ul>
 *   <li>dual / triple setpoints ({@code lowerSetpoint}/{@code upperSetpoint}) →
 *       {@code Alexa.ThermostatController} DUAL_SETPOINTS_UNSUPPORTED / TRIPLE_SETPOINTS_UNSUPPORTED;</li>
 *   <li>a setpoint outside the profile's range → {@code Alexa} TEMPERATURE_VALUE_OUT_OF_RANGE with
 *       {@code validRange}, in the scale the user spoke;</li>
 *   <li>a setpoint (set or adjusted) while the thermostat is OFF → THERMOSTAT_IS_OFF (so both
 *       setpoint directives read the current state first);</li>
 *   <li>a mode the profile does not list (or CUSTOM) → UNSUPPORTED_THERMOSTAT_MODE.</li>
 * </ul>
 */
public final class ThermostatControllerInterface implements AlexaInterface {
    public static final String NAMESPACE = "Alexa.ThermostatController";
    public static final String TARGET_SETPOINT = "targetSetpoint";
    public static final String THERMOSTAT_MODE = "thermostatMode";

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean appliesTo(Device device) {
        return device.has(Trait.THERMOSTAT) && device.thermostat() != null;
    }

    @Override
    public ObjectNode discovery(Device device) {
        ObjectNode capability = Capabilities.reportable(NAMESPACE, TARGET_SETPOINT, THERMOSTAT_MODE);
        ObjectNode configuration = capability.putObject("configuration");
        Set<ThermostatMode> modes = device.thermostat().supportedModes();
        if (!modes.isEmpty()) {
            ArrayNode supported = configuration.putArray("supportedModes");
            EnumSet.copyOf(modes).forEach(mode -> supported.add(mode.name()));
        }
        configuration.put("supportsScheduling", false);
        return capability;
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>(2);
        if (state.targetSetpoint() != null) {
            properties.add(Capabilities.property(NAMESPACE, TARGET_SETPOINT, Capabilities.temperature(state.targetSetpoint()), state, now));
        }
        if (state.thermostatMode() != null) {
            properties.add(Capabilities.property(NAMESPACE, THERMOSTAT_MODE, TextNode.valueOf(state.thermostatMode().name()), state, now));
        }
        return properties;
    }

    @Override
    public Set<String> directiveNames() {
        return Set.of("SetTargetTemperature", "AdjustTargetTemperature", "SetThermostatMode");
    }

    /** Both setpoint directives: an OFF thermostat refuses setpoints, and adjusting starts from the current one. */
    @Override
    public boolean needsCurrentState(String directiveName) {
        return "SetTargetTemperature".equals(directiveName) || "AdjustTargetTemperature".equals(directiveName);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        ThermostatProfile profile = device.thermostat();
        switch (directive.name()) {
            case "SetTargetTemperature":
                return setTarget(directive, profile, current);
            case "AdjustTargetTemperature":
                return adjustTarget(directive, profile, current);
            case "SetThermostatMode":
                return setMode(directive, profile);
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    private static DeviceCommand setTarget(Directive directive, ThermostatProfile profile, DeviceState current) {
        JsonNode payload = directive.payload();
        boolean target = payload.has(TARGET_SETPOINT);
        boolean lower = payload.has("lowerSetpoint");
        boolean upper = payload.has("upperSetpoint");
        if (target && lower && upper) {
            throw new AlexaErrorException(AlexaError.thermostat(ThermostatErrorType.TRIPLE_SETPOINTS_UNSUPPORTED,
                    "this thermostat has a single setpoint"));
        }
        if (lower || upper) {
            throw new AlexaErrorException(AlexaError.thermostat(ThermostatErrorType.DUAL_SETPOINTS_UNSUPPORTED,
                    "this thermostat has a single setpoint"));
        }
        Temperature setpoint = Capabilities.requiredTemperature(directive, TARGET_SETPOINT);
        refuseWhenOff(current);
        requireInRange(profile, setpoint, setpoint.scale());
        return new DeviceCommand.SetTargetSetpoint(setpoint);
    }

    private static DeviceCommand adjustTarget(Directive directive, ThermostatProfile profile, DeviceState current) {
        Temperature delta = Capabilities.requiredTemperature(directive, "targetSetpointDelta");
        refuseWhenOff(current);
        Temperature base = current == null ? null : current.targetSetpoint();
        if (base == null) {
            throw new AlexaErrorException(ErrorType.INVALID_VALUE, "the thermostat's current setpoint is not known");
        }
        // a difference of temperatures converts without the scales' offsets
        double deltaCelsius = delta.scale() == Temperature.Scale.FAHRENHEIT ? delta.value() * 5 / 9 : delta.value();
        double deltaInBase = base.scale() == Temperature.Scale.FAHRENHEIT ? deltaCelsius * 9 / 5 : deltaCelsius;
        Temperature target = Capabilities.round(new Temperature(base.value() + deltaInBase, base.scale()), 10);
        requireInRange(profile, target, delta.scale());
        return new DeviceCommand.SetTargetSetpoint(target);
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

    /** Refuses a setpoint outside the profile's range, telling the range in {@code scale} (a tenth of a degree). */
    private static void requireInRange(ThermostatProfile profile, Temperature setpoint, Temperature.Scale scale) {
        if (profile.accepts(setpoint)) {
            return;
        }
        Temperature min = Capabilities.round(profile.minimumSetpoint().in(scale), 10);
        Temperature max = Capabilities.round(profile.maximumSetpoint().in(scale), 10);
        throw new AlexaErrorException(AlexaError.temperatureValueOutOfRange(
                "the setpoint must be within " + min.value() + ".." + max.value() + " " + scale + ", got "
                        + Capabilities.round(setpoint.in(scale), 10).value(),
                min.value(), max.value(), scale.name()));
    }
}
