package dev.homewire.adapter.spi;

/** A neutral ability of a device; core maps each to an Alexa interface. */
public enum Trait {
    POWER,
    BRIGHTNESS,
    COLOR,
    COLOR_TEMPERATURE,
    /** Locks and unlocks; reports LOCKED, UNLOCKED or JAMMED. */
    LOCK,
    /** Has a target setpoint and a mode ({@link Device#thermostat()} describes which). */
    THERMOSTAT,
    /** Reports the ambient temperature. */
    TEMPERATURE_SENSOR
}
