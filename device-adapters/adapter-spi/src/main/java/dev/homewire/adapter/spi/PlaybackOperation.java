package dev.homewire.adapter.spi;

/** The transport controls of a media player (Alexa.PlaybackController's directives). */
public enum PlaybackOperation {
    PLAY,
    PAUSE,
    STOP,
    START_OVER,
    PREVIOUS,
    NEXT,
    REWIND,
    FAST_FORWARD
}
