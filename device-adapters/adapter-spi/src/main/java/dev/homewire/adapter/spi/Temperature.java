package dev.homewire.adapter.spi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** A temperature with its scale, as vendors and Alexa exchange them. */
public record Temperature(double value, Scale scale) {

    public enum Scale {
        CELSIUS("°C"),
        FAHRENHEIT("°F"),
        KELVIN("K");

        private final String symbol;

        Scale(String symbol) {
            this.symbol = symbol;
        }

        /** The unit as messages show it: {@code °C}, {@code °F}, {@code K}. */
        public String symbol() {
            return symbol;
        }

        /**
         * A temperature <em>difference</em> in this scale's degrees as Celsius degrees: without the
         * scales' offsets (9 °F apart is 5 °C apart; Kelvin and Celsius degrees are the same size).
         */
        public double degreesToCelsius(double degrees) {
            return this == FAHRENHEIT ? degrees * 5 / 9 : degrees;
        }

        /** A temperature difference in Celsius degrees as this scale's degrees; the inverse of {@link #degreesToCelsius}. */
        public double celsiusToDegrees(double celsiusDegrees) {
            return this == FAHRENHEIT ? celsiusDegrees * 9 / 5 : celsiusDegrees;
        }
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

    /**
     * The value of this temperature in {@code target}, rounded half up to {@code decimals} decimals
     * (as a vendor takes or states it, e.g. °C with one decimal).
     */
    public double valueIn(Scale target, int decimals) {
        return BigDecimal.valueOf(in(target).value()).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    /** Equal within a tenth of a degree Celsius (vendors round). */
    public boolean closeTo(Temperature other) {
        return other != null && Math.abs(toCelsius() - other.toCelsius()) < 0.1;
    }
}
