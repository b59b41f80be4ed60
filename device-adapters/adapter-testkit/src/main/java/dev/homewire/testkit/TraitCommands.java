package dev.homewire.testkit;

import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.EqualizerBand;
import dev.homewire.adapter.spi.EqualizerMode;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.LaunchTarget;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PlaybackOperation;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Commands that exercise each trait a device declares, chosen to differ from its current state
 * where the state is known, so a reported state that satisfies them proves the command worked.
 * Sensors, doorbells and other traits without commands contribute none.
 */
final class TraitCommands {
    /** Alexa's catalogue id of Prime Video, a launch target every media cloud is asked to know. */
    static final LaunchTarget PRIME_VIDEO = new LaunchTarget("amzn1.alexa-ask-target.app.72095", "Prime Video");

    private TraitCommands() {
    }

    /**
     * @param pin the four-digit PIN that disarms the account's panels, or null to leave Disarm out
     */
    static List<DeviceCommand> forDevice(Device device, DeviceState current, String pin) {
        List<DeviceCommand> commands = new ArrayList<>();
        for (Trait trait : device.traits()) {
            commands.addAll(forTrait(trait, current, pin));
        }
        return commands;
    }

    private static List<DeviceCommand> forTrait(Trait trait, DeviceState current, String pin) {
        if (trait instanceof Trait.Power) {
            // both ways, ending on: the device's other traits are exercised next and may need it on (a TV)
            return current != null && current.power() == PowerState.ON
                    ? List.of(new DeviceCommand.SetPower(PowerState.OFF), new DeviceCommand.SetPower(PowerState.ON))
                    : List.of(new DeviceCommand.SetPower(PowerState.ON), new DeviceCommand.SetPower(PowerState.OFF),
                            new DeviceCommand.SetPower(PowerState.ON));
        }
        if (trait instanceof Trait.Brightness) {
            return List.of(new DeviceCommand.SetBrightness(other(current, StateKey.BRIGHTNESS)));
        }
        if (trait instanceof Trait.PowerLevel) {
            return List.of(new DeviceCommand.SetPowerLevel(other(current, StateKey.POWER_LEVEL)));
        }
        if (trait instanceof Trait.Percentage) {
            return List.of(new DeviceCommand.SetPercentage(other(current, StateKey.PERCENTAGE)));
        }
        if (trait instanceof Trait.Color) {
            return List.of(new DeviceCommand.SetColor(new Hsb(120.0, 0.5, 1.0)));
        }
        if (trait instanceof Trait.ColorTemperature ct) {
            Device.KelvinRange range = ct.range();
            int mid = (range.minimumKelvin() + range.maximumKelvin()) / 2 / 100 * 100;
            int kelvin = current != null && Objects.equals(current.colorTemperatureKelvin(), mid) ? range.minimumKelvin() : mid;
            return List.of(new DeviceCommand.SetColorTemperature(kelvin));
        }
        if (trait instanceof Trait.Lock) {
            LockState first = current != null && current.lockState() == LockState.LOCKED ? LockState.UNLOCKED : LockState.LOCKED;
            return List.of(new DeviceCommand.SetLockState(first),
                    new DeviceCommand.SetLockState(first == LockState.LOCKED ? LockState.UNLOCKED : LockState.LOCKED));
        }
        if (trait instanceof Trait.Thermostat thermostat) {
            return thermostat(thermostat.profile(), current);
        }
        if (trait instanceof Trait.Range range && !range.readOnly()) {
            double middle = range.minimum() + Math.round((range.maximum() - range.minimum()) / 2 / range.precision()) * range.precision();
            Double now = current == null ? null : current.get(StateKey.rangeValue(range.instance()));
            double value = now != null && Math.abs(now - middle) < 1e-6 ? range.minimum() : middle;
            return List.of(new DeviceCommand.SetRangeValue(range.instance(), value));
        }
        if (trait instanceof Trait.Mode mode && !mode.readOnly()) {
            String now = current == null ? null : current.get(StateKey.mode(mode.instance()));
            String value = mode.values().stream().map(Trait.Mode.ModeValue::value).filter(v -> !v.equals(now)).findFirst()
                    .orElse(mode.values().get(0).value());
            return List.of(new DeviceCommand.SetMode(mode.instance(), value));
        }
        if (trait instanceof Trait.Toggle toggle && !toggle.readOnly()) {
            boolean on = current == null || !Boolean.TRUE.equals(current.get(StateKey.toggle(toggle.instance())));
            return List.of(new DeviceCommand.SetToggle(toggle.instance(), on), new DeviceCommand.SetToggle(toggle.instance(), !on));
        }
        if (trait instanceof Trait.Scene scene) {
            return scene.deactivatable()
                    ? List.of(new DeviceCommand.SetSceneActive(true), new DeviceCommand.SetSceneActive(false))
                    : List.of(new DeviceCommand.SetSceneActive(true));
        }
        if (trait instanceof Trait.SecurityPanel panel) {
            ArmState armed = panel.armStates().stream().filter(s -> s != ArmState.DISARMED).findFirst().orElseThrow();
            List<DeviceCommand> commands = new ArrayList<>();
            commands.add(new DeviceCommand.Arm(armed, true));
            if (!panel.pinToDisarm() || pin != null) {
                commands.add(new DeviceCommand.Disarm(panel.pinToDisarm() ? pin : null));
            }
            return commands;
        }
        if (trait instanceof Trait.CameraStream camera) {
            CameraStreams.Configuration configuration = camera.configurations().get(0);
            return List.of(new DeviceCommand.InitializeCameraStreams(List.of(new CameraStreams.Request(
                    configuration.protocols().iterator().next(), configuration.resolutions().get(0),
                    configuration.authorizations().iterator().next(), configuration.videoCodecs().iterator().next(),
                    configuration.audioCodecs().iterator().next()))));
        }
        if (trait instanceof Trait.TimeHold hold) {
            return hold.remoteResume() ? List.of(new DeviceCommand.Hold(null), new DeviceCommand.Resume())
                    : List.of(new DeviceCommand.Hold(null));
        }
        if (trait instanceof Trait.Speaker) {
            boolean muted = current != null && Boolean.TRUE.equals(current.get(StateKey.MUTED));
            return List.of(new DeviceCommand.SetVolume(other(current, StateKey.VOLUME)), new DeviceCommand.SetMute(!muted, false),
                    new DeviceCommand.SetMute(muted, false));
        }
        if (trait instanceof Trait.StepSpeaker) {
            return List.of(new DeviceCommand.AdjustVolumeSteps(2), new DeviceCommand.AdjustVolumeSteps(-2),
                    new DeviceCommand.SetMute(true, true), new DeviceCommand.SetMute(false, true));
        }
        if (trait instanceof Trait.Playback playback) {
            List<DeviceCommand> commands = new ArrayList<>();
            for (PlaybackOperation operation : playback.operations()) {
                if (operation != PlaybackOperation.PLAY) {
                    commands.add(new DeviceCommand.Playback(operation));
                }
            }
            if (playback.operations().contains(PlaybackOperation.PLAY)) {
                commands.add(new DeviceCommand.Playback(PlaybackOperation.PLAY));
            }
            return commands;
        }
        if (trait instanceof Trait.Seek) {
            return List.of(new DeviceCommand.Seek(10_000));
        }
        if (trait instanceof Trait.Channel) {
            ChannelInfo now = current == null ? null : current.get(StateKey.CHANNEL);
            return now == null ? List.of(new DeviceCommand.SkipChannels(1))
                    : List.of(new DeviceCommand.SkipChannels(1), new DeviceCommand.ChangeChannel(now));
        }
        if (trait instanceof Trait.Input input) {
            String now = current == null ? null : current.get(StateKey.INPUT);
            String name = input.inputs().stream().map(Trait.Input.InputSource::name).filter(n -> !n.equalsIgnoreCase(now))
                    .findFirst().orElse(input.inputs().get(0).name());
            return List.of(new DeviceCommand.SelectInput(name));
        }
        if (trait instanceof Trait.Launcher) {
            return List.of(new DeviceCommand.Launch(PRIME_VIDEO));
        }
        if (trait instanceof Trait.Recording) {
            return List.of(new DeviceCommand.SetRecording(true), new DeviceCommand.SetRecording(false));
        }
        if (trait instanceof Trait.Equalizer equalizer) {
            List<DeviceCommand> commands = new ArrayList<>();
            if (!equalizer.bands().isEmpty()) {
                EqualizerBand band = equalizer.bands().iterator().next();
                Integer now = current == null ? null : current.get(StateKey.equalizerLevel(band));
                int level = now != null && now == equalizer.maximumLevel() ? equalizer.minimumLevel() : equalizer.maximumLevel();
                commands.add(new DeviceCommand.SetEqualizerBands(Map.of(band, level)));
            }
            if (!equalizer.modes().isEmpty()) {
                EqualizerMode now = current == null ? null : current.get(StateKey.EQUALIZER_MODE);
                EqualizerMode mode = equalizer.modes().stream().filter(m -> m != now).findFirst().orElseThrow();
                commands.add(new DeviceCommand.SetEqualizerMode(mode));
            }
            return commands;
        }
        return List.of();
    }

