package dev.homewire.adapter.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** What a thermostat accepts: its modes and the setpoint range. */
public record ThermostatProfile(Set<ThermostatMode> supportedModes, Temperature minimumSetpoint, Temperature maximumSetpoint) {
    public ThermostatProfile {
        Objects.requireNonNull(minimumSetpoint, "minimumSetpoint");
        Objects.requireNonNull(maximumSetpoint, "maximumSetpoint");
        supportedModes = supportedModes == null || supportedModes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(supportedModes));
        if (minimumSetpoint.toCelsius() > maximumSetpoint.toCelsius()) {
            throw new IllegalArgumentException("minimum setpoint above maximum");
        }
    }

    public boolean accepts(Temperature setpoint) {
        double c = setpoint.toCelsius();
        return c >= minimumSetpoint.toCelsius() - 1e-9 && c <= maximumSetpoint.toCelsius() + 1e-9;
    }
}
