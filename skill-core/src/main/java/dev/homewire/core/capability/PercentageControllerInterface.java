package dev.homewire.core.capability;

import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;

/** {@code Alexa.PercentageController}: SetPercentage / AdjustPercentage, property {@code percentage} (0–100). */
public final class PercentageControllerInterface extends PercentSettingInterface {
    public static final String NAMESPACE = "Alexa.PercentageController";

    public PercentageControllerInterface() {
        super(NAMESPACE, Trait.Percentage.class, StateKey.PERCENTAGE, "percentage", "SetPercentage", "AdjustPercentage",
                "percentageDelta", DeviceCommand.SetPercentage::new);
    }
}
