package dev.homewire.adapters.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import java.util.Locale;
import java.util.Optional;

/**
 * Neutral commands as Arbor operations ({@code POST /v1/appliances/{id}/operations}, see
 * docs/vendors/arbor-cloud-api.md): {@code {"type": "set", "values": {…}}}, {@code hold},
 * {@code resume}, {@code activate}, {@code deactivate}. Which field a command sets follows from the
 * command and its instance alone, so a command can be sent for an appliance the adapter has not
 * seen yet (Arbor then checks it); when the adapter knows the appliance ({@link Device} from
 * discovery or a poll) the command is checked against its traits first and a refusal costs no call.
 *
 * <p>Temperatures go to Arbor in °C rounded to one decimal (half up): 70 °F → 21.1 °C, within the
 * 0.1 °C {@link DeviceCommand#satisfiedBy} allows. A setpoint outside the range fails with bounds in
 * the scale the setpoint was asked in.
 */
final class ArborOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ArborOperations() {
    }

    /**
     * The operation body of a command.
     *
     * @param known the appliance as the adapter last saw it, or null
     * @param what  what is attempted, the start of every message
     * @throws AdapterException {@link Reason#INVALID_VALUE} for a command Arbor has no operation for or the
     *                          appliance cannot take, {@link Reason#VALUE_OUT_OF_RANGE} for a value outside its range
     */
    static ObjectNode body(DeviceCommand command, Device known, String what) {
        if (known != null) {
            check(command, known, what);
        }
        if (command instanceof DeviceCommand.SetPower power) {
            return set("power", NODES.textNode(power.power() == PowerState.ON ? "on" : "off"));
        }
        if (command instanceof DeviceCommand.SetRangeValue range) {
            String field = switch (range.instance()) {
                case ArborMapping.BLIND_LIFT -> "position";
                case ArborMapping.FAN_SPEED -> "speed";
                default -> throw noOperation(what, "no range " + range.instance());
            };
            return set(field, NODES.numberNode(whole(range.value(), what)));
        }
        if (command instanceof DeviceCommand.SetToggle toggle) {
            if (!toggle.instance().equals(ArborMapping.FAN_OSCILLATE)) {
                throw noOperation(what, "no toggle " + toggle.instance());
            }
            return set("oscillate", NODES.booleanNode(toggle.on()));
        }
        if (command instanceof DeviceCommand.SetMode mode) {
            return setMode(mode, what);
        }
        if (command instanceof DeviceCommand.SetPowerLevel level) {
            return set("powerLevel", NODES.numberNode(level.powerLevel()));
        }
        if (command instanceof DeviceCommand.SetPercentage percentage) {
            return set("output", NODES.numberNode(percentage.percentage()));
        }
        if (command instanceof DeviceCommand.SetTargetSetpoint target) {
            return set("target", NODES.numberNode(celsius(target.setpoint())));
        }
        if (command instanceof DeviceCommand.SetSetpointRange range) {
            ObjectNode body = set("lower", NODES.numberNode(celsius(range.lower())));
            ObjectNode values = (ObjectNode) body.get("values");
            values.put("upper", celsius(range.upper()));
            if (range.target() != null) {
                values.put("target", celsius(range.target()));
            }
            return body;
        }
        if (command instanceof DeviceCommand.SetThermostatMode mode) {
            return set("mode", NODES.textNode(mode.mode().name().toLowerCase(Locale.ROOT)));
        }
        if (command instanceof DeviceCommand.SetSceneActive scene) {
            return NODES.objectNode().put("type", scene.active() ? "activate" : "deactivate");
        }
        if (command instanceof DeviceCommand.Hold hold) {
            ObjectNode body = NODES.objectNode().put("type", "hold");
            if (hold.until() != null) {
                body.put("until", hold.until().toString());
            }
            return body;
        }
        if (command instanceof DeviceCommand.Resume) {
            return NODES.objectNode().put("type", "resume");
        }
        throw noOperation(what, "no operation for " + command.getClass().getSimpleName());
    }

    private static ObjectNode setMode(DeviceCommand.SetMode mode, String what) {
        String value = mode.mode();
        switch (mode.instance()) {
            case ArborMapping.GARAGE_POSITION:
                if (value.equals(ArborMapping.POSITION_UP) || value.equals(ArborMapping.POSITION_DOWN)) {
                    return set("door", NODES.textNode(value.equals(ArborMapping.POSITION_UP) ? "open" : "closed"));
                }
                break;
            case ArborMapping.FAN_DIRECTION:
                if (value.startsWith("Direction.")) {
                    return set("direction", NODES.textNode(ArborMapping.apiValue(value)));
                }
                break;
            case ArborMapping.WASH_CYCLE:
                if (value.startsWith("Cycle.")) {
                    return set("cycle", NODES.textNode(ArborMapping.apiValue(value)));
                }
                break;
            default:
                throw noOperation(what, "no mode " + mode.instance());
        }
        throw new AdapterException(Reason.INVALID_VALUE, what + ": " + mode.instance() + " has no value " + value);
    }

    /** {@code {"type": "set", "values": {field: value}}}. */
    private static ObjectNode set(String field, JsonNode value) {
        ObjectNode body = NODES.objectNode().put("type", "set");
        body.putObject("values").set(field, value);
        return body;
    }

    // ------------------------------------------------------------------ checks against the known appliance

    /** Refuses a command the appliance's traits (as discovered) cannot take. */
    private static void check(DeviceCommand command, Device device, String what) {
        Optional<? extends Trait> trait = command.instance() == null ? device.trait(command.trait())
                : device.instance(command.trait(), command.instance());
        if (trait.isEmpty()) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": the appliance has no " + command.trait().getSimpleName()
                    + (command.instance() == null ? "" : " " + command.instance()));
        }
        if (command instanceof DeviceCommand.SetRangeValue set && trait.get() instanceof Trait.Range range && !range.contains(set.value())) {
            throw AdapterException.valueOutOfRange(what + ": " + range.instance() + " " + set.value() + " is outside "
                    + range.minimum() + ".." + range.maximum(), range.minimum(), range.maximum());
        }
        if (command instanceof DeviceCommand.SetMode set && trait.get() instanceof Trait.Mode mode && !mode.has(set.mode())) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": " + mode.instance() + " has no value " + set.mode()
                    + "; it has " + mode.values().stream().map(Trait.Mode.ModeValue::value).toList());
        }
        if (command instanceof DeviceCommand.SetSceneActive set && !set.active() && trait.get() instanceof Trait.Scene scene
                && !scene.deactivatable()) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": the scene runs once and cannot be deactivated");
        }
        if (command instanceof DeviceCommand.Resume && trait.get() instanceof Trait.TimeHold hold && !hold.remoteResume()) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": the appliance is resumed at the appliance only");
        }
        if (trait.get() instanceof Trait.Thermostat thermostat) {
            checkThermostat(command, thermostat.profile(), what);
        }
    }

    private static void checkThermostat(DeviceCommand command, ThermostatProfile profile, String what) {
        if (command instanceof DeviceCommand.SetThermostatMode set) {
            if (!profile.supportedModes().isEmpty() && !profile.supportedModes().contains(set.mode())) {
                throw new AdapterException(Reason.INVALID_VALUE, what + ": the thermostat supports only " + profile.supportedModes());
            }
            return;
        }
        double min = profile.minimumSetpoint().toCelsius();
        double max = profile.maximumSetpoint().toCelsius();
        if (command instanceof DeviceCommand.SetTargetSetpoint set) {
            requireInRange(set.setpoint(), min, max, what);
        } else if (command instanceof DeviceCommand.SetSetpointRange set) {
            requireInRange(set.lower(), min, max, what);
            requireInRange(set.upper(), min, max, what);
            if (set.target() != null) {
                requireInRange(set.target(), min, max, what);
            }
            double gap = celsius(set.upper()) - celsius(set.lower());
            if (gap + 1e-9 < profile.minimumDeltaCelsius()) {
                throw new AdapterException(Reason.INVALID_VALUE, what + ": the lower and upper setpoints must be at least "
                        + profile.minimumDeltaCelsius() + " °C apart, got " + celsius(set.lower()) + ".." + celsius(set.upper()) + " °C");
            }
            if (set.target() != null && (celsius(set.target()) < celsius(set.lower()) || celsius(set.target()) > celsius(set.upper()))) {
                throw new AdapterException(Reason.INVALID_VALUE, what + ": the target must lie between the lower and the upper setpoint");
            }
        }
    }

    private static void requireInRange(Temperature setpoint, double minCelsius, double maxCelsius, String what) {
        double sent = celsius(setpoint);
        if (sent < minCelsius - 1e-9 || sent > maxCelsius + 1e-9) {
            throw setpointOutOfRange(what, setpoint, minCelsius, maxCelsius);
        }
    }

    // ------------------------------------------------------------------ values

    /** A temperature as Arbor takes it: °C, rounded to one decimal, half up. */
    static double celsius(Temperature temperature) {
        return temperature.valueIn(Temperature.Scale.CELSIUS, 1);
    }

    /**
     * {@link Reason#VALUE_OUT_OF_RANGE} for a setpoint, the bounds (°C) given in the setpoint's own
     * scale rounded to two decimals (10 °C → 50 °F), so core can answer in the unit the user spoke.
     */
    static AdapterException setpointOutOfRange(String what, Temperature requested, double minCelsius, double maxCelsius) {
        Temperature.Scale scale = requested.scale();
        double min = Temperature.celsius(minCelsius).valueIn(scale, 2);
        double max = Temperature.celsius(maxCelsius).valueIn(scale, 2);
        String unit = scale.symbol();
        return AdapterException.temperatureOutOfRange(what + ": setpoint " + requested.value() + " " + unit + " is outside " + min + ".."
                + max + " " + unit, min, max, scale);
    }

    /** The first temperature a setpoint command asks for (its scale is the scale of a range error), or null. */
    static Temperature requestedTemperature(DeviceCommand command) {
        if (command instanceof DeviceCommand.SetTargetSetpoint set) {
            return set.setpoint();
        }
        return command instanceof DeviceCommand.SetSetpointRange range ? range.lower() : null;
    }

    /** Arbor's ranges and levels are whole numbers; a fraction would never show as applied. */
    private static int whole(double value, String what) {
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": Arbor takes whole numbers, not " + value);
        }
        return (int) value;
    }

    private static AdapterException noOperation(String what, String problem) {
        return new AdapterException(Reason.INVALID_VALUE, what + ": Arbor appliances have " + problem);
    }
}
