package dev.homewire.core.capability;

import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;

/** {@code Alexa.BrightnessController}: SetBrightness / AdjustBrightness, property {@code brightness} (0–100). */
public final class BrightnessControllerInterface extends PercentSettingInterface {
    public static final String NAMESPACE = "Alexa.BrightnessController";

    public BrightnessControllerInterface() {
        super(NAMESPACE, Trait.Brightness.class, StateKey.BRIGHTNESS, "brightness", "SetBrightness", "AdjustBrightness",
                "brightnessDelta", DeviceCommand.SetBrightness::new);
    }
}
