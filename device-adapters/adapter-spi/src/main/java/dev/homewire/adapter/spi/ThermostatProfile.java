package dev.homewire.adapter.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a thermostat accepts: its modes, the setpoint range, how many setpoints it takes, and how
 * far apart a lower and an upper setpoint must be.
 *
 * @param setpoints    SINGLE (a target), DUAL (a target, or a lower and an upper setpoint — e.g. in
 *                     AUTO), TRIPLE (also all three at once)
 * @param minimumDelta the least distance between lower and upper setpoint; null for SINGLE
 */
public record ThermostatProfile(Set<ThermostatMode> supportedModes, Temperature minimumSetpoint, Temperature maximumSetpoint,
                                Setpoints setpoints, Temperature minimumDelta) {

    public enum Setpoints {
        SINGLE,
        DUAL,
        TRIPLE
    }

    /** A single-setpoint thermostat. */
    public ThermostatProfile(Set<ThermostatMode> supportedModes, Temperature minimumSetpoint, Temperature maximumSetpoint) {
        this(supportedModes, minimumSetpoint, maximumSetpoint, Setpoints.SINGLE, null);
    }

    public ThermostatProfile {
        Objects.requireNonNull(minimumSetpoint, "minimumSetpoint");
        Objects.requireNonNull(maximumSetpoint, "maximumSetpoint");
        setpoints = setpoints == null ? Setpoints.SINGLE : setpoints;
        supportedModes = EnumSets.ordered(supportedModes, ThermostatMode.class);
        if (minimumSetpoint.toCelsius() > maximumSetpoint.toCelsius()) {
            throw new IllegalArgumentException("minimum setpoint above maximum");
        }
        if (setpoints != Setpoints.SINGLE) {
            minimumDelta = minimumDelta == null ? Temperature.celsius(0) : minimumDelta;
            if (minimumDelta.value() < 0) {
                throw new IllegalArgumentException("minimum setpoint delta must be >= 0");
            }
        }
    }

    public boolean accepts(Temperature setpoint) {
        double c = setpoint.toCelsius();
        return c >= minimumSetpoint.toCelsius() - 1e-9 && c <= maximumSetpoint.toCelsius() + 1e-9;
    }

    /** Whether the thermostat takes a lower and an upper setpoint. */
    public boolean dual() {
        return setpoints != Setpoints.SINGLE;
    }

    /** The least lower-to-upper distance in Celsius degrees (a difference, so without offset). */
    public double minimumDeltaCelsius() {
        if (minimumDelta == null) {
            return 0;
        }
        return minimumDelta.scale().degreesToCelsius(minimumDelta.value());
    }
}