    /** 42, or 58 when the value is 42 already. */
    private static int other(DeviceState current, StateKey<Integer> key) {
        return current != null && Objects.equals(current.get(key), 42) ? 58 : 42;
    }

    private static List<DeviceCommand> thermostat(ThermostatProfile profile, DeviceState current) {
        List<DeviceCommand> commands = new ArrayList<>();
        double min = profile.minimumSetpoint().toCelsius();
        double max = profile.maximumSetpoint().toCelsius();
        double setpoint = Math.round((min + (max - min) * 0.4) * 2) / 2.0;
        if (current != null && current.targetSetpoint() != null && Temperature.celsius(setpoint).closeTo(current.targetSetpoint())) {
            setpoint = Math.min(max, setpoint + 1);
        }
        ThermostatMode firstMode = null;
        for (ThermostatMode mode : profile.supportedModes()) {
            if (mode != ThermostatMode.OFF && mode != ThermostatMode.AUTO && (current == null || current.thermostatMode() != mode)) {
                firstMode = mode;
                break;
            }
        }
        if (current != null && current.thermostatMode() == ThermostatMode.OFF && firstMode != null) {
            commands.add(new DeviceCommand.SetThermostatMode(firstMode)); // an OFF thermostat takes no setpoint
            firstMode = null;
        }
        commands.add(new DeviceCommand.SetTargetSetpoint(Temperature.celsius(setpoint)));
        if (firstMode != null) {
            commands.add(new DeviceCommand.SetThermostatMode(firstMode));
        }
        if (profile.dual()) {
            if (profile.supportedModes().contains(ThermostatMode.AUTO)) {
                commands.add(new DeviceCommand.SetThermostatMode(ThermostatMode.AUTO));
            }
            double gap = Math.max(profile.minimumDeltaCelsius(), 2);
            double lower = Math.round((min + (max - min) * 0.3) * 2) / 2.0;
            double upper = Math.min(max, Math.max(lower + gap, Math.round((min + (max - min) * 0.7) * 2) / 2.0));
            Temperature target = profile.setpoints() == ThermostatProfile.Setpoints.TRIPLE
                    ? Temperature.celsius(Math.round((lower + upper)) / 2.0) : null;
            commands.add(new DeviceCommand.SetSetpointRange(Temperature.celsius(lower), Temperature.celsius(upper), target));
        }
        return commands;
    }

    /** A value beyond what the device accepts, for devices that have a range; null otherwise. */
    static DeviceCommand outOfRange(Device device) {
        var thermostat = device.trait(Trait.Thermostat.class);
        if (thermostat.isPresent()) {
            return new DeviceCommand.SetTargetSetpoint(Temperature.celsius(thermostat.get().profile().maximumSetpoint().toCelsius() + 15));
        }
        var colorTemperature = device.trait(Trait.ColorTemperature.class);
        if (colorTemperature.isPresent()) {
            return new DeviceCommand.SetColorTemperature(colorTemperature.get().range().maximumKelvin() + 2000);
        }
        for (Trait.Range range : device.traits(Trait.Range.class)) {
            if (!range.readOnly()) {
                return new DeviceCommand.SetRangeValue(range.instance(), range.maximum() + (range.maximum() - range.minimum()));
            }
        }
        var equalizer = device.trait(Trait.Equalizer.class);
        if (equalizer.isPresent() && !equalizer.get().bands().isEmpty()) {
            return new DeviceCommand.SetEqualizerBands(Map.of(equalizer.get().bands().iterator().next(),
                    equalizer.get().maximumLevel() + 5));
        }
        return null;
    }
}
