package dev.homewire.adapter.spi;

/** The bands of a sound equalizer (Alexa.EqualizerController). */
public enum EqualizerBand {
    BASS,
    MIDRANGE,
    TREBLE
}
