package dev.homewire.adapter.spi;

/** A door or window contact: OPEN when its two parts are apart (Alexa.ContactSensor DETECTED). */
public enum ContactState {
    OPEN,
    CLOSED
}
