package dev.homewire.adapter.spi;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A change asked of one device. Core resolves relative Alexa directives (AdjustBrightness,
 * AdjustRangeValue, AdjustTargetTemperature, AdjustBands …) from the current state, so these
 * commands are absolute — except the few whose absolute value only the device knows:
 * {@link AdjustVolumeSteps} (a step speaker has no readable level), {@link SkipChannels} (the
 * channel line-up is the tuner's) and {@link Seek} (the position is the player's).
 *
 * <p>{@link #satisfiedBy} tells when a reported state shows the command took effect: that is how a
 * pending operation of an asynchronous vendor is recognised as done. Commands with no observable
 * state (a transport control, a launch) are satisfied by any state: the vendor accepting them is
 * their outcome.
 */
public sealed interface DeviceCommand {

    /** The kind of trait the device must have for this command. */
    Class<? extends Trait> trait();

    /** For commands on an instance trait, the instance; null otherwise. */
    default String instance() {
        return null;
    }

    /** Whether the state shows this command applied. */
    boolean satisfiedBy(DeviceState state);

    // --- power and light --------------------------------------------------------------------------

    record SetPower(PowerState power) implements DeviceCommand {
        public SetPower {
            Objects.requireNonNull(power, "power");
        }
        public Class<? extends Trait> trait() { return Trait.Power.class; }
        public boolean satisfiedBy(DeviceState state) { return state.power() == power; }
    }

    record SetBrightness(int brightness) implements DeviceCommand {
        public SetBrightness {
            requirePercent("brightness", brightness);
        }
        public Class<? extends Trait> trait() { return Trait.Brightness.class; }
        public boolean satisfiedBy(DeviceState state) { return Objects.equals(state.brightness(), brightness); }
    }

    record SetColor(Hsb color) implements DeviceCommand {
        public SetColor {
            Objects.requireNonNull(color, "color");
        }
        public Class<? extends Trait> trait() { return Trait.Color.class; }
        public boolean satisfiedBy(DeviceState state) {
            return state.color() != null && Math.abs(state.color().hue() - color.hue()) < 0.5
                    && Math.abs(state.color().saturation() - color.saturation()) < 0.005;
        }
    }

    record SetColorTemperature(int kelvin) implements DeviceCommand {
        public Class<? extends Trait> trait() { return Trait.ColorTemperature.class; }
        public boolean satisfiedBy(DeviceState state) { return Objects.equals(state.colorTemperatureKelvin(), kelvin); }
    }

    record SetPowerLevel(int powerLevel) implements DeviceCommand {
        public SetPowerLevel {
            requirePercent("power level", powerLevel);
        }
        public Class<? extends Trait> trait() { return Trait.PowerLevel.class; }
        public boolean satisfiedBy(DeviceState state) { return Objects.equals(state.get(StateKey.POWER_LEVEL), powerLevel); }
    }

    record SetPercentage(int percentage) implements DeviceCommand {
        public SetPercentage {
            requirePercent("percentage", percentage);
        }
        public Class<? extends Trait> trait() { return Trait.Percentage.class; }
        public boolean satisfiedBy(DeviceState state) { return Objects.equals(state.get(StateKey.PERCENTAGE), percentage); }
    }

    // --- locks and climate --------------------------------------------------------------------------

    /** Lock or unlock (never JAMMED). */
    record SetLockState(LockState lockState) implements DeviceCommand {
        public SetLockState {
            if (lockState == null || lockState == LockState.JAMMED) {
                throw new IllegalArgumentException("a lock can be asked to be LOCKED or UNLOCKED");
            }
        }
        public Class<? extends Trait> trait() { return Trait.Lock.class; }
        public boolean satisfiedBy(DeviceState state) { return state.lockState() == lockState; }
    }

    /** One target setpoint. */
    record SetTargetSetpoint(Temperature setpoint) implements DeviceCommand {
        public SetTargetSetpoint {
            Objects.requireNonNull(setpoint, "setpoint");
        }
        public Class<? extends Trait> trait() { return Trait.Thermostat.class; }
        public boolean satisfiedBy(DeviceState state) { return setpoint.closeTo(state.targetSetpoint()); }
    }

    /** A lower and an upper setpoint (dual), and a target between them (triple) or null. */
    record SetSetpointRange(Temperature lower, Temperature upper, Temperature target) implements DeviceCommand {
        public SetSetpointRange {
            Objects.requireNonNull(lower, "lower");
            Objects.requireNonNull(upper, "upper");
            if (lower.toCelsius() > upper.toCelsius()) {
                throw new IllegalArgumentException("the lower setpoint is above the upper one");
            }
        }
        public Class<? extends Trait> trait() { return Trait.Thermostat.class; }
        public boolean satisfiedBy(DeviceState state) {
            return lower.closeTo(state.get(StateKey.LOWER_SETPOINT)) && upper.closeTo(state.get(StateKey.UPPER_SETPOINT))
                    && (target == null || target.closeTo(state.targetSetpoint()));
        }
    }

    record SetThermostatMode(ThermostatMode mode) implements DeviceCommand {
        public SetThermostatMode {
            Objects.requireNonNull(mode, "mode");
        }
        public Class<? extends Trait> trait() { return Trait.Thermostat.class; }
        public boolean satisfiedBy(DeviceState state) { return state.thermostatMode() == mode; }
    }

    // --- instance settings ------------------------------------------------------------------------------

    record SetRangeValue(String instance, double value) implements DeviceCommand {
        public SetRangeValue {
            Objects.requireNonNull(instance, "instance");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("range value must be finite");
            }
        }
        public Class<? extends Trait> trait() { return Trait.Range.class; }
        public boolean satisfiedBy(DeviceState state) {
            Double current = state.get(StateKey.rangeValue(instance));
            return current != null && Math.abs(current - value) < 1e-6;
        }
    }

    record SetMode(String instance, String mode) implements DeviceCommand {
        public SetMode {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(mode, "mode");
        }
        public Class<? extends Trait> trait() { return Trait.Mode.class; }
        public boolean satisfiedBy(DeviceState state) { return mode.equals(state.get(StateKey.mode(instance))); }
    }

    record SetToggle(String instance, boolean on) implements DeviceCommand {
        public SetToggle {
            Objects.requireNonNull(instance, "instance");
        }
        public Class<? extends Trait> trait() { return Trait.Toggle.class; }
        public boolean satisfiedBy(DeviceState state) { return Boolean.valueOf(on).equals(state.get(StateKey.toggle(instance))); }
    }

    // --- scenes, security, appliances -------------------------------------------------------------------

    /** Start ({@code active}) or stop a scene. */
    record SetSceneActive(boolean active) implements DeviceCommand {
        public Class<? extends Trait> trait() { return Trait.Scene.class; }
        public boolean satisfiedBy(DeviceState state) { return Boolean.valueOf(active).equals(state.get(StateKey.SCENE_ACTIVE)); }
    }

    /**
     * Arm a security panel. Arming by voice needs no PIN (Alexa's rule); {@code bypassOpenSensors}
     * asks the panel to arm even with a door or window open.
     */
    record Arm(ArmState armState, boolean bypassOpenSensors) implements DeviceCommand {
        public Arm {
            if (armState == null || armState == ArmState.DISARMED) {
                throw new IllegalArgumentException("arm to ARMED_AWAY, ARMED_STAY or ARMED_NIGHT");
            }
        }
        public Class<? extends Trait> trait() { return Trait.SecurityPanel.class; }
        public boolean satisfiedBy(DeviceState state) { return state.get(StateKey.ARM_STATE) == armState; }
    }

    /** Disarm a security panel with the user's four-digit PIN (null when the panel takes none). Never logged. */
    record Disarm(String pin) implements DeviceCommand {
        private static final Pattern PIN = Pattern.compile("\\d{4}");

        public Disarm {
            if (pin != null && !PIN.matcher(pin).matches()) {
                throw new IllegalArgumentException("a PIN is four digits");
            }
        }
        public Class<? extends Trait> trait() { return Trait.SecurityPanel.class; }
        public boolean satisfiedBy(DeviceState state) { return state.get(StateKey.ARM_STATE) == ArmState.DISARMED; }

        @Override
        public String toString() {
            return "Disarm[pin=" + (pin == null ? "none" : "****") + "]";
        }
    }

    /** Hold the appliance's running program, until the given time if not null. */
    record Hold(Instant until) implements DeviceCommand {
        public Class<? extends Trait> trait() { return Trait.TimeHold.class; }
        public boolean satisfiedBy(DeviceState state) { return Boolean.TRUE.equals(state.get(StateKey.ON_HOLD)); }
    }

    /** Resume a held program. */
    record Resume() implements DeviceCommand {
        public Class<? extends Trait> trait() { return Trait.TimeHold.class; }
        public boolean satisfiedBy(DeviceState state) { return Boolean.FALSE.equals(state.get(StateKey.ON_HOLD)); }
    }

    /** Open camera streams as close as possible to the requests; the answer is a {@link CameraStreams.Answer}. */
    record InitializeCameraStreams(List<CameraStreams.Request> requests) implements DeviceCommand {
        public InitializeCameraStreams {
            requests = List.copyOf(requests == null ? List.of() : requests);
        }
        public Class<? extends Trait> trait() { return Trait.CameraStream.class; }
        public boolean satisfiedBy(DeviceState state) { return true; }
    }

    // --- media --------------------------------------------------------------------------------------

    record SetVolume(int volume) implements DeviceCommand {
        public SetVolume {
            requirePercent("volume", volume);
        }
        public Class<? extends Trait> trait() { return Trait.Speaker.class; }
        public boolean satisfiedBy(DeviceState state) { return Objects.equals(state.get(StateKey.VOLUME), volume); }
    }

    /** Mute or unmute; for a {@link Trait.Speaker} or a {@link Trait.StepSpeaker} (see {@code stepSpeaker}). */
    record SetMute(boolean muted, boolean stepSpeaker) implements DeviceCommand {
        public Class<? extends Trait> trait() { return stepSpeaker ? Trait.StepSpeaker.class : Trait.Speaker.class; }
        public boolean satisfiedBy(DeviceState state) {
            Boolean current = state.get(StateKey.MUTED);
            return stepSpeaker && current == null || Boolean.valueOf(muted).equals(current);
        }
    }

    /** Volume up ({@code steps} &gt; 0) or down by steps on a speaker whose level is not readable. */
    record AdjustVolumeSteps(int steps) implements DeviceCommand {
        public AdjustVolumeSteps {
            if (steps == 0 || Math.abs(steps) > 100) {
                throw new IllegalArgumentException("volume steps must be within -100..100 and not 0");
            }
        }
        public Class<? extends Trait> trait() { return Trait.StepSpeaker.class; }
        public boolean satisfiedBy(DeviceState state) { return true; }
    }

    record Playback(PlaybackOperation operation) implements DeviceCommand {
        public Playback {
            Objects.requireNonNull(operation, "operation");
        }
        public Class<? extends Trait> trait() { return Trait.Playback.class; }
        public boolean satisfiedBy(DeviceState state) {
            PlaybackState current = state.get(StateKey.PLAYBACK_STATE);
            switch (operation) {
                case PLAY:
                    return current == null || current == PlaybackState.PLAYING;
                case PAUSE:
                    return current == null || current == PlaybackState.PAUSED;
                case STOP:
                    return current == null || current == PlaybackState.STOPPED;
                default:
                    return true;
            }
        }
    }

    /** Move the playing position by {@code deltaMillis} (negative: back); the state reports the new position. */
    record Seek(long deltaMillis) implements DeviceCommand {
        public Class<? extends Trait> trait() { return Trait.Seek.class; }
        public boolean satisfiedBy(DeviceState state) { return state.has(StateKey.PLAYBACK_POSITION_MS); }
    }

    record ChangeChannel(ChannelInfo channel) implements DeviceCommand {
        public ChangeChannel {
            Objects.requireNonNull(channel, "channel");
        }
        public Class<? extends Trait> trait() { return Trait.Channel.class; }
        /** The tuned channel has the number asked for, or — asked by name — that name as call sign or affiliate call sign. */
        public boolean satisfiedBy(DeviceState state) {
            ChannelInfo current = state.get(StateKey.CHANNEL);
            if (current == null) {
                return false;
            }
            if (channel.number() != null) {
                return channel.number().equals(current.number());
            }
            String asked = channel.callSign() != null ? channel.callSign() : channel.affiliateCallSign();
            return asked.equalsIgnoreCase(current.callSign()) || asked.equalsIgnoreCase(current.affiliateCallSign());
        }
    }

    /** Move up ({@code count} &gt; 0) or down the tuner's line-up. */
    record SkipChannels(int count) implements DeviceCommand {
        public SkipChannels {
            if (count == 0) {
                throw new IllegalArgumentException("skip at least one channel");
            }
        }
        public Class<? extends Trait> trait() { return Trait.Channel.class; }
        public boolean satisfiedBy(DeviceState state) { return state.has(StateKey.CHANNEL); }
    }

    record SelectInput(String input) implements DeviceCommand {
        public SelectInput {
            Objects.requireNonNull(input, "input");
        }
        public Class<? extends Trait> trait() { return Trait.Input.class; }
        public boolean satisfiedBy(DeviceState state) { return input.equalsIgnoreCase(state.get(StateKey.INPUT)); }
    }

    record Launch(LaunchTarget target) implements DeviceCommand {
        public Launch {
            Objects.requireNonNull(target, "target");
        }
        public Class<? extends Trait> trait() { return Trait.Launcher.class; }
        public boolean satisfiedBy(DeviceState state) {
            LaunchTarget current = state.get(StateKey.LAUNCHED_TARGET);
            return current == null || current.identifier().equals(target.identifier());
        }
    }

    /** Start ({@code recording}) or stop recording. */
    record SetRecording(boolean recording) implements DeviceCommand {
        public Class<? extends Trait> trait() { return Trait.Recording.class; }
        public boolean satisfiedBy(DeviceState state) { return Boolean.valueOf(recording).equals(state.get(StateKey.RECORDING)); }
    }

    /** Set equalizer bands to levels (bands not named keep theirs). */
    record SetEqualizerBands(Map<EqualizerBand, Integer> levels) implements DeviceCommand {
        public SetEqualizerBands {
            if (levels == null || levels.isEmpty()) {
                throw new IllegalArgumentException("set at least one band");
            }
            levels = java.util.Collections.unmodifiableMap(new EnumMap<>(levels));
        }
        public Class<? extends Trait> trait() { return Trait.Equalizer.class; }
        public boolean satisfiedBy(DeviceState state) {
            return levels.entrySet().stream().allMatch(e -> e.getValue().equals(state.get(StateKey.equalizerLevel(e.getKey()))));
        }
    }

    record SetEqualizerMode(EqualizerMode mode) implements DeviceCommand {
        public SetEqualizerMode {
            Objects.requireNonNull(mode, "mode");
        }
        public Class<? extends Trait> trait() { return Trait.Equalizer.class; }
        public boolean satisfiedBy(DeviceState state) { return state.get(StateKey.EQUALIZER_MODE) == mode; }
    }

    private static void requirePercent(String what, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }
}
