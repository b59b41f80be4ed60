package dev.homewire.adapter.spi;

/**
 * An absolute change asked of one device. Relative Alexa directives (AdjustBrightness,
 * Increase/DecreaseColorTemperature) are turned into these by core, from the current state.
 */
public sealed interface DeviceCommand {

    /** The trait the device must have for this command. */
    Trait trait();

    record SetPower(PowerState power) implements DeviceCommand {
        public Trait trait() { return Trait.POWER; }
    }

    record SetBrightness(int brightness) implements DeviceCommand {
        public SetBrightness {
            if (brightness < 0 || brightness > 100) {
                throw new IllegalArgumentException("brightness out of range: " + brightness);
            }
        }
        public Trait trait() { return Trait.BRIGHTNESS; }
    }

    record SetColor(Hsb color) implements DeviceCommand {
        public Trait trait() { return Trait.COLOR; }
    }

    record SetColorTemperature(int kelvin) implements DeviceCommand {
        public Trait trait() { return Trait.COLOR_TEMPERATURE; }
    }
}
