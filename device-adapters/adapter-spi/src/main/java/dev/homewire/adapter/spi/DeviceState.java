package dev.homewire.adapter.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a device reported at one moment. Properties the device does not have, or did not report,
 * are null. Immutable; change it with {@link #toBuilder()}.
 *
 * @param observedAt when the vendor observed this state (not when we stored it)
 */
public record DeviceState(Connectivity connectivity, PowerState power, Integer brightness, Hsb color,
                          Integer colorTemperatureKelvin, Instant observedAt) {

    public DeviceState {
        Objects.requireNonNull(connectivity, "connectivity");
        Objects.requireNonNull(observedAt, "observedAt");
        if (brightness != null && (brightness < 0 || brightness > 100)) {
            throw new IllegalArgumentException("brightness out of range: " + brightness);
        }
    }

    public boolean reachable() {
        return connectivity == Connectivity.OK;
    }

    /** Same properties, ignoring when they were observed. */
    public boolean sameValuesAs(DeviceState other) {
        return other != null && connectivity == other.connectivity && power == other.power
                && Objects.equals(brightness, other.brightness) && Objects.equals(color, other.color)
                && Objects.equals(colorTemperatureKelvin, other.colorTemperatureKelvin);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().connectivity(connectivity).power(power).brightness(brightness).color(color)
                .colorTemperatureKelvin(colorTemperatureKelvin).observedAt(observedAt);
    }

    public static final class Builder {
        private Connectivity connectivity = Connectivity.OK;
        private PowerState power;
        private Integer brightness;
        private Hsb color;
        private Integer colorTemperatureKelvin;
        private Instant observedAt;

        public Builder connectivity(Connectivity value) { this.connectivity = value; return this; }
        public Builder power(PowerState value) { this.power = value; return this; }
        public Builder brightness(Integer value) { this.brightness = value; return this; }
        public Builder color(Hsb value) { this.color = value; return this; }
        public Builder colorTemperatureKelvin(Integer value) { this.colorTemperatureKelvin = value; return this; }
        public Builder observedAt(Instant value) { this.observedAt = value; return this; }

        public DeviceState build() {
            return new DeviceState(connectivity, power, brightness, color, colorTemperatureKelvin,
                    observedAt == null ? Instant.now() : observedAt);
        }
    }
}
