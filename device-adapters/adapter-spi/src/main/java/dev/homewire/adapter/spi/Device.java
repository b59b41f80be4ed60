package dev.homewire.adapter.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A device as its vendor describes it at discovery.
 *
 * @param deviceId     the vendor's id, unique within the vendor account
 * @param colorTemperatureRange supported white range in Kelvin, or null when the device has no {@link Trait#COLOR_TEMPERATURE}
 * @param thermostat   modes and setpoint range, or null when the device has no {@link Trait#THERMOSTAT}
 */
public record Device(String deviceId, String friendlyName, String description, String manufacturer, String model,
                     DeviceKind kind, Set<Trait> traits, KelvinRange colorTemperatureRange, ThermostatProfile thermostat) {

    /** A device without a thermostat. */
    public Device(String deviceId, String friendlyName, String description, String manufacturer, String model,
                  DeviceKind kind, Set<Trait> traits, KelvinRange colorTemperatureRange) {
        this(deviceId, friendlyName, description, manufacturer, model, kind, traits, colorTemperatureRange, null);
    }

    public Device {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(friendlyName, "friendlyName");
        Objects.requireNonNull(kind, "kind");
        description = description == null || description.isBlank() ? friendlyName : description;
        manufacturer = manufacturer == null || manufacturer.isBlank() ? "Unknown" : manufacturer;
        model = model == null || model.isBlank() ? "Unknown" : model;
        traits = traits == null || traits.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(traits));
        if (traits.contains(Trait.COLOR_TEMPERATURE) && colorTemperatureRange == null) {
            colorTemperatureRange = KelvinRange.TYPICAL_WHITE;
        }
        if (traits.contains(Trait.THERMOSTAT) && thermostat == null) {
            throw new IllegalArgumentException("a THERMOSTAT device needs a ThermostatProfile");
        }
    }

    public boolean has(Trait trait) {
        return traits.contains(trait);
    }

    /** A white-light range in Kelvin. */
    public record KelvinRange(int minimumKelvin, int maximumKelvin) {
        public static final KelvinRange TYPICAL_WHITE = new KelvinRange(2200, 7000);

        public KelvinRange {
            if (minimumKelvin < 1000 || maximumKelvin > 10000 || minimumKelvin > maximumKelvin) {
                throw new IllegalArgumentException("bad Kelvin range " + minimumKelvin + ".." + maximumKelvin);
            }
        }

        public boolean contains(int kelvin) {
            return kelvin >= minimumKelvin && kelvin <= maximumKelvin;
        }
    }
}
