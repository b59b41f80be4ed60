package dev.homewire.adapter.spi;

/** Why a vendor reports a state change (core maps it to an Alexa ChangeReport cause). */
public enum UpdateCause {
    /** The outcome of a command we sent (correlated by operation reference or by state). */
    COMMAND_RESULT,
    /** Someone used the device itself (a thumb turn, a wall switch). */
    PHYSICAL_INTERACTION,
    /** The vendor's own app changed it. */
    APP_INTERACTION,
    /** A vendor-side schedule or rule changed it. */
    RULE_TRIGGER,
    /** Found by polling; the vendor does not say why. */
    PERIODIC_POLL
}
