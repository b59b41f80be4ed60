package dev.homewire.adapter.spi;

/** The network a vendor cloud needs from us. */
public enum InteractionStyle {
    /** The command call answers with the device's new state. */
    SYNC,
    /** The command call answers 202; the outcome arrives later on the vendor's signed webhook. */
    ASYNC_PUSH,
    /** The command call answers 202; the vendor never pushes, so the outcome is found by polling. */
    ASYNC_POLL
}
