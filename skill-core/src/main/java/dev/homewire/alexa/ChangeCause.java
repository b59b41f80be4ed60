package dev.homewire.alexa;

/** Why a property changed, for ChangeReports. */
public enum ChangeCause {
    APP_INTERACTION,
    PHYSICAL_INTERACTION,
    PERIODIC_POLL,
    RULE_TRIGGER,
    VOICE_INTERACTION
}
