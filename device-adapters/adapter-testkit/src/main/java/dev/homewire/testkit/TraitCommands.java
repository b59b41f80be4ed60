package dev.homewire.testkit;

import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands that exercise each trait a device declares, chosen to differ from its current state
 * where the state is known, so a reported state that satisfies them proves the command worked.
 */
final class TraitCommands {
    private TraitCommands() {
    }

    static List<DeviceCommand> forDevice(Device device, DeviceState current) {
        List<DeviceCommand> commands = new ArrayList<>();
        for (Trait trait : device.traits()) {
            switch (trait) {
                case POWER:
                    PowerState power = current != null && current.power() == PowerState.ON ? PowerState.OFF : PowerState.ON;
                    commands.add(new DeviceCommand.SetPower(power));
                    commands.add(new DeviceCommand.SetPower(power == PowerState.ON ? PowerState.OFF : PowerState.ON));
                    break;
                case BRIGHTNESS:
                    int brightness = current != null && current.brightness() != null && current.brightness() == 42 ? 58 : 42;
                    commands.add(new DeviceCommand.SetBrightness(brightness));
                    break;
                case COLOR:
                    commands.add(new DeviceCommand.SetColor(new Hsb(120.0, 0.5, 1.0)));
                    break;
                case COLOR_TEMPERATURE: {
                    Device.KelvinRange range = device.colorTemperatureRange();
                    int mid = (range.minimumKelvin() + range.maximumKelvin()) / 2 / 100 * 100;
                    int kelvin = current != null && current.colorTemperatureKelvin() != null
                            && current.colorTemperatureKelvin() == mid ? range.minimumKelvin() : mid;
                    commands.add(new DeviceCommand.SetColorTemperature(kelvin));
                    break;
                }
                case LOCK: {
                    LockState first = current != null && current.lockState() == LockState.LOCKED ? LockState.UNLOCKED : LockState.LOCKED;
                    commands.add(new DeviceCommand.SetLockState(first));
                    commands.add(new DeviceCommand.SetLockState(first == LockState.LOCKED ? LockState.UNLOCKED : LockState.LOCKED));
                    break;
                }
                case THERMOSTAT: {
                    ThermostatProfile profile = device.thermostat();
                    double min = profile.minimumSetpoint().toCelsius();
                    double max = profile.maximumSetpoint().toCelsius();
                    double setpoint = Math.round((min + (max - min) * 0.4) * 2) / 2.0;
                    if (current != null && current.targetSetpoint() != null
                            && Temperature.celsius(setpoint).closeTo(current.targetSetpoint())) {
                        setpoint = Math.min(max, setpoint + 1);
                    }
                    commands.add(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(setpoint)));
                    for (ThermostatMode mode : profile.supportedModes()) {
                        if (mode != ThermostatMode.OFF && (current == null || current.thermostatMode() != mode)) {
                            commands.add(new DeviceCommand.SetThermostatMode(mode));
                            break;
                        }
                    }
                    break;
                }
                default:
                    break;
            }
        }
        return commands;
    }

    /** A value beyond what the device accepts, for devices that have a range; null otherwise. */
    static DeviceCommand outOfRange(Device device) {
        if (device.has(Trait.THERMOSTAT)) {
            return new DeviceCommand.SetTargetSetpoint(Temperature.celsius(device.thermostat().maximumSetpoint().toCelsius() + 15));
        }
        if (device.has(Trait.COLOR_TEMPERATURE)) {
            return new DeviceCommand.SetColorTemperature(device.colorTemperatureRange().maximumKelvin() + 2000);
        }
        return null;
    }
}
