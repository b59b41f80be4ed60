package dev.homewire.adapter.spi;

/** A neutral ability of a device; core maps each to an Alexa interface. */
public enum Trait {
    POWER,
    BRIGHTNESS,
    COLOR,
    COLOR_TEMPERATURE
}
