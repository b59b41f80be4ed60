package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A thermostat with three setpoints (°C, one decimal): {@code target} governs {@code heat},
 * {@code cool} and {@code eco}; {@code lower} and {@code upper} (at least {@code minDelta} apart)
 * govern {@code auto}; a {@code target} set with them, or alone in {@code auto}, must lie between
 * them. All three are kept in every
 * mode; in {@code off} none can be set ({@code 409 thermostat_off}).
 */
final class SimThermostat extends SimAppliance {
    static final String TYPE = "thermostat";
    static final List<String> MODES = List.of("heat", "cool", "auto", "eco", "off");
    static final double MIN_AMBIENT = -40.0;
    static final double MAX_AMBIENT = 60.0;

    final double minSetpoint;
    final double maxSetpoint;
    final double minDelta;

    String mode = "heat";
    double target;
    double lower;
    double upper;
    double ambient;

    SimThermostat(String id, String accountId, String name, String model, String revisionTag, Instant now, double minSetpoint,
                  double maxSetpoint, double minDelta) {
        super(id, accountId, TYPE, name, model, revisionTag, now);
        this.minSetpoint = minSetpoint;
        this.maxSetpoint = maxSetpoint;
        this.minDelta = minDelta;
        this.target = Fields.oneDecimal((minSetpoint + maxSetpoint) / 2);
        this.lower = Fields.oneDecimal(target - minDelta);
        this.upper = Fields.oneDecimal(target + minDelta);
        this.ambient = target;
    }

    @Override
    ObjectNode specs() {
        ObjectNode specs = NODES.objectNode();
        specs.putObject("setpointRange").put("min", minSetpoint).put("max", maxSetpoint);
        specs.put("minDelta", minDelta);
        specs.putArray("supportedModes").addAll(MODES.stream().map(NODES::textNode).toList());
        return specs;
    }

    @Override
    ObjectNode state() {
        return NODES.objectNode().put("mode", mode).put("target", target).put("lower", lower).put("upper", upper)
                .put("ambient", ambient);
    }

    @Override
    Set<String> operations() {
        return Set.of(SimCommand.SET);
    }

    @Override
    ObjectNode validateSet(ObjectNode values) throws ApiError {
        Fields.onlyWritable(values, Set.of("mode", "target", "lower", "upper"), what());
        ObjectNode checked = NODES.objectNode();
        if (values.has("mode")) {
            checked.put("mode", Fields.oneOf("mode", values.get("mode"), MODES));
        }
        for (String field : List.of("target", "lower", "upper")) {
            if (values.has(field)) {
                checked.put(field, Fields.celsius(field, values.get(field), minSetpoint, maxSetpoint));
            }
        }
        if (checked.has("lower") != checked.has("upper")) {
            throw Fields.invalidValue("lower and upper are set together");
        }
        if (checked.has("lower")) {
            double gap = checked.get("upper").doubleValue() - checked.get("lower").doubleValue();
            if (gap + 1e-9 < minDelta) {
                throw ApiError.of(422, "setpoints_too_close", "upper must be at least " + minDelta + " °C above lower, got "
                                + checked.get("lower") + ".." + checked.get("upper") + " °C")
                        .with("applianceId", id)
                        .with("minDelta", minDelta);
            }
        }
        return checked;
    }

    /**
     * Setpoints need a mode that uses them (not {@code off}); a target given with bounds, or alone
     * in {@code auto}, must lie within the bounds (the given ones, else the current ones).
     */
    @Override
    void check(SimCommand command) throws ApiError {
        ObjectNode values = command.values();
        String newMode = values.has("mode") ? values.get("mode").asText() : mode;
        boolean setpoints = values.has("target") || values.has("lower");
        if (setpoints && newMode.equals("off")) {
            throw ApiError.of(409, "thermostat_off", "thermostat " + id + " is off and takes no setpoint; set a mode first")
                    .with("applianceId", id);
        }
        if (values.has("target") && (values.has("lower") || newMode.equals("auto"))) {
            double t = values.get("target").doubleValue();
            double low = values.has("lower") ? values.get("lower").doubleValue() : lower;
            double high = values.has("upper") ? values.get("upper").doubleValue() : upper;
            if (t < low - 1e-9 || t > high + 1e-9) {
                throw ApiError.of(422, "target_outside_bounds", "in auto the target " + t + " °C must lie within " + low + ".."
                                + high + " °C")
                        .with("applianceId", id)
                        .with("lower", low)
                        .with("upper", high);
            }
        }
    }

    @Override
    void apply(SimCommand command, Instant at) {
        ObjectNode values = command.values();
        mode = values.path("mode").asText(mode);
        target = values.path("target").asDouble(target);
        lower = values.path("lower").asDouble(lower);
        upper = values.path("upper").asDouble(upper);
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        switch (key) {
            case "ambient": {
                double celsius = Fields.control(key, () -> Fields.celsius(key, value, MIN_AMBIENT, MAX_AMBIENT));
                return at -> ambient = celsius;
            }
            case "mode": {
                String target = Fields.control(key, () -> Fields.oneOf(key, value, MODES));
                return at -> mode = target;
            }
            case "target": {
                double celsius = Fields.control(key, () -> Fields.celsius(key, value, minSetpoint, maxSetpoint));
                return at -> target = celsius;
            }
            default:
                throw unknownKey(key, "ambient, mode, target");
        }
    }
}
