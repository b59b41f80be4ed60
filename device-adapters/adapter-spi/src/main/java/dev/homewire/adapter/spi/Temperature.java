package dev.homewire.adapter.spi;

import java.util.Objects;

/** A temperature with its scale, as vendors and Alexa exchange them. */
public record Temperature(double value, Scale scale) {

    public enum Scale {
        CELSIUS,
        FAHRENHEIT,
        KELVIN
    }

    public Temperature {
        Objects.requireNonNull(scale, "scale");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("temperature must be a finite number");
        }
    }

    public static Temperature celsius(double value) {
        return new Temperature(value, Scale.CELSIUS);
    }

    public double toCelsius() {
        switch (scale) {
            case FAHRENHEIT:
                return (value - 32) * 5 / 9;
            case KELVIN:
                return value - 273.15;
            default:
                return value;
        }
    }

    /** The same temperature in another scale. */
    public Temperature in(Scale target) {
        double c = toCelsius();
        switch (target) {
            case FAHRENHEIT:
                return new Temperature(c * 9 / 5 + 32, target);
            case KELVIN:
                return new Temperature(c + 273.15, target);
            default:
                return new Temperature(c, target);
        }
    }

    /** Equal within a tenth of a degree Celsius (vendors round). */
    public boolean closeTo(Temperature other) {
        return other != null && Math.abs(toCelsius() - other.toCelsius()) < 0.1;
    }
}
