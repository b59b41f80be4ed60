package dev.homewire.adapter.spi;

/** Thermostat modes shared by most clouds (and by Alexa's ThermostatController). */
public enum ThermostatMode {
    HEAT,
    COOL,
    AUTO,
    ECO,
    OFF
}
