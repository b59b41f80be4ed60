package dev.homewire.adapter.spi;

import java.util.Objects;

/**
 * An absolute change asked of one device. Relative Alexa directives (AdjustBrightness,
 * Increase/DecreaseColorTemperature, AdjustTargetTemperature) are turned into these by core,
 * from the current state.
 *
 * <p>{@link #satisfiedBy} tells when a reported state shows the command took effect: that is how
 * a pending operation of an asynchronous vendor is recognised as done.
 */
public sealed interface DeviceCommand {

    /** The trait the device must have for this command. */
    Trait trait();

    /** Whether the state shows this command applied. */
    boolean satisfiedBy(DeviceState state);

    record SetPower(PowerState power) implements DeviceCommand {
        public SetPower {
            Objects.requireNonNull(power, "power");
        }
        public Trait trait() { return Trait.POWER; }
        public boolean satisfiedBy(DeviceState state) { return state.power() == power; }
    }

    record SetBrightness(int brightness) implements DeviceCommand {
        public SetBrightness {
            if (brightness < 0 || brightness > 100) {
                throw new IllegalArgumentException("brightness out of range: " + brightness);
            }
        }
        public Trait trait() { return Trait.BRIGHTNESS; }
        public boolean satisfiedBy(DeviceState state) { return state.brightness() != null && state.brightness() == brightness; }
    }

    record SetColor(Hsb color) implements DeviceCommand {
        public SetColor {
            Objects.requireNonNull(color, "color");
        }
        public Trait trait() { return Trait.COLOR; }
        public boolean satisfiedBy(DeviceState state) {
            return state.color() != null && Math.abs(state.color().hue() - color.hue()) < 0.5
                    && Math.abs(state.color().saturation() - color.saturation()) < 0.005;
        }
    }

    record SetColorTemperature(int kelvin) implements DeviceCommand {
        public Trait trait() { return Trait.COLOR_TEMPERATURE; }
        public boolean satisfiedBy(DeviceState state) {
            return state.colorTemperatureKelvin() != null && state.colorTemperatureKelvin() == kelvin;
        }
    }

    /** Lock or unlock (never JAMMED). */
    record SetLockState(LockState lockState) implements DeviceCommand {
        public SetLockState {
            if (lockState == null || lockState == LockState.JAMMED) {
                throw new IllegalArgumentException("a lock can be asked to be LOCKED or UNLOCKED");
            }
        }
        public Trait trait() { return Trait.LOCK; }
        public boolean satisfiedBy(DeviceState state) { return state.lockState() == lockState; }
    }

    record SetTargetSetpoint(Temperature setpoint) implements DeviceCommand {
        public SetTargetSetpoint {
            Objects.requireNonNull(setpoint, "setpoint");
        }
        public Trait trait() { return Trait.THERMOSTAT; }
        public boolean satisfiedBy(DeviceState state) { return setpoint.closeTo(state.targetSetpoint()); }
    }

    record SetThermostatMode(ThermostatMode mode) implements DeviceCommand {
        public SetThermostatMode {
            Objects.requireNonNull(mode, "mode");
        }
        public Trait trait() { return Trait.THERMOSTAT; }
        public boolean satisfiedBy(DeviceState state) { return state.thermostatMode() == mode; }
    }
}
