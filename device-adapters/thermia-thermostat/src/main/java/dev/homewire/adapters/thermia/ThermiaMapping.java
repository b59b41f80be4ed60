package dev.homewire.adapters.thermia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.http.VendorJson;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.List;
import java.util.Set;

/**
 * Translation between the Thermia API's JSON (docs/vendors/thermia-cloud-api.md) and the neutral
 * device model. Malformed vendor JSON raises {@link IllegalArgumentException}.
 *
 * <p>Thermia speaks degrees Celsius with one decimal only: setpoints of any scale are converted
 * to °C and rounded to 0.1 °C (half up) before they are sent. One tenth (not Thermia's display
 * step of 0.5) keeps the sent value within the 0.1 °C that
 * {@link dev.homewire.adapter.spi.DeviceCommand#satisfiedBy} allows, so a Fahrenheit request
 * (70 °F = 21.11 °C → 21.1 °C) is recognised as applied once the thermostat reports it.
 */
final class ThermiaMapping {
    static final String MANUFACTURER = "Thermia";

    private ThermiaMapping() {
    }

    /** A thermostat object of {@code GET /v1/thermostats} as a {@link Device}. */
    static Device toDevice(JsonNode thermostat) {
        String id = requiredText(thermostat, "id");
        String name = thermostat.path("name").isTextual() && !thermostat.path("name").asText().isBlank()
                ? thermostat.path("name").asText() : id;
        String model = thermostat.path("model").isTextual() && !thermostat.path("model").asText().isBlank()
                ? thermostat.path("model").asText() : null;
        String description = Device.modelDescription(MANUFACTURER, model, "thermostat");
        return new Device(id, name, description, MANUFACTURER, model, DeviceKind.THERMOSTAT,
                List.of(new Trait.Thermostat(profile(thermostat)), new Trait.TemperatureSensor()));
    }

    /** The thermostat's modes and setpoint range (°C). */
    static ThermostatProfile profile(JsonNode thermostat) {
        JsonNode range = thermostat.path("setpoint_range");
        if (!range.path("min").isNumber() || !range.path("max").isNumber()) {
            throw new IllegalArgumentException("thermostat without a numeric setpoint_range");
        }
        double min = range.path("min").doubleValue();
        double max = range.path("max").doubleValue();
        if (!(min <= max)) {
            throw new IllegalArgumentException("setpoint_range min above max");
        }
        Set<ThermostatMode> modes = EnumSet.noneOf(ThermostatMode.class);
        for (JsonNode mode : thermostat.path("supported_modes")) {
            ThermostatMode known = mode(mode.asText(""));
            if (known != null) {
                modes.add(known); // modes we do not know (yet) are ignored
            }
        }
        return new ThermostatProfile(modes, Temperature.celsius(min), Temperature.celsius(max));
    }

    /**
     * A thermostat object as a {@link DeviceState}: mode, setpoint and ambient temperature in °C;
     * an offline thermostat is {@link Connectivity#UNREACHABLE} with its last known values.
     *
     * @param fallback observation time when {@code updated_at} is missing or unreadable (when the answer arrived)
     */
    static DeviceState toState(JsonNode thermostat, Instant fallback) {
        if (!thermostat.path("online").isBoolean()) {
            throw new IllegalArgumentException("thermostat without 'online'");
        }
        DeviceState.Builder builder = DeviceState.builder()
                .connectivity(thermostat.path("online").booleanValue() ? Connectivity.OK : Connectivity.UNREACHABLE)
                .observedAt(VendorJson.instantOr(thermostat.path("updated_at"), fallback));
        if (thermostat.path("mode").isTextual()) {
            builder.thermostatMode(mode(thermostat.path("mode").asText()));
        }
        if (thermostat.path("setpoint").isNumber()) {
            builder.targetSetpoint(Temperature.celsius(thermostat.path("setpoint").doubleValue()));
        }
        if (thermostat.path("ambient").isNumber()) {
            builder.temperature(Temperature.celsius(thermostat.path("ambient").doubleValue()));
        }
        return builder.build();
    }

    /** A Thermia mode name as the neutral mode; null for names we do not know. */
    static ThermostatMode mode(String name) {
        return switch (name) {
            case "heat" -> ThermostatMode.HEAT;
            case "cool" -> ThermostatMode.COOL;
            case "auto" -> ThermostatMode.AUTO;
            case "eco" -> ThermostatMode.ECO;
            case "off" -> ThermostatMode.OFF;
            default -> null;
        };
    }

    /** The Thermia name of a neutral mode. */
    static String modeName(ThermostatMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** A temperature as the °C value Thermia takes: converted and rounded to one decimal, half up. */
    static double apiCelsius(Temperature temperature) {
        return temperature.valueIn(Temperature.Scale.CELSIUS, 1);
    }

    static String requiredText(JsonNode node, String field) {
        return VendorJson.nonBlankText(node, field).orElseThrow(() -> new IllegalArgumentException("thermostat without " + field));
    }
}
