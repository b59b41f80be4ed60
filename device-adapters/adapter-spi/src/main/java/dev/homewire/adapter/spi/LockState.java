package dev.homewire.adapter.spi;

/** A lock's bolt. JAMMED is an outcome, never a command. */
public enum LockState {
    LOCKED,
    UNLOCKED,
    JAMMED
}
