package dev.homewire.adapter.spi;

/** The sound modes of an equalizer (Alexa.EqualizerController). */
public enum EqualizerMode {
    MOVIE,
    MUSIC,
    NIGHT,
    SPORT,
    TV
}
