package dev.homewire.adapter.spi;

/** What a device is, which picks its Alexa display category. */
public enum DeviceKind {
    LIGHT,
    PLUG,
    SWITCH,
    SMARTLOCK,
    THERMOSTAT,
    OTHER
}
