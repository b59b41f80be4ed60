package dev.homewire.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads devices stored by releases before traits carried their own descriptions: traits were
 * names ({@code "traits": ["POWER", "COLOR_TEMPERATURE"]}) and the Kelvin range and thermostat
 * profile sat beside them. Such records stay usable until the user's next discovery rewrites them.
 */
final class LegacyTraits {
    private LegacyTraits() {
    }

    static Trait trait(String name, JsonNode device) {
        switch (name) {
            case "POWER":
                return new Trait.Power();
            case "BRIGHTNESS":
                return new Trait.Brightness();
            case "COLOR":
                return new Trait.Color();
            case "COLOR_TEMPERATURE": {
                JsonNode range = device.path("colorTemperatureRange");
                return new Trait.ColorTemperature(range.isObject()
                        ? new Device.KelvinRange(range.path("minimumKelvin").asInt(), range.path("maximumKelvin").asInt()) : null);
            }
            case "LOCK":
                return new Trait.Lock();
            case "TEMPERATURE_SENSOR":
                return new Trait.TemperatureSensor();
            case "THERMOSTAT": {
                JsonNode thermostat = device.path("thermostat");
                if (!thermostat.isObject()) {
                    throw new IllegalArgumentException("malformed device: a THERMOSTAT trait needs field 'thermostat'");
                }
                Set<ThermostatMode> modes = EnumSet.noneOf(ThermostatMode.class);
                thermostat.path("supportedModes").forEach(m -> modes.add(DeviceJson.enumValue(ThermostatMode.class, m, "thermostat mode")));
                Temperature min = DeviceJson.temperatureFromJson(thermostat.path("minimumSetpoint"));
                Temperature max = DeviceJson.temperatureFromJson(thermostat.path("maximumSetpoint"));
                return new Trait.Thermostat(new ThermostatProfile(modes, min, max));
            }
            default:
                throw new IllegalArgumentException("unknown device trait '" + name + "'");
        }
    }
}
