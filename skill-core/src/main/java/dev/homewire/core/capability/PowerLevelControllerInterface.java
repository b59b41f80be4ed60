package dev.homewire.core.capability;

import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;

/** {@code Alexa.PowerLevelController}: SetPowerLevel / AdjustPowerLevel, property {@code powerLevel} (0–100). */
public final class PowerLevelControllerInterface extends PercentSettingInterface {
    public static final String NAMESPACE = "Alexa.PowerLevelController";

    public PowerLevelControllerInterface() {
        super(NAMESPACE, Trait.PowerLevel.class, StateKey.POWER_LEVEL, "powerLevel", "SetPowerLevel", "AdjustPowerLevel",
                "powerLevelDelta", DeviceCommand.SetPowerLevel::new);
    }
}
