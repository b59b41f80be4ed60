package dev.homewire.adapter.spi;

/** A security panel's arm state (Alexa.SecurityPanelController armState). */
public enum ArmState {
    ARMED_AWAY,
    ARMED_STAY,
    ARMED_NIGHT,
    DISARMED
}
