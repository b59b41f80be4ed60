package dev.homewire.adapter.spi;

/** What a media device's player is doing. */
public enum PlaybackState {
    PLAYING,
    PAUSED,
    STOPPED
}
