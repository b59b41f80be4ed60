package dev.homewire.adapter.spi;

/**
 * What a command produced besides the device's state, for interfaces whose answer carries more
 * than properties: a camera's streams, a panel's exit delay.
 */
public sealed interface CommandOutput permits CameraStreams.Answer, CommandOutput.ArmOutcome {

    /** A security panel armed: how long people have to leave (0–255 s), or null when the panel does not say. */
    record ArmOutcome(Integer exitDelaySeconds) implements CommandOutput {
        public ArmOutcome {
            if (exitDelaySeconds != null && (exitDelaySeconds < 0 || exitDelaySeconds > 255)) {
                throw new IllegalArgumentException("exit delay " + exitDelaySeconds + " s is outside 0..255");
            }
        }
    }
}
