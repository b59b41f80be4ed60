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
                          Integer colorTemperatureKelvin, LockState lockState, Temperature targetSetpoint,
                          ThermostatMode thermostatMode, Temperature temperature, Instant observedAt) {

    public DeviceState {
        Objects.requireNonNull(connectivity, "connectivity");
        Objects.requireNonNull(observedAt, "observedAt");
        if (brightness != null && (brightness < 0 || brightness > 100)) {
            throw new IllegalArgumentException("brightness out of range: " + brightness);
        }
    }

    /** A light's or plug's state (no lock or thermostat properties). */
    public DeviceState(Connectivity connectivity, PowerState power, Integer brightness, Hsb color,
                       Integer colorTemperatureKelvin, Instant observedAt) {
        this(connectivity, power, brightness, color, colorTemperatureKelvin, null, null, null, null, observedAt);
    }

    public boolean reachable() {
        return connectivity == Connectivity.OK;
    }

    /** Same properties, ignoring when they were observed. */
    public boolean sameValuesAs(DeviceState other) {
        return other != null && withObservedAt(observedAt).equals(other.withObservedAt(observedAt));
    }

    public DeviceState withObservedAt(Instant instant) {
        return toBuilder().observedAt(instant).build();
    }

    /**
     * This state updated by a partial one (a push that carries only what changed): the update's
     * non-null properties, its connectivity and its time win.
     */
    public DeviceState overlaidWith(DeviceState update) {
        return new DeviceState(update.connectivity,
                update.power != null ? update.power : power,
                update.brightness != null ? update.brightness : brightness,
                update.color != null ? update.color : color,
                update.colorTemperatureKelvin != null ? update.colorTemperatureKelvin : colorTemperatureKelvin,
                update.lockState != null ? update.lockState : lockState,
                update.targetSetpoint != null ? update.targetSetpoint : targetSetpoint,
                update.thermostatMode != null ? update.thermostatMode : thermostatMode,
                update.temperature != null ? update.temperature : temperature,
                update.observedAt);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().connectivity(connectivity).power(power).brightness(brightness).color(color)
                .colorTemperatureKelvin(colorTemperatureKelvin).lockState(lockState).targetSetpoint(targetSetpoint)
                .thermostatMode(thermostatMode).temperature(temperature).observedAt(observedAt);
    }

    public static final class Builder {
        private Connectivity connectivity = Connectivity.OK;
        private PowerState power;
        private Integer brightness;
        private Hsb color;
        private Integer colorTemperatureKelvin;
        private LockState lockState;
        private Temperature targetSetpoint;
        private ThermostatMode thermostatMode;
        private Temperature temperature;
        private Instant observedAt;

        public Builder connectivity(Connectivity value) { this.connectivity = value; return this; }
        public Builder power(PowerState value) { this.power = value; return this; }
        public Builder brightness(Integer value) { this.brightness = value; return this; }
        public Builder color(Hsb value) { this.color = value; return this; }
        public Builder colorTemperatureKelvin(Integer value) { this.colorTemperatureKelvin = value; return this; }
        public Builder lockState(LockState value) { this.lockState = value; return this; }
        public Builder targetSetpoint(Temperature value) { this.targetSetpoint = value; return this; }
        public Builder thermostatMode(ThermostatMode value) { this.thermostatMode = value; return this; }
        public Builder temperature(Temperature value) { this.temperature = value; return this; }
        public Builder observedAt(Instant value) { this.observedAt = value; return this; }

        public DeviceState build() {
            return new DeviceState(connectivity, power, brightness, color, colorTemperatureKelvin, lockState,
                    targetSetpoint, thermostatMode, temperature, observedAt == null ? Instant.now() : observedAt);
        }
    }
}
