package dev.homewire.alexa;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Alexa timestamps: UTC ISO-8601 with 'Z' and at most 3 fractional digits. */
public final class AlexaTime {
    private AlexaTime() {
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Whole seconds only, for the fields whose schema allows no fraction (DoorbellPress timestamp, hold times). */
    public static String formatSeconds(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
